import { z } from 'zod';
import { cents, isoDate, isoInstant } from '../common';

/**
 * The one normalised model every connector (GovPay, MyPay, GPD, file, demo) maps its backend to, and that the
 * notice composer prints from. Amounts are integer cents; dates are calendar dates.
 */
export const creditorSchema = z.strictObject({
  /** 11-digit fiscal code of the ente creditore. */
  fiscalCode: z.string(),
  name: z.string(),
  ipaCode: z.string().nullable(),
  cbill: z.string().nullable(),
  sector: z.string().nullable(),
  info: z.string().nullable(),
});
export type Creditor = z.infer<typeof creditorSchema>;

export const debtorSchema = z.strictObject({
  /** Canonical fiscal code (omocodia folded) so that lookups by any variant meet. */
  fiscalCode: z.string(),
  kind: z.enum(['F', 'G']),
  name: z.string().nullable(),
});
export type Debtor = z.infer<typeof debtorSchema>;

export const optionStatusSchema = z.enum(['unpaid', 'paid', 'partially-paid', 'expired', 'cancelled', 'unknown']);
export const notPayableReasonSchema = z.enum([
  'PAID',
  'EXPIRED',
  'CANCELLED',
  'POSITION_NOT_PAYABLE',
  'CONFLICT_INSTALMENT_PAID',
  'CONFLICT_SINGLE_PAID',
  'UNKNOWN_STATUS',
]);

export const paymentOptionSchema = z.strictObject({
  id: z.string(),
  nav: z.string().regex(/^\d{18}$/),
  iuv: z.string(),
  amount: cents,
  dueDate: isoDate.nullable(),
  kind: z.enum(['single', 'instalment']),
  /** Number of instalments in the plan this option belongs to (1 for a single payment). */
  planSize: z.number().int().min(1),
  /** 1-based instalment number; null for a single payment. */
  index: z.number().int().min(1).nullable(),
  status: optionStatusSchema,
  backendStatus: z.string().nullable(),
  payable: z.boolean(),
  notPayableReason: notPayableReasonSchema.nullable(),
  description: z.string().nullable(),
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

export const positionSchema = z.strictObject({
  /** Stable key: `<connector>:<backend id>`. */
  id: z.string(),
  connector: z.string(),
  backendId: z.string(),
  creditor: creditorSchema,
  debtor: debtorSchema,
  subject: z.string(),
  status: positionStatusSchema,
  backendStatus: z.string().nullable(),
  options: z.array(paymentOptionSchema),
  /** When these data were read from the backend (or imported). */
  fetchedAt: isoInstant,
});
export type Position = z.infer<typeof positionSchema>;
