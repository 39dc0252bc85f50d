import type { ConnectorKind, PartialAnswer, RefusedItem } from '../../core/contract/domains/positions';
import type { PositionDraft } from '../../core/positions/payability';

/** The limits of one listing, from the connector's configuration. */
export interface ListingLimits {
  readonly maxPages: number;
  readonly maxResponseBytes: number;
}

/**
 * What every call to a backend gets: the listing's deadline (the signal), the day for date windows, the
 * limits, and `request`, which runs one HTTP exchange under the per-request deadline and retry policy.
 */
export interface CallContext {
  /** Aborts when the whole listing is out of time. */
  readonly signal: AbortSignal;
  /** YYYY-MM-DD, local calendar day at the desk. */
  readonly today: string;
  /** ISO instant, stamped on what is read as `fetchedAt`. */
  readonly now: string;
  readonly limits: ListingLimits;
  /** One request: its own deadline (ending with the listing's), retries, Retry-After up to the cap. */
  request<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Told of every item refused, with the raw value the backend sent: the log keeps it. */
  onRefused(item: RefusedItem, raw: unknown): void;
}

/**
 * A live answer. `partial` null means complete: every page read, every item mapped, no incomplete flag; only
 * such an answer may replace what the cache holds for the citizen.
 */
export interface LiveAnswer {
  readonly positions: PositionDraft[];
  readonly partial: PartialAnswer | null;
}

/**
 * A backend the desk can ask about one citizen or one notice. Every answer is validated at the boundary and
 * mapped to the model; failures are AppErrors (BACKEND_UNAVAILABLE, BACKEND_TIMEOUT, BACKEND_REJECTED,
 * BACKEND_MALFORMED, NOT_FOUND) with `details.reason`.
 */
export interface LiveConnector {
  readonly kind: ConnectorKind;
  /** Everything the backend holds for this exact fiscal code (never folded), or a partial answer saying why not. */
  byFiscalCode(fiscalCode: string, ctx: CallContext): Promise<LiveAnswer>;
  /** Empty when the backend knows no such notice. */
  byNotice(nav: string, ecFiscalCode: string | null, ctx: CallContext): Promise<LiveAnswer>;
  /** Cheapest authenticated call, for the doctor and the status bar. */
  probe(ctx: CallContext): Promise<void>;
  /** The backend's official A4 notice (GovPay `avvisi`), where the backend has one. */
  noticePdf?(ecFiscalCode: string, nav: string, ctx: CallContext): Promise<Buffer>;
}

/** One page of a bulk sync window (GPD). */
export interface SyncPage {
  readonly positions: PositionDraft[];
  readonly totalPages: number;
  /** Items of this page the desk refused; null when every one was mapped. */
  readonly partial: PartialAnswer | null;
}

export interface SyncWindow {
  readonly from: string;
  readonly to: string;
  /** Which date the window filters on: due dates (a full pass) or payment dates (an incremental pass). */
  readonly by: 'due' | 'payment';
}

export interface SyncConnector {
  readonly kind: ConnectorKind;
  readonly windowDays: number;
  /** Days before and after today that a pass covers (by due date). */
  readonly horizon: { readonly pastDays: number; readonly futureDays: number };
  page(window: SyncWindow, page: number, ctx: CallContext): Promise<SyncPage>;
  probe(ctx: CallContext): Promise<void>;
}
