import { connect, type Socket } from 'node:net';
import type { AppError } from '../../core/contract/errors';
import { DeviceTransport } from './device-transport';
import { PrinterChannel } from './status/channel';
import { sendConfirmed } from './status/confirm';
import { askCondition } from './status/probe';
import {
  PROBE_ANSWER_MS,
  transportError,
  type ProbeResult,
  type SendResult,
  type Transport,
  type TransportFailure,
  type TransportOptions,
} from './transport-types';

export * from './transport-types';

const TCP = /^tcp:\/\/([^/:]+)(?::(\d{1,5}))?\/?$/i;
const SPOOLER = /^printer:(.+)$/i;

function socketFailure(err: NodeJS.ErrnoException): TransportFailure {
  switch (err.code) {
    case 'ECONNREFUSED':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'REFUSED';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'RESET';
    default:
      return 'IO';
  }
}

class TcpTransport implements Transport {
  constructor(
    readonly uri: string,
    private readonly host: string,
    private readonly port: number,
    private readonly options: TransportOptions,
  ) {}

  send(bytes: Uint8Array): Promise<SendResult> {
    const started = performance.now();
    const { timeoutMs } = this.options;
    const confirm = this.options.confirm ?? 'peer-close';
    if (confirm === 'status')
      return sendConfirmed(this.host, this.port, bytes, this.options.family ?? 'epson', timeoutMs);
    return new Promise<SendResult>((resolve, reject) => {
      let settled = false;
      let connected = false;
      let flushed = false;
      const sock: Socket = connect({ host: this.host, port: this.port, allowHalfOpen: true });
      const finish = (err: AppError | null) => {
        if (settled) return;
        settled = true;
        clearTimeout(connectTimer);
        sock.destroy();
        if (err) reject(err);
        else resolve({ bytes: bytes.length, ms: performance.now() - started });
      };
      const connectTimer = setTimeout(
        () => finish(transportError('CONNECT_TIMEOUT', { timeoutMs })),
        timeoutMs,
      );
      sock.on('connect', () => {
        connected = true;
        clearTimeout(connectTimer);
        // Idle timeout from here on: a printer that stops reading stalls the write, one that never closes
        // stalls the confirmation.
        sock.setTimeout(timeoutMs);
        sock.write(bytes, (err) => {
          if (err) return;
          flushed = true;
          if (confirm === 'flushed') finish(null);
          else sock.end();
        });
      });
      // Status bytes a printer may volunteer are read and dropped, so that its FIN can arrive.
      sock.on('data', () => undefined);
      sock.on('end', () => {
        if (flushed) finish(null);
        else finish(transportError('RESET', { phase: 'closed-early', sent: sock.bytesWritten }));
      });
      sock.on('timeout', () =>
        finish(
          transportError(flushed ? 'UNCONFIRMED' : 'WRITE_TIMEOUT', { timeoutMs, sent: sock.bytesWritten }),
        ),
      );
      sock.on('error', (err: NodeJS.ErrnoException) =>
        finish(
          transportError(
            socketFailure(err),
            { errno: err.code ?? null, phase: connected ? 'write' : 'connect', sent: sock.bytesWritten },
            err,
          ),
        ),
      );
    });
  }

  /**
   * With `confirm: 'status'`, asks the printer its condition as a confirmed job does (status/probe.ts).
   * Otherwise connects, sends `DLE EOT 1` and reads one byte if one comes, as before: reported, never relied
   * upon.
   */
  probe(): Promise<ProbeResult> {
    const timeoutMs = Math.min(this.options.timeoutMs, PROBE_ANSWER_MS);
    if (this.options.confirm === 'status')
      return askCondition(
        () => PrinterChannel.open(this.host, this.port, timeoutMs),
        this.options.family ?? 'epson',
        timeoutMs,
      );
    return new Promise((resolve) => {
      const sock = connect({ host: this.host, port: this.port });
      let done = false;
      const end = (r: ProbeResult) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        sock.destroy();
        resolve(r);
      };
      const timer = setTimeout(
        () => end({ state: 'unreachable', reason: 'CONNECT_TIMEOUT', asked: false }),
        timeoutMs,
      );
      sock.on('connect', () => {
        clearTimeout(timer);
        sock.write(Buffer.from([0x10, 0x04, 0x01]));
        setTimeout(() => end({ state: 'ready', reason: 'REACHABLE', asked: false }), 300);
      });
      sock.on('data', (d: Buffer) => {
        const status = d[0] ?? 0;
        // Bit 3 of the printer status byte: off-line. Models differ: reported, never relied upon.
        end(
          (status & 0x08) !== 0
            ? { state: 'offline', reason: 'OFFLINE', asked: false }
            : { state: 'ready', reason: 'ONLINE', asked: false },
        );
      });
      sock.on('error', (err: NodeJS.ErrnoException) =>
        end({ state: 'unreachable', reason: 'UNREACHABLE', asked: false, errno: err.code ?? null }),
      );
    });
  }
}

interface SpoolerDriver {
  printDirect(o: {
    data: Buffer;
    printer: string;
    type: 'RAW';
    success: () => void;
    error: (e: unknown) => void;
  }): void;
  getPrinter?(name: string): unknown;
}

/**
 * The OS spooler through an optional native driver module, loaded only when a `printer:NAME` interface is
 * configured. Such modules ship native binaries that must be rebuilt for Electron; none is a dependency.
 */
class SpoolerTransport implements Transport {
  constructor(
    readonly uri: string,
    private readonly name: string,
    private readonly options: TransportOptions,
  ) {}

  private async driver(): Promise<SpoolerDriver> {
    const id = this.options.spoolerDriver;
    if (!id) throw transportError('DRIVER_MISSING', { driver: null });
    try {
      const mod = (await import(id)) as { default?: SpoolerDriver } & SpoolerDriver;
      return mod.default ?? mod;
    } catch (err) {
      throw transportError('DRIVER_MISSING', { driver: id }, err);
    }
  }

  async send(bytes: Uint8Array): Promise<SendResult> {
    const started = performance.now();
    const driver = await this.driver();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(transportError('WRITE_TIMEOUT', { timeoutMs: this.options.timeoutMs })),
        this.options.timeoutMs,
      );
      driver.printDirect({
        data: Buffer.from(bytes),
        printer: this.name,
        type: 'RAW',
        success: () => {
          clearTimeout(timer);
          resolve();
        },
        error: (e) => {
          clearTimeout(timer);
          reject(transportError('IO', { spooler: String(e) }, e));
        },
      });
    });
    return { bytes: bytes.length, ms: performance.now() - started };
  }

  async probe(): Promise<ProbeResult> {
    try {
      const d = await this.driver();
      return d.getPrinter?.(this.name)
        ? { state: 'ready', reason: 'QUEUE_PRESENT', asked: false }
        : { state: 'unknown', reason: 'QUEUE_UNKNOWN', asked: false };
    } catch {
      return { state: 'unreachable', reason: 'DRIVER_MISSING', asked: false };
    }
  }
}

/** `tcp://host[:port]` (default 9100), `printer:NAME` (spooler, optional driver), anything else a device path. */
export function openTransport(uri: string, options: TransportOptions): Transport {
  const tcp = TCP.exec(uri);
  if (tcp) {
    const port = tcp[2] ? Number(tcp[2]) : 9100;
    if (port < 1 || port > 65535) throw transportError('BAD_URI', { uri });
    return new TcpTransport(uri, tcp[1] ?? '', port, options);
  }
  const spooler = SPOOLER.exec(uri);
  if (spooler) return new SpoolerTransport(uri, spooler[1] ?? '', options);
  if (uri.trim().length === 0 || /^[a-z]+:\/\//i.test(uri)) throw transportError('BAD_URI', { uri });
  return new DeviceTransport(uri, options);
}
