/**
 * When a module whose slot events stopped working is asked for them again. Its waits fail while the smart card
 * service is gone: pcscd restarted by the IT staff or by an update, Windows' SCardSvr, which stops with the last
 * reader unplugged and starts again with the next one. The desk polls meanwhile, at up to forty times the idle
 * CPU (bench/smartcard-idle-opensc.bench.ts), so it must not stay polled until the next restart; a service
 * that stays away must not cost a new thread every few seconds either.
 */

/** The first retry: a restarted service is usually back within this. */
export const EVENTS_RETRY_FIRST_MS = 10_000;
/** Retries back off, doubling, up to this. */
export const EVENTS_RETRY_MAX_MS = 300_000;

export class SlotEventRetry {
  private attempts = 0;
  private timer: NodeJS.Timeout | null = null;
  private readyAt: number | null = null;

  /** The events work again; after EVENTS_RETRY_MAX_MS of that, a new failure starts the backoff over. */
  ready(now = Date.now()): void {
    this.readyAt = now;
  }

  /** Calls `retry` after the next delay of the backoff, replacing any call pending; returns that delay. */
  schedule(retry: () => void, now = Date.now()): number {
    if (this.readyAt !== null && now - this.readyAt >= EVENTS_RETRY_MAX_MS) this.attempts = 0;
    this.readyAt = null;
    const delay = Math.min(EVENTS_RETRY_FIRST_MS * 2 ** this.attempts, EVENTS_RETRY_MAX_MS);
    if (delay < EVENTS_RETRY_MAX_MS) this.attempts++;
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      retry();
    }, delay);
    // A pending retry must not keep a finished process alive.
    this.timer.unref?.();
    return delay;
  }

  get pending(): boolean {
    return this.timer !== null;
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
