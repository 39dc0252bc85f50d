import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/contract/errors';
import { retryAfterSeconds } from '../../../electron/connectors/http';
import { withRetry } from '../../../electron/services/positions/resilience';

describe('Retry-After', () => {
  it('reads seconds and HTTP dates (RFC 9110), and nothing else', () => {
    const now = Date.parse('2025-06-15T08:00:00Z');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Sun, 15 Jun 2025 08:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Sun, 15 Jun 2025 07:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeNull();
    expect(retryAfterSeconds(undefined, now)).toBeNull();
    expect(retryAfterSeconds('-5', now)).toBeNull();
  });

  it('beyond the cap the call ends at once with how long to wait; within it, it is waited and retried', async () => {
    let calls = 0;
    const limited = (s: number) => () => {
      calls++;
      throw new AppError('BACKEND_UNAVAILABLE', {
        reason: 'RATE_LIMITED',
        status: 429,
        retryAfterSeconds: s,
      });
    };
    await expect(
      withRetry({ timeoutMs: 1000, retries: 3, retryAfterCapSeconds: 5 }, limited(60)),
    ).rejects.toMatchObject({
      details: { reason: 'RATE_LIMITED', retryAfterSeconds: 60, beyondCap: true },
    });
    expect(calls).toBe(1);
    calls = 0;
    let first = true;
    const once = async () => {
      calls++;
      if (first) {
        first = false;
        calls--; // limited() counts the call too
        limited(0)();
      }
      return 'ok';
    };
    await expect(withRetry({ timeoutMs: 1000, retries: 1, retryAfterCapSeconds: 5 }, once)).resolves.toBe(
      'ok',
    );
    expect(calls).toBe(2);
  });
});
