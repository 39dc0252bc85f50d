import { AppError } from '../../../core/contract/errors';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Stops hammering a backend that is down: after `threshold` consecutive failures calls fail at once for
 * `coolDownMs`, then one trial call decides. An answer the desk could not use because of its content
 * (BACKEND_MALFORMED) counts too; a NOT_FOUND does not.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private state_: CircuitState = 'closed';

  constructor(
    private readonly threshold = 3,
    private readonly coolDownMs = 30_000,
    private readonly clock: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.state_ === 'open' && this.clock() - this.openedAt >= this.coolDownMs) this.state_ = 'half-open';
    return this.state_;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.state === 'open')
      throw new AppError('BACKEND_UNAVAILABLE', {
        reason: 'CIRCUIT_OPEN',
        retryInMs: this.coolDownMs - (this.clock() - this.openedAt),
      });
    try {
      const v = await fn();
      this.failures = 0;
      this.state_ = 'closed';
      return v;
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') {
        this.failures++;
        if (this.state_ === 'half-open' || this.failures >= this.threshold) {
          this.state_ = 'open';
          this.openedAt = this.clock();
        }
      }
      throw err;
    }
  }
}

/** Worth another try: the network, a busy or failing server, a deadline. Not: auth refused, bad data. */
export function isTransient(err: unknown): boolean {
  return (
    err instanceof AppError &&
    (err.code === 'BACKEND_TIMEOUT' ||
      (err.code === 'BACKEND_UNAVAILABLE' && err.details?.['reason'] !== 'CIRCUIT_OPEN'))
  );
}

export interface RetryPolicy {
  /** One request. */
  readonly timeoutMs: number;
  readonly retries: number;
  readonly baseDelayMs?: number;
  /** One listing (all its pages); defaults to 60 s. */
  readonly listingTimeoutMs?: number;
  readonly maxPages?: number;
  readonly maxResponseBytes?: number;
  /** Retry-After waited up to this many seconds; beyond, the call fails at once saying how long to wait. */
  readonly retryAfterCapSeconds?: number;
}

export const DEFAULT_LISTING_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_PAGES = 200;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_RETRY_AFTER_CAP_SECONDS = 10;

/** The Retry-After a 429 carried, in seconds; NaN when none. */
export const retryAfterOf = (err: unknown): number =>
  err instanceof AppError && typeof err.details?.['retryAfterSeconds'] === 'number'
    ? err.details['retryAfterSeconds']
    : NaN;

/**
 * Each attempt gets its own deadline (and ends with `outer`, the listing's); transient failures are retried
 * with exponential backoff and jitter, anything else fails at once. A 429's Retry-After is honoured up to the
 * policy's cap; beyond the cap the call fails at once as RATE_LIMITED with `retryAfterSeconds`, so the clerk
 * is told when to try again instead of the desk hammering a backend that asked for a pause.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (signal: AbortSignal) => Promise<T>,
  outer?: AbortSignal,
): Promise<T> {
  const base = policy.baseDelayMs ?? 200;
  const cap = policy.retryAfterCapSeconds ?? DEFAULT_RETRY_AFTER_CAP_SECONDS;
  for (let i = 0; ; i++) {
    const own = AbortSignal.timeout(policy.timeoutMs);
    try {
      if (outer?.aborted) throw listingTimeout();
      return await attempt(outer ? AbortSignal.any([outer, own]) : own);
    } catch (err) {
      if (outer?.aborted) throw listingTimeout(err);
      const retryAfter = retryAfterOf(err);
      if (Number.isFinite(retryAfter) && retryAfter > cap) {
        throw new AppError(
          'BACKEND_UNAVAILABLE',
          {
            reason: 'RATE_LIMITED',
            status: (err as AppError).details?.['status'],
            retryAfterSeconds: retryAfter,
            beyondCap: true,
          },
          { cause: err },
        );
      }
      if (i >= policy.retries || !isTransient(err)) throw err;
      const delay = Number.isFinite(retryAfter)
        ? retryAfter * 1000
        : base * 2 ** i * (0.75 + Math.random() * 0.5);
      await sleep(delay, outer);
    }
  }
}

const listingTimeout = (cause?: unknown) =>
  new AppError('BACKEND_TIMEOUT', { reason: 'LISTING_TIMEOUT' }, cause ? { cause } : undefined);

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
