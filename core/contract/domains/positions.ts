import { z } from 'zod';
import { boundedText, cents, isoDate, isoInstant } from '../common';
import { event, method } from '../define';
import { ERROR_CODES } from '../errors';

/**
 * The one normalised model every connector (GovPay, MyPay, GPD, file, demo) maps its backend to, and that the
 * notice composer prints from. Amounts are integer cents; dates are calendar dates.
 */
export const creditorSchema = z.strictObject({
  /** 11-digit fiscal code of the ente creditore. */
  fiscalCode: z.string().regex(/^\d{11}$/),
  name: z.string().max(140),
  ipaCode: z.string().max(64).nullable(),
  cbill: z.string().max(16).nullable(),
  sector: z.string().max(140).nullable(),
  info: z.string().max(280).nullable(),
});
export type Creditor = z.infer<typeof creditorSchema>;

export const debtorSchema = z.strictObject({
  /**
   * The fiscal code exactly as issued. An omocodic variant is a different person (the Agenzia delle Entrate
   * issues it to tell apart someone whose base code would collide), so it is never folded. `ANONIMO`: pagoPA's
   * anonymous payer (a fee created at the desk without a payer).
   */
  fiscalCode: z.union([z.string().min(11).max(16), z.literal('ANONIMO')]),
  kind: z.enum(['F', 'G']),
  name: z.string().max(140).nullable(),
});
export type Debtor = z.infer<typeof debtorSchema>;

export const optionStatusSchema = z.enum([
  'unpaid',
  'paid',
  'partially-paid',
  'expired',
  'cancelled',
  'unknown',
]);
export type OptionStatus = z.infer<typeof optionStatusSchema>;
export const notPayableReasonSchema = z.enum([
  'PAID',
  'EXPIRED',
  'CANCELLED',
  'POSITION_NOT_PAYABLE',
  'CONFLICT_INSTALMENT_PAID',
  'CONFLICT_SINGLE_PAID',
  'UNKNOWN_STATUS',
]);
export type NotPayableReason = z.infer<typeof notPayableReasonSchema>;

export const paymentOptionSchema = z.strictObject({
  id: z.string().max(200),
  nav: z.string().regex(/^\d{18}$/),
  iuv: z.string().regex(/^[0-9A-Za-z]{1,35}$/),
  amount: cents,
  dueDate: isoDate.nullable(),
  kind: z.enum(['single', 'instalment']),
  /** Number of instalments in the plan this option belongs to (1 for a single payment). */
  planSize: z.number().int().min(1),
  /** 1-based instalment number; null for a single payment. */
  index: z.number().int().min(1).nullable(),
  status: optionStatusSchema,
  backendStatus: z.string().max(64).nullable(),
  payable: z.boolean(),
  /** Why not payable; PAID and EXPIRED may still be printed with an explicit override (core/positions). */
  notPayableReason: notPayableReasonSchema.nullable(),
  description: z.string().max(280).nullable(),
});
export type PaymentOption = z.infer<typeof paymentOptionSchema>;

export const positionStatusSchema = z.enum([
  'payable',
  'partially-paid',
  'paid',
  'expired',
  'cancelled',
  'invalid',
  'unknown',
]);
export type PositionStatus = z.infer<typeof positionStatusSchema>;

export const connectorKindSchema = z.enum(['demo', 'file', 'govpay', 'mypay', 'gpd']);
export type ConnectorKind = z.infer<typeof connectorKindSchema>;

export const positionSchema = z.strictObject({
  /** Stable key: `<connector>:<backend id>`. */
  id: z.string().max(300),
  connector: connectorKindSchema,
  backendId: z.string().max(200),
  creditor: creditorSchema,
  debtor: debtorSchema,
  subject: z.string().max(280),
  status: positionStatusSchema,
  backendStatus: z.string().max(64).nullable(),
  options: z.array(paymentOptionSchema).max(200),
  /** When these data were read from the backend (or imported). */
  fetchedAt: isoInstant,
});
export type Position = z.infer<typeof positionSchema>;

// ---- lookups ------------------------------------------------------------------------------------------------

export const contractErrorSchema = z.strictObject({
  code: z.enum(ERROR_CODES),
  details: z.record(z.string(), z.unknown()).optional(),
});

export const totalsSchema = z.strictObject({
  /** Sum of the options payable now (a plan's next instalment and every single payment that can be paid). */
  payableNow: cents,
  payableCount: z.number().int().min(0),
  optionCount: z.number().int().min(0),
});
export type Totals = z.infer<typeof totalsSchema>;

/**
 * Why a live answer is not the whole truth. `ITEMS_REFUSED`: items the desk could not map (bad amount, no
 * valid notice number, another debtor…), listed in `refused`; `BACKEND_INCOMPLETE`: the backend itself said
 * its list is incomplete; `PAGE_LIMIT` / `LISTING_TIMEOUT` / `SIZE_LIMIT`: a configured limit ended the
 * listing before its last page; `RATE_LIMITED`: the backend asked to wait longer than the configured cap;
 * `PAGE_FAILED`: a later page failed after retries (the first pages were read).
 */
export const partialReasonSchema = z.enum([
  'ITEMS_REFUSED',
  'BACKEND_INCOMPLETE',
  'PAGE_LIMIT',
  'LISTING_TIMEOUT',
  'SIZE_LIMIT',
  'RATE_LIMITED',
  'PAGE_FAILED',
]);
export type PartialReason = z.infer<typeof partialReasonSchema>;

/** One item of a backend answer the desk refused, named with the backend's own identifiers. */
export const refusedItemSchema = z.strictObject({
  /** The backend's id of the item (GovPay idA2A/idPendenza, MyPay IUV, GPD iupd), as far as it was readable. */
  backendId: z.string().max(200),
  /** The notice number as the backend sent it, when it sent one. */
  nav: z.string().max(40).nullable(),
  /** AMOUNT, ZERO_AMOUNT, NAV, SCHEMA, CREDITOR, DEBTOR_MISMATCH. */
  reason: z.string().max(40),
  /** The field at fault, when known. */
  field: z.string().max(80).nullable(),
});
export type RefusedItem = z.infer<typeof refusedItemSchema>;

export const partialAnswerSchema = z.strictObject({
  reasons: z.array(partialReasonSchema).min(1),
  /** The first 100 refused items; `refusedCount` says how many there were. */
  refused: z.array(refusedItemSchema).max(100),
  refusedCount: z.number().int().min(0),
  /** Pages read, and pages the backend said it had (null when it did not say). */
  pagesRead: z.number().int().min(0).nullable(),
  pagesTotal: z.number().int().min(0).nullable(),
  /** With RATE_LIMITED: what the backend asked to wait, in seconds. */
  retryAfterSeconds: z.number().min(0).nullable(),
  /** The error that ended the listing early (PAGE_FAILED, LISTING_TIMEOUT, SIZE_LIMIT, RATE_LIMITED). */
  error: contractErrorSchema.nullable(),
});
export type PartialAnswer = z.infer<typeof partialAnswerSchema>;

/**
 * What the desk knows about one query. `source: 'cache'` with `refreshing: true` is the normal first answer;
 * the fresh one follows as a `positions.updated` event. `error` says why a refresh failed, while the cached
 * positions stay on screen.
 */
export const positionsResultSchema = z.strictObject({
  query: z.union([
    z.strictObject({ fiscalCode: z.string() }),
    z.strictObject({ nav: z.string(), ecFiscalCode: z.string().nullable() }),
  ]),
  positions: z.array(positionSchema),
  source: z.enum(['cache', 'live']),
  /** Oldest `fetchedAt` among what is shown, or the last sync of a cache-only backend; null when nothing. */
  dataAsOf: isoInstant.nullable(),
  stale: z.boolean(),
  refreshing: z.boolean(),
  connector: connectorKindSchema,
  error: contractErrorSchema.nullable(),
  /**
   * Not null when the live answer was partial ("risposta parziale"): what it could not show and why. The
   * positions shown are then what was mapped plus what the cache held, since nothing the backend may still
   * hold was deleted.
   */
  partial: partialAnswerSchema.nullable(),
  totals: totalsSchema,
});
export type PositionsResult = z.infer<typeof positionsResultSchema>;

const fiscalCodeInput = z.strictObject({ fiscalCode: boundedText(32) });

/**
 * `full`: every position of the due-date horizon, window by window. `payments`: only positions with a payment
 * since the last pass (by payment date), which keeps paid notices from being printed again at a fraction of
 * the requests; new positions wait for the next full pass.
 */
export const syncPassSchema = z.enum(['full', 'payments']);
export type SyncPass = z.infer<typeof syncPassSchema>;

export const syncStateSchema = z.strictObject({
  connector: connectorKindSchema,
  state: z.enum(['idle', 'running', 'failed', 'not-applicable']),
  /** Position of the pass in progress; null when no pass is in progress. */
  cursor: z
    .strictObject({ windowFrom: isoDate, page: z.number().int().min(0), pass: syncPassSchema })
    .nullable(),
  /** The last pass of either kind. */
  lastCompletedAt: isoInstant.nullable(),
  /** The last full pass: new positions reach the cache only through one. */
  lastFullAt: isoInstant.nullable(),
  positionsSeen: z.number().int().min(0),
  requests: z.number().int().min(0),
  error: contractErrorSchema.nullable(),
  /** Items of the current or last pass the desk refused (kept in the cache as they were): never silent. */
  partial: partialAnswerSchema.nullable(),
});
export type SyncState = z.infer<typeof syncStateSchema>;

export const syncProgressSchema = z.strictObject({
  connector: connectorKindSchema,
  phase: z.enum(['started', 'page', 'done', 'failed']),
  pass: syncPassSchema,
  windowFrom: isoDate.nullable(),
  windowTo: isoDate.nullable(),
  /** Share of the pass's windows done, 0…1. */
  fraction: z.number().min(0).max(1),
  positionsSeen: z.number().int().min(0),
  error: contractErrorSchema.nullable(),
});
export type SyncProgress = z.infer<typeof syncProgressSchema>;

export const backendInfoSchema = z.strictObject({
  connector: connectorKindSchema,
  state: z.enum(['demo', 'online', 'offline', 'degraded', 'unknown']),
  dataAsOf: isoInstant.nullable(),
  /** Whether the backend can be asked about one citizen (GovPay, MyPay) or only synced/imported (GPD, file). */
  liveLookup: z.boolean(),
  circuit: z.enum(['closed', 'open', 'half-open']),
  lastError: contractErrorSchema.nullable(),
});
export type BackendInfo = z.infer<typeof backendInfoSchema>;

export const positionsMethods = {
  /** Cache first, at once; a live refresh follows as `positions.updated` when the backend can be searched. */
  'positions.list': method(fiscalCodeInput, positionsResultSchema),
  /** Waits for the live answer (bounded by the connector timeout); on failure answers the cache with `error`. */
  'positions.refresh': method(fiscalCodeInput, positionsResultSchema),
  /** Anonymous lookup by notice number, as the municipal portal allows; the EC fiscal code when ambiguous. */
  'positions.byNotice': method(
    z.strictObject({ nav: boundedText(40), ecFiscalCode: boundedText(16).optional() }),
    positionsResultSchema,
  ),
  /** `full`: a full pass from the start, even if an incremental one would do or a pass was interrupted. */
  'sync.run': method(z.strictObject({ full: z.boolean().optional() }).optional(), syncStateSchema),
  'sync.status': method(z.strictObject({}).optional(), syncStateSchema),
  'backend.status': method(z.strictObject({}).optional(), backendInfoSchema),
};

export const positionsEvents = {
  'positions.updated': event(positionsResultSchema),
  'sync.progress': event(syncProgressSchema),
  'backend.changed': event(backendInfoSchema),
};
