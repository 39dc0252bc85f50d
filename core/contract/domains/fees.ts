import { z } from 'zod';
import { boundedText, cents, isoDate, isoInstant } from '../common';
import { method } from '../define';
import { contractErrorSchema, positionSchema } from './positions';

/** One fee of the desk's catalogue, as the clerk's dialog needs it. */
export const feeServiceSchema = z.strictObject({
  id: z.string().max(40),
  label: z.strictObject({ it: z.string().max(80), en: z.string().max(80) }),
  creditor: z.strictObject({ fiscalCode: z.string().regex(/^\d{11}$/), name: z.string().max(70) }),
  amount: z.discriminatedUnion('rule', [
    z.strictObject({ rule: z.literal('fixed'), cents }),
    z.strictObject({ rule: z.literal('perUnit'), unitCents: cents, maxQuantity: z.number().int().min(1) }),
    z.strictObject({ rule: z.literal('entered'), minCents: cents, maxCents: cents }),
  ]),
  dueInDays: z.number().int().min(0),
  anonymousAllowed: z.boolean(),
  demo: z.boolean(),
});
export type FeeServiceView = z.infer<typeof feeServiceSchema>;

export const feeCatalogueSchema = z.strictObject({
  services: z.array(feeServiceSchema),
  /** Whether this desk can create fees at all, and why not. */
  available: z.boolean(),
  unavailableReason: z.string().max(40).nullable(),
  backend: z.enum(['demo', 'govpay', 'gpd', 'mypay', 'file']),
});

const feeInput = z.strictObject({
  serviceId: boundedText(40),
  /** The citizen on screen; omitted with `anonymous`. */
  fiscalCode: boundedText(32).optional(),
  payerName: boundedText(140).optional(),
  anonymous: z.boolean().optional(),
  quantity: z.number().int().min(1).max(9999).optional(),
  amountCents: cents.optional(),
});

export const feeQuoteSchema = z.strictObject({
  serviceId: z.string(),
  total: cents,
  quantity: z.number().int(),
  dueDate: isoDate,
  causale: z.string().max(140),
  anonymous: z.boolean(),
});
export type FeeQuote = z.infer<typeof feeQuoteSchema>;

export const feeCreatedSchema = z.strictObject({
  quote: feeQuoteSchema,
  position: positionSchema,
  optionId: z.string().max(300),
  nav: z.string().regex(/^\d{18}$/),
  /** The same request key again: the position was already created and is returned as it is. */
  replayed: z.boolean(),
  demo: z.boolean(),
});
export type FeeCreated = z.infer<typeof feeCreatedSchema>;

export const paymentStateSchema = z.enum(['paid', 'not-paid', 'in-progress', 'annulled', 'unknown']);

export const paymentCheckSchema = z.strictObject({
  nav: z.string(),
  state: paymentStateSchema,
  backendStatus: z.string().max(64).nullable(),
  /** When the backend was read; null when it could not be (then `state` is `unknown` and `error` says why). */
  checkedAt: isoInstant.nullable(),
  source: z.enum(['live', 'demo']),
  error: contractErrorSchema.nullable(),
});
export type PaymentCheckView = z.infer<typeof paymentCheckSchema>;

export const receiptSchema = z.strictObject({
  creditor: z.strictObject({ fiscalCode: z.string(), name: z.string() }),
  payer: z.strictObject({ fiscalCode: z.string().nullable(), name: z.string().nullable() }),
  subject: z.string(),
  amountPaid: cents,
  paidAt: z.string(),
  psp: z.string().nullable(),
  receiptId: z.string().nullable(),
  nav: z.string(),
  iuv: z.string(),
  hasBackendPdf: z.boolean(),
  checkedAt: isoInstant,
  demo: z.boolean(),
});
export type ReceiptView = z.infer<typeof receiptSchema>;

const navInput = z.strictObject({ nav: boundedText(40), ecFiscalCode: boundedText(16).optional() });

export const feesMethods = {
  'fees.catalogue': method(z.strictObject({}).optional(), feeCatalogueSchema),
  /** Total, due date and causale for what the clerk entered, before anything is created. */
  'fees.quote': method(feeInput, feeQuoteSchema),
  /**
   * Creates the position on the backend; answers only once the backend confirmed it. `requestKey` is the
   * clerk's confirmation: the same key again never creates a second debt.
   */
  'fees.create': method(
    feeInput.extend({ requestKey: z.string().regex(/^[A-Za-z0-9-]{8,64}$/) }),
    feeCreatedSchema,
  ),
  /** A live read of one notice, bypassing the cache (which it then updates). */
  'fees.check': method(navInput, paymentCheckSchema),
  'fees.receipt': method(navInput, receiptSchema),
  /** The receipt on a printer (thermal) or as an A4 PDF (base64). */
  'fees.printReceipt': method(
    navInput.extend({ printerId: boundedText(64).optional() }),
    z.strictObject({ printerId: z.string(), bytes: z.number().int() }),
  ),
  'fees.receiptPdf': method(
    navInput,
    z.strictObject({ pdfBase64: z.string(), backendPdfBase64: z.string().nullable() }),
  ),
  /** The fees this desk created on one day (YYYY-MM-DD, local): what the day's figures count. */
  'fees.day': method(
    z.strictObject({ day: isoDate }),
    z.strictObject({ day: isoDate, count: z.number().int().min(0), totalCents: cents }),
  ),
  'fees.annul': method(navInput.extend({ reason: z.string().trim().min(5).max(255) }), paymentCheckSchema),
};
