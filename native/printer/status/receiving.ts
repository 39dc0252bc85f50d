import type { AppError } from '../../../core/contract/errors';

/**
 * What the confirmation (confirm.ts) needs of a link to a printer that answers: write with a deadline, read
 * what came back, wait for an answer with a deadline. A TCP connection (channel.ts) or a bidirectional device
 * file (serial, USB printer class: device-channel.ts).
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
 * The receiving half both channels share: the printer's answers as they arrive, and waits that end at the
 * first answer, at the peer's going away, or at the deadline. A subclass feeds it (`arrived`, `ended`) and
 * writes its own way.
 */
export abstract class ReceivingChannel implements StatusChannel {
  private rx = Buffer.alloc(0);
  private gone = false;
  private wake: (() => void) | null = null;
  /** Why the link ended, when it ended in error: the next write reports it. */
  protected failure: AppError | null = null;
  written = 0;

  abstract write(bytes: Uint8Array, timeoutMs: number): Promise<void>;
  abstract close(): void;

  protected arrived(data: Buffer): void {
    this.rx = Buffer.concat([this.rx, data]);
    this.notify();
  }

  protected ended(failure: AppError | null = null): void {
    if (failure) this.failure ??= failure;
    this.gone = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  get received(): Buffer {
    return this.rx;
  }

  get isClosed(): boolean {
    return this.gone;
  }

  /** Drops the first `n` received bytes (answers already read). */
  consume(n: number): void {
    this.rx = this.rx.subarray(n);
  }

  async until(ready: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ready() && !this.gone) {
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
}
