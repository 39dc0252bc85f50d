import type { Logger } from '../log';
import { crlProblemIt, crlProblemOf, downloadCrl, type CrlDownloaded, type CrlProblem } from './crl-download';

/** After a failed download: try again sooner than the regular period, but do not hammer the server. */
const RETRY_MS = 10 * 60_000;

export interface CrlState {
  readonly url: string;
  readonly file: string;
  readonly lastOkAt: string | null;
  readonly last: CrlDownloaded | null;
  readonly problem: CrlProblem | null;
}

/**
 * Keeps the CRL file the device process checks revocation against fresh from a URL (`smartcard.crlUrl`):
 * at start, every `refreshMs`, sooner after a failure, and as soon as the downloaded CRL's nextUpdate has
 * passed. Offline, the last good file stays; once it is past its nextUpdate, revocation reads `unknown`.
 */
export class CrlRefresher {
  private timer: NodeJS.Timeout | null = null;
  private active = false;
  private running: Promise<void> | null = null;
  private state: CrlState;

  constructor(
    private readonly opts: {
      url: string;
      file: string;
      refreshMs: number;
      log: Logger;
      now: () => Date;
      /** After each download, whatever its outcome. */
      onChange?: (s: CrlState) => void;
    },
  ) {
    this.state = { url: opts.url, file: opts.file, lastOkAt: null, last: null, problem: null };
  }

  start(): void {
    this.active = true;
    void this.refresh();
  }

  stop(): void {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get current(): CrlState {
    return this.state;
  }

  /** One download now (one at a time); the next is scheduled from its outcome. */
  refresh(): Promise<void> {
    this.running ??= this.download().finally(() => (this.running = null));
    return this.running;
  }

  private async download(): Promise<void> {
    const { url, file, log, now } = this.opts;
    let nextInMs = this.opts.refreshMs;
    try {
      const got = await downloadCrl({ url, file });
      this.state = { ...this.state, lastOkAt: now().toISOString(), last: got, problem: null };
      log.info('CRL downloaded', { url, bytes: got.bytes, revoked: got.revoked });
      if (got.nextUpdate) {
        const untilNext = got.nextUpdate.getTime() - now().getTime();
        nextInMs = Math.min(nextInMs, Math.max(RETRY_MS, untilNext));
      }
    } catch (err) {
      const problem = crlProblemOf(err);
      this.state = { ...this.state, problem };
      log.warn('CRL download failed', {
        url,
        reason: problem,
        message: crlProblemIt(problem),
        error: String(err),
      });
      nextInMs = Math.min(nextInMs, RETRY_MS);
    }
    this.opts.onChange?.(this.state);
    if (this.active) this.schedule(nextInMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
    this.timer.unref?.();
  }
}
