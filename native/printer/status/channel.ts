import { connect, type Socket } from 'node:net';
import { transportError } from './errors';
import { ReceivingChannel } from './receiving';

export type { StatusChannel } from './receiving';

/**
 * A TCP connection to a printer kept open both ways: the job goes out, the printer's answers come back and
 * are read as they arrive. Every wait has a deadline; none sleeps longer than needed.
 */
export class PrinterChannel extends ReceivingChannel {
  private constructor(private readonly sock: Socket) {
    super();
    sock.on('data', (d: Buffer) => this.arrived(d));
    sock.on('end', () => this.ended());
    sock.on('close', () => this.ended());
    sock.on('error', (err: NodeJS.ErrnoException) =>
      this.ended(transportError('RESET', { errno: err.code ?? null, phase: 'status' }, err)),
    );
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

  /** Writes and waits until the OS took every byte, or fails with WRITE_TIMEOUT. */
  write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.isClosed) return reject(this.failure ?? transportError('RESET', { phase: 'closed-early' }));
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

  close(): void {
    this.sock.destroy();
  }
}
