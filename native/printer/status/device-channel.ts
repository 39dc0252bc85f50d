import type { FileHandle } from 'node:fs/promises';
import { transportError } from './errors';
import { ReceivingChannel } from './receiving';

/**
 * A bidirectional device file (serial port, USB printer class `/dev/usb/lp*`) opened read-write and
 * non-blocking (device-path.ts `openDevice(…, 'read-write')`). libuv gives no readiness events for device
 * files, so the answers are read by a short poll while the channel is open; a read or write that finds
 * nothing to do returns at once, so no thread is ever stuck on a silent printer and every wait has a
 * deadline.
 */
const POLL_MS = 10;
const AGAIN = new Set(['EAGAIN', 'EWOULDBLOCK']);
/** A printer streaming status faster than it is read cannot hold the channel's opening forever. */
const STALE_MAX = 64 * 1024;

export class DeviceChannel extends ReceivingChannel {
  private stopping = false;
  private sleeper: (() => void) | null = null;

  /** Settles once the bytes that were waiting before the channel opened have been read and dropped. */
  private readonly drained: Promise<void>;
  private drainedNow: () => void = () => undefined;

  constructor(private readonly handle: FileHandle) {
    super();
    this.drained = new Promise((resolve) => (this.drainedNow = resolve));
    void this.pump().finally(() => {
      this.drainedNow();
      void handle.close().catch(() => undefined);
    });
  }

  /**
   * A serial line keeps what the printer sent while nobody read it (an answer that came after an earlier
   * deadline, Automatic Status Back blocks, a bridge's chatter): read now, it would be taken for the answer
   * to the next request. Nothing is written before those bytes are dropped, so none of them can be the reply.
   */
  private async dropStale(buf: Buffer): Promise<void> {
    for (let dropped = 0; dropped < STALE_MAX && !this.stopping;) {
      try {
        const n = (await this.handle.read(buf, 0, buf.length, null)).bytesRead;
        if (n === 0) return;
        dropped += n;
      } catch {
        return; // EAGAIN: nothing more waiting (any other error is met again by the pump)
      }
    }
  }

  private async pump(): Promise<void> {
    const buf = Buffer.alloc(512);
    await this.dropStale(buf);
    this.drainedNow();
    while (!this.stopping) {
      let n = 0;
      try {
        n = (await this.handle.read(buf, 0, buf.length, null)).bytesRead;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? '';
        if (!AGAIN.has(code)) {
          // EIO / ENODEV: the printer was unplugged or the bridge's other end went away.
          this.ended(transportError('RESET', { errno: code || null, phase: 'status' }, err));
          return;
        }
      }
      if (n > 0)
        this.arrived(buf.subarray(0, n)); // copied by the concat
      else await this.pause();
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

  /** Writes every byte, waiting while the device's buffer is full, or fails with WRITE_TIMEOUT. */
  async write(bytes: Uint8Array, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.drained;
    let off = 0;
    while (off < bytes.length) {
      if (this.isClosed) throw this.failure ?? transportError('RESET', { phase: 'closed-early' });
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

  /** Stops reading; the descriptor is closed once the read in flight returns. */
  close(): void {
    this.stopping = true;
    this.sleeper?.();
  }
}
