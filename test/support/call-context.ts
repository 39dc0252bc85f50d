import type { RefusedItem } from '../../core/contract/domains/positions';
import type { CallContext } from '../../electron/connectors/types';
import { withRetry, type RetryPolicy } from '../../electron/services/positions/resilience';

/**
 * A connector's call context as the desk builds it (call-context.ts), for tests that drive a connector
 * directly: the refused items and their raw values are kept for the test to look at.
 */
export function testCallContext(
  over: Partial<RetryPolicy> & { today?: string; now?: string } = {},
): CallContext & { refused: { item: RefusedItem; raw: unknown }[] } {
  const policy: RetryPolicy = { timeoutMs: 3000, retries: 0, ...over };
  const signal = AbortSignal.timeout(policy.listingTimeoutMs ?? 60_000);
  const refused: { item: RefusedItem; raw: unknown }[] = [];
  return {
    signal,
    today: over.today ?? '2025-06-15',
    now: over.now ?? '2025-06-15T08:00:00.000Z',
    limits: { maxPages: policy.maxPages ?? 200, maxResponseBytes: policy.maxResponseBytes ?? 1 << 24 },
    request: (fn) => withRetry(policy, fn, signal),
    onRefused: (item, raw) => refused.push({ item, raw }),
    refused,
  };
}
