import { connect, type Socket } from 'node:net';
import type { AppError } from '../../../core/contract/errors';
import { transportError } from './errors';

/**
 * What the confirmation (confirm.ts) needs of a link to a printer that answers: write with a deadline, read
 * what came back, wait for an answer with a deadline. A TCP connection (PrinterChannel, below) or a
 * bidirectional device file (serial, USB printer class: device-channel.ts).
 */
export interface StatusChannel {
  write(bytes: Uint8Array, timeoutMs: number): Promise<void>;
  /** The bytes received so far (not yet consumed). */
  readonly received: Buffer;
  /** The peer went away (TCP closed, device unplugged): no answer will come any more. */
  readonly isClosed: boolean;
  consume(n: number): void;
  /** Waits until `ready()`, the peer closes, or the deadline passes; resolves in every case. */
  until(ready: () => boolean, timeoutMs: number): Promise<void>;
  close(): void;
}

/**
 * A TCP connection to a printer kept open both ways: the job goes out, the printer's answers come back and
 * are read as they arrive. Every wait has a deadline; none sleeps longer than needed.
 */
export class PrinterChannel implements StatusChannel {
  private rx = Buffer.alloc(0);
  private closed = false;
  private failure: AppError | null = null;
  private wake: (() => void) | null = null;
  written = 0;

  private constructor(private readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.rx = Buffer.concat([this.rx, d]);
      this.notify();
    });
    sock.on('end', () => {
      this.closed = true;
      this.notify();
    });
    sock.on('close', () => {
      this.closed = true;
      this.notify();
    });
    sock.on('error', (err: NodeJS.ErrnoException) => {
      this.failure ??= transportError('RESET', { errno: err.code ?? null, phase: 'status' }, err);
      this.closed = true;
      this.notify();
    });
  }

  static open(host: string, port: number, timeoutMs: number): Promise<PrinterChannel> {
    return new Promise((resolve, reject) => {
      const sock = connect({ host, port, allowHalfOpen: true });
      const timer = setTimeout(() => {
        sock.destroy();
        reject(transportError('CONNECT_TIMEOUT', { timeoutMs }));
      }, timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        resolve(new PrinterChannel(sock));
      });
      sock.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        const refused = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'];
        reject(
          transportError(
            refused.includes(err.code ?? '') ? 'REFUSED' : 'IO',
            { errno: err.code ?? null, phase: 'connect' },
            err,
          ),
        );
      });
    });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Writes and waits until the OS took every byte, or fails with WRITE_TIMEOUT. */
  write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(this.failure ?? transportError('RESET', { phase: 'closed-early' }));
      const timer = setTimeout(
        () => reject(transportError('WRITE_TIMEOUT', { timeoutMs, sent: this.sock.bytesWritten })),
        timeoutMs,
      );
      this.sock.write(bytes, (err) => {
        clearTimeout(timer);
        if (err) reject(this.failure ?? transportError('RESET', { phase: 'write' }, err));
        else {
          this.written += bytes.length;
          resolve();
        }
      });
    });
  }

  /** The bytes received so far. */
  get received(): Buffer {
    return this.rx;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Drops the first `n` received bytes (answers already read). */
  consume(n: number): void {
    this.rx = this.rx.subarray(n);
  }

  /**
   * Waits until `ready()` says so, the peer closes, or the deadline passes; resolves in every case (the
   * caller reads what it has).
   */
  async until(ready: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready() && !this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = null;
          resolve();
        }, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  close(): void {
    this.sock.destroy();
  }
}
