import type { ConnectorKind } from '../../core/contract/domains/positions';
import type { PositionDraft } from '../../core/positions/payability';

/** What every call to a backend gets: a deadline (the signal) and the day, for date windows. */
export interface CallContext {
  readonly signal: AbortSignal;
  /** YYYY-MM-DD, local calendar day at the desk. */
  readonly today: string;
  /** ISO instant, stamped on what is read as `fetchedAt`. */
  readonly now: string;
}

/**
 * A backend the desk can ask about one citizen or one notice. Every answer is validated at the boundary and
 * mapped to the model; failures are AppErrors (BACKEND_UNAVAILABLE, BACKEND_TIMEOUT, BACKEND_REJECTED,
 * BACKEND_MALFORMED, NOT_FOUND) with `details.reason`.
 */
export interface LiveConnector {
  readonly kind: ConnectorKind;
  byFiscalCode(canonical: string, ctx: CallContext): Promise<PositionDraft[]>;
  /** Empty when the backend knows no such notice. */
  byNotice(nav: string, ecFiscalCode: string | null, ctx: CallContext): Promise<PositionDraft[]>;
  /** Cheapest authenticated call, for the doctor and the status bar. */
  probe(ctx: CallContext): Promise<void>;
  /** The backend's official A4 notice (GovPay `avvisi`), where the backend has one. */
  noticePdf?(ecFiscalCode: string, nav: string, ctx: CallContext): Promise<Buffer>;
}

/** One page of a bulk sync window (GPD). */
export interface SyncPage {
  readonly positions: PositionDraft[];
  readonly totalPages: number;
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
