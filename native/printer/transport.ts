import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { AppError, type ErrorCode } from '../../core/contract/errors';
import { checkDevicePath, DeviceRefused, openDevice } from './device-path';
import { confirmOn, sendConfirmed, type StatusFamily } from './status/confirm';
import { DeviceChannel } from './status/device-channel';
import { makeRaw } from './tty-mode';

/**
 * Why a job did not reach the printer. Each maps to a contract error code; the reason travels in
 * `details.reason` to the journal and the clerk's sentence.
 */
export type TransportFailure =
  | 'REFUSED'
  | 'CONNECT_TIMEOUT'
  /** The printer stopped reading: the bytes could not all be handed over in time. */
  | 'WRITE_TIMEOUT'
  /** Every byte was handed to the OS but the printer never closed the connection: it may or may not print. */
  | 'UNCONFIRMED'
  | 'RESET'
  | 'NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'IO'
  | 'DRIVER_MISSING'
  | 'BAD_URI'
  /** A path interface that is not a printer device (a file, a directory, a FIFO…): nothing is written. */
  | 'NOT_A_DEVICE';

const CODE: Readonly<Record<TransportFailure, ErrorCode>> = {
  REFUSED: 'PRINTER_UNREACHABLE',
  CONNECT_TIMEOUT: 'PRINTER_TIMEOUT',
  WRITE_TIMEOUT: 'PRINTER_TIMEOUT',
  UNCONFIRMED: 'PRINTER_TIMEOUT',
  RESET: 'PRINT_FAILED',
  NOT_FOUND: 'PRINTER_UNREACHABLE',
  ACCESS_DENIED: 'PRINTER_UNREACHABLE',
  IO: 'PRINT_FAILED',
  DRIVER_MISSING: 'PRINTER_UNREACHABLE',
  BAD_URI: 'INVALID_INPUT',
  NOT_A_DEVICE: 'INVALID_INPUT',
};

export const transportError = (
  reason: TransportFailure,
  extra: Record<string, unknown> = {},
  cause?: unknown,
) => new AppError(CODE[reason], { reason, ...extra }, cause === undefined ? undefined : { cause });

export interface SendResult {
  /** Bytes handed to the printer connection or device. "Sent", never "printed". */
  readonly bytes: number;
  readonly ms: number;
  /** The printer confirmed the job done (only with `confirm: 'status'`). */
  readonly printed?: boolean;
}

export type ProbeState = 'ready' | 'unreachable' | 'offline' | 'unknown';
export interface ProbeResult {
  readonly state: ProbeState;
  readonly detail: string | null;
}

export interface Transport {
  readonly uri: string;
  send(bytes: Uint8Array): Promise<SendResult>;
  probe(): Promise<ProbeResult>;
}

export interface TransportOptions {
  /** Connect, idle and confirmation timeout. */
  readonly timeoutMs: number;
  /**
   * `peer-close` (default): over TCP, a job is sent once the printer has read to the end and closed its side,
   * as raw port-9100 printers do. `flushed`: once the bytes are handed to the OS (for printers that keep the
   * connection open).
   */
  readonly confirm?: 'peer-close' | 'flushed' | 'status';
  /** Whose status answers to read with `confirm: 'status'`. */
  readonly family?: StatusFamily;
  /** Module name of an optional spooler driver for `printer:NAME` (e.g. `@thiagoelg/node-printer`). */
  readonly spoolerDriver?: string | null;
}

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

  /** Connects, asks for the real-time printer status (`DLE EOT 1`) and reads one byte if one comes. */
  probe(): Promise<ProbeResult> {
    const timeoutMs = Math.min(this.options.timeoutMs, 2000);
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
        () => end({ state: 'unreachable', detail: `nessuna risposta in ${timeoutMs} ms` }),
        timeoutMs,
      );
      sock.on('connect', () => {
        clearTimeout(timer);
        sock.write(Buffer.from([0x10, 0x04, 0x01]));
        setTimeout(() => end({ state: 'ready', detail: 'raggiungibile (stato non riportato)' }), 300);
      });
      sock.on('data', (d: Buffer) => {
        const status = d[0] ?? 0;
        // Bit 3 of the printer status byte: off-line. Models differ: reported, never relied upon.
        end(
          (status & 0x08) !== 0
            ? { state: 'offline', detail: 'la stampante si dichiara fuori linea' }
            : { state: 'ready', detail: 'in linea' },
        );
      });
      sock.on('error', (err: NodeJS.ErrnoException) =>
        end({ state: 'unreachable', detail: err.code ?? 'errore' }),
      );
    });
  }
}

/**
 * A device file (`/dev/usb/lp0`, `/dev/ttyUSB0`) or a Windows shared printer path (`//host/Share`). Never
 * created if missing. A serial line is set raw first (tty-mode.ts). With `confirm: 'status'` the device is
 * opened read-write and the printer is asked about the job as over TCP (status/device-channel.ts).
 */
class DeviceTransport implements Transport {
  constructor(
    readonly uri: string,
    private readonly options: TransportOptions,
  ) {}

  async send(bytes: Uint8Array): Promise<SendResult> {
    const started = performance.now();
    const status = this.options.confirm === 'status';
    let handle;
    try {
      handle = await openDevice(this.uri, process.platform, status ? 'read-write' : 'write');
    } catch (err) {
      throw this.fsFailure(err);
    }
    const mode = await makeRaw(handle, this.uri);
    if (mode.kind === 'failed') {
      await handle.close().catch(() => undefined);
      throw transportError('IO', { phase: 'tty-mode', detail: mode.detail });
    }
    if (status)
      return confirmOn(
        new DeviceChannel(handle),
        bytes,
        this.options.family ?? 'epson',
        this.options.timeoutMs,
        started,
      );
    let timer: NodeJS.Timeout | undefined;
    try {
      // A write to a stuck device cannot be cancelled; the job is reported failed at the timeout and the
      // handle is closed when the write returns, so it can never be reported sent twice.
      await Promise.race([
        handle.write(bytes),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(transportError('WRITE_TIMEOUT', { timeoutMs: this.options.timeoutMs })),
            this.options.timeoutMs,
          );
        }),
      ]);
      return { bytes: bytes.length, ms: performance.now() - started };
    } catch (err) {
      throw err instanceof AppError ? err : this.fsFailure(err);
    } finally {
      clearTimeout(timer);
      void handle.close().catch(() => undefined);
    }
  }

  private fsFailure(err: unknown): AppError {
    if (err instanceof DeviceRefused)
      return transportError('NOT_A_DEVICE', { field: 'interface', refusal: err.reason, kind: err.kind });
    const code = (err as NodeJS.ErrnoException).code;
    const reason: TransportFailure =
      code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV'
        ? 'NOT_FOUND'
        : code === 'EACCES' || code === 'EPERM'
          ? 'ACCESS_DENIED'
          : 'IO';
    return transportError(reason, { errno: code ?? null }, err);
  }

  async probe(): Promise<ProbeResult> {
    try {
      // Says nothing of whether a path that is not a printer device is writable.
      await checkDevicePath(this.uri);
      await access(this.uri, constants.W_OK);
      return { state: 'ready', detail: 'dispositivo presente e scrivibile' };
    } catch (err) {
      if (err instanceof DeviceRefused)
        return { state: 'unreachable', detail: 'non è un dispositivo di stampa' };
      return { state: 'unreachable', detail: (err as NodeJS.ErrnoException).code ?? 'non accessibile' };
    }
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
        ? { state: 'ready', detail: 'coda di stampa presente' }
        : { state: 'unknown', detail: 'coda di stampa' };
    } catch {
      return { state: 'unreachable', detail: 'driver di stampa non installato' };
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
