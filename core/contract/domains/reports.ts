import { z } from 'zod';
import { cents, isoDate, isoInstant } from '../common';
import { method } from '../define';

const count = z.number().int().min(0);

/** The day's figures at one desk, computed from the print journal and the audit log. Money in integer cents. */
export const dayReportSchema = z.strictObject({
  date: isoDate,
  from: isoInstant,
  to: isoInstant,
  operator: z.string().nullable(),
  citizensServed: count,
  identifications: z.strictObject({ card: count, typed: count, noticeNumber: count }),
  notices: z.strictObject({
    /** Notices (payment options) on first prints sent to a printer. */
    printed: count,
    amountCents: z.number().int().min(0),
    byCreditor: z.array(
      z.strictObject({ fiscalCode: z.string(), name: z.string(), notices: count, amountCents: cents }),
    ),
    byService: z.array(z.strictObject({ service: z.string(), notices: count, amountCents: cents })),
    /** Printed options no longer in the positions cache: counted, their amount unknown (never silently left out). */
    unresolved: count,
  }),
  reprints: count,
  pdfExports: count,
  failedPrints: z.strictObject({ attempts: count, byReason: z.record(z.string(), count) }),
  signIns: z.strictObject({ ok: count, failed: count, operators: z.array(z.string()) }),
});
export type DayReport = z.infer<typeof dayReportSchema>;

export const reportsMethods = {
  /** A supervisor's: the day's figures at this desk (today when no date is given, the office's local day). */
  'report.day': method(z.strictObject({ date: isoDate.optional() }).optional(), dayReportSchema),
};
