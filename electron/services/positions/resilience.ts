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
  readonly timeoutMs: number;
  readonly retries: number;
  readonly baseDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Each attempt gets its own deadline; transient failures are retried with exponential backoff and jitter
 * (honouring a 429's Retry-After when it is short), anything else fails at once.
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const base = policy.baseDelayMs ?? 200;
  for (let i = 0; ; i++) {
    try {
      return await attempt(AbortSignal.timeout(policy.timeoutMs));
    } catch (err) {
      if (i >= policy.retries || !isTransient(err)) throw err;
      const retryAfter = err instanceof AppError ? Number(err.details?.['retryAfterSeconds']) : NaN;
      const delay = Number.isFinite(retryAfter) && retryAfter <= 5 ? retryAfter * 1000 : base * 2 ** i;
      await sleep(delay * (0.75 + Math.random() * 0.5));
    }
  }
}
