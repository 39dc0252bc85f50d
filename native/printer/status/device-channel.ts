import type { FileHandle } from 'node:fs/promises';
import type { AppError } from '../../../core/contract/errors';
import type { StatusChannel } from './channel';
import { transportError } from './errors';

/**
 * A bidirectional device file (serial port, USB printer class `/dev/usb/lp*`) opened read-write and
 * non-blocking (device-path.ts `openDevice(…, 'read-write')`). libuv gives no readiness events for device
 * files, so the answers are read by a short poll while the channel is open; a read or write that finds
 * nothing to do returns at once, so no thread is ever stuck on a silent printer and every wait has a
 * deadline.
 */
const POLL_MS = 10;
const AGAIN = new Set(['EAGAIN', 'EWOULDBLOCK']);

export class DeviceChannel implements StatusChannel {
  private rx = Buffer.alloc(0);
  private closed = false;
  private stopping = false;
  private failure: AppError | null = null;
  private wake: (() => void) | null = null;
  private sleeper: (() => void) | null = null;
  written = 0;

  constructor(private readonly handle: FileHandle) {
    void this.pump().finally(() => void handle.close().catch(() => undefined));
  }

  private async pump(): Promise<void> {
    const buf = Buffer.alloc(512);
    while (!this.stopping) {
      let n = 0;
      try {
        n = (await this.handle.read(buf, 0, buf.length, null)).bytesRead;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (!AGAIN.has(code)) {
          // EIO / ENODEV: the printer was unplugged or the bridge's other end went away.
          this.failure ??= transportError('RESET', { errno: code || null, phase: 'status' }, err);
          this.closed = true;
          this.notify();
          return;
        }
      }
      if (n > 0) {
        this.rx = Buffer.concat([this.rx, buf.subarray(0, n)]);
        this.notify();
      } else await this.pause();
    }
  }

  private pause(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleeper = null;
        resolve();
      }, POLL_MS);
      this.sleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Writes every byte, waiting while the device's buffer is full, or fails with WRITE_TIMEOUT. */
  async write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let off = 0;
    while (off < bytes.length) {
      if (this.closed) throw this.failure ?? transportError('RESET', { phase: 'closed-early' });
      try {
        off += (await this.handle.write(bytes, off, bytes.length - off, null)).bytesWritten;
        continue;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (!AGAIN.has(code))
          throw transportError('IO', { errno: code || null, phase: 'write', sent: this.written + off }, err);
      }
      // A serial line at 9600 baud drains about 1 KB a second: wait for room, up to the deadline.
      if (Date.now() >= deadline)
        throw transportError('WRITE_TIMEOUT', { timeoutMs, sent: this.written + off });
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    this.written += bytes.length;
  }

  get received(): Buffer {
    return this.rx;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  consume(n: number): void {
    this.rx = this.rx.subarray(n);
  }

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

  /** Stops reading; the descriptor is closed once the read in flight returns. */
  close(): void {
    this.stopping = true;
    this.sleeper?.();
  }
}
