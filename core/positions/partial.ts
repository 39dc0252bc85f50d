import type { ContractError } from '../contract/errors';
import type { PartialAnswer, PartialReason, RefusedItem } from '../contract/domains/positions';

const MAX_LISTED = 100;

/**
 * Collects what makes a backend answer less than the whole truth while it is read: items refused, a limit
 * reached, an incomplete flag. `answer()` is null only when nothing of the kind happened, which is the one
 * case where the answer may replace what the cache holds.
 */
export class PartialCollector {
  private readonly reasons = new Set<PartialReason>();
  private readonly refused: RefusedItem[] = [];
  private refusedCount = 0;
  private pagesRead: number | null = null;
  private pagesTotal: number | null = null;
  private retryAfterSeconds: number | null = null;
  private error: ContractError | null = null;

  constructor(private readonly onRefused: (item: RefusedItem, raw: unknown) => void = () => {}) {}

  refuse(item: RefusedItem, raw: unknown): void {
    this.reasons.add('ITEMS_REFUSED');
    this.refusedCount++;
    if (this.refused.length < MAX_LISTED) this.refused.push(item);
    this.onRefused(item, raw);
  }

  /** The listing ended before its end for `reason`; `error` is what ended it. */
  stop(reason: PartialReason, error: ContractError | null = null, retryAfterSeconds?: number): void {
    this.reasons.add(reason);
    if (error && !this.error) this.error = error;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }

  pages(read: number, total: number | null): void {
    this.pagesRead = read;
    this.pagesTotal = total;
  }

  get complete(): boolean {
    return this.reasons.size === 0;
  }

  answer(): PartialAnswer | null {
    if (this.reasons.size === 0) return null;
    return {
      reasons: [...this.reasons],
      refused: [...this.refused],
      refusedCount: this.refusedCount,
      pagesRead: this.pagesRead,
      pagesTotal: this.pagesTotal,
      retryAfterSeconds: this.retryAfterSeconds,
      error: this.error,
    };
  }
}

/** Two partial answers (or none) as one: a sync pass adds its pages' answers together. */
export function mergePartial(a: PartialAnswer | null, b: PartialAnswer | null): PartialAnswer | null {
  if (!a) return b;
  if (!b) return a;
  return {
    reasons: [...new Set([...a.reasons, ...b.reasons])],
    refused: [...a.refused, ...b.refused].slice(0, MAX_LISTED),
    refusedCount: a.refusedCount + b.refusedCount,
    pagesRead: b.pagesRead ?? a.pagesRead,
    pagesTotal: b.pagesTotal ?? a.pagesTotal,
    retryAfterSeconds: b.retryAfterSeconds ?? a.retryAfterSeconds,
    error: a.error ?? b.error,
  };
}
