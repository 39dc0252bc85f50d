import { z } from 'zod';
import { event, method } from '../define';
import { boundedText, isoInstant, noInput } from '../common';

/**
 * Notices and printing. A print request is one journal job with an idempotency key: the same key never
 * prints twice, a reprint is asked for explicitly and recorded as such. A job reaches `sent` when the
 * printer took the bytes; the desk never claims a slip was printed.
 */
const optionIds = z.array(boundedText(200).min(1)).min(1).max(24);
const printerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/);

/**
 * A supervisor's forced selection of expired or already-paid options (a copy for the citizen, a due date the
 * creditor extended): only a supervisor may ask for it, and the desk audits who, which options and why.
 */
export const forceSchema = z.strictObject({
  /** Why, in the supervisor's words: kept in the audit log. */
  reason: z
    .string()
    .trim()
    .min(3)
    .max(200)
    .regex(/^[^\p{Cc}]+$/u),
  /**
   * A supervisor's approval given at this desk (`operator.approve`) while a clerk holds it: the supervisor vouches
   * with their own password for these options, without taking the desk over (the citizen stays).
   */
  approval: z.string().uuid().optional(),
});
export type ForceSelection = z.infer<typeof forceSchema>;

export const printerFamilySchema = z.enum(['epson', 'star', 'custom', 'preview']);

export const printJobStateSchema = z.enum(['queued', 'sent', 'failed']);

export const printJobSchema = z.strictObject({
  id: z.number().int(),
  idempotencyKey: z.string(),
  printerId: z.string(),
  kind: z.enum(['notice', 'test']),
  optionIds: z.array(z.string()),
  navs: z.array(z.string()),
  state: printJobStateSchema,
  attempts: z.number().int(),
  /** Stable reason of the last failure (`REFUSED`, `CONNECT_TIMEOUT`, `UNCONFIRMED`…), null when none. */
  lastError: z.string().nullable(),
  lastErrorCode: z.string().nullable(),
  reprint: z.boolean(),
  /** The job this one reprints, when it is a reprint. */
  reprintOf: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
  /**
   * A sent job the printer confirmed: asked after the job (printers with `confirm: "status"`), it answered
   * that it processed all of it with paper and no error. False for transports that cannot answer.
   */
  printed: z.boolean(),
  /** Expired or paid options printed as a supervisor's forced selection (issue 17): said wherever the job is. */
  forced: z.boolean(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
});
export type PrintJob = z.infer<typeof printJobSchema>;

export const printerViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  family: printerFamilySchema,
  width: z.union([z.literal(58), z.literal(80)]),
  /** Where bytes go (tcp://…, a device path, printer:NAME); null for the preview printer. */
  interface: z.string().nullable(),
  isDefault: z.boolean(),
});
export type PrinterView = z.infer<typeof printerViewSchema>;

export const printerStatusSchema = z.strictObject({
  printerId: z.string(),
  state: z.enum(['preview', 'ready', 'offline', 'unreachable', 'unknown']),
  /**
   * Why, as a stable code (native/printer/status/probe.ts `ProbeReason`: READY, PAPER_END, COVER_OPEN,
   * NO_STATUS, NOT_A_PRINTER, WRITABLE…); absent for the preview printer.
   */
  reason: z.string().max(40).optional(),
  /** Whether the printer itself was asked its status (`confirm: "status"`), or only the way to it checked. */
  asked: z.boolean().optional(),
  detail: z.string().nullable(),
  checkedAt: isoInstant,
});

export const noticeWarningSchema = z.strictObject({
  field: z.string(),
  limit: z.number().int(),
  length: z.number().int(),
});

export const previewSchema = z.strictObject({
  printerId: z.string(),
  width: z.union([z.literal(58), z.literal(80)]),
  /** The slip at 203 dpi as `data:image/png;base64,…`. */
  image: z.string(),
  imageWidth: z.number().int(),
  imageHeight: z.number().int(),
  /** The slip's text, line by line, for screen readers and copy. */
  text: z.array(z.string()),
  navs: z.array(z.string()),
  warnings: z.array(noticeWarningSchema),
  /** Options of this request that already have a sent job: printing again needs `reprint`. */
  alreadySent: z.array(z.number().int()),
});

export const noticesMethods = {
  'notices.preview': method(
    z.strictObject({ optionIds, printerId: printerId.optional(), force: forceSchema.optional() }),
    previewSchema,
  ),
  'notices.print': method(
    z.strictObject({
      optionIds,
      printerId: printerId.optional(),
      reprint: z.boolean().default(false),
      /** One per clerk action (e.g. a UUID): a repeated request with the same key returns the same job. */
      idempotency: z.string().min(8).max(64),
      /** Expired or paid options too: a supervisor's act, audited (see forceSchema). */
      force: forceSchema.optional(),
    }),
    printJobSchema,
  ),
  /**
   * Sends a failed job again (same job, one more attempt). A sent job is never sent again this way. A forced
   * job sent again is the same forced act: a supervisor's, or a clerk's carrying the supervisor's approval
   * (`force.approval`) still valid for the job's options.
   */
  'notices.retry': method(
    z.strictObject({ jobId: z.number().int(), force: forceSchema.optional() }),
    printJobSchema,
  ),
  'notices.jobs': method(
    z.strictObject({ limit: z.number().int().min(1).max(200).default(20) }).optional(),
    z.array(printJobSchema),
  ),
  /** The A4 notice as a PDF (`data:application/pdf;base64,…`), for desks with an office printer. */
  'notices.pdf': method(
    z.strictObject({ optionIds, force: forceSchema.optional() }),
    z.strictObject({ pdf: z.string(), source: z.enum(['local', 'backend']) }),
  ),
  'printers.list': method(noInput, z.array(printerViewSchema)),
  'printers.test': method(z.strictObject({ printerId: printerId.optional() }), printJobSchema),
  'printers.status': method(z.strictObject({ printerId: printerId.optional() }), printerStatusSchema),
};

export const noticesEvents = {
  /** Every state change of a print job. */
  'print.job': event(printJobSchema),
};
