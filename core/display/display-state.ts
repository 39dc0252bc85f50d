import { z } from 'zod';

/**
 * What the citizen's display shows: the options the clerk has selected for the citizen at the desk, nothing
 * else of them (no fiscal code, no name, no other position). `null` is the neutral screen (nobody at the desk).
 * The clerk's page publishes it; the browser host relays it to display pages (electron/host/display-relay.ts).
 */
export const displayOptionSchema = z.strictObject({
  subject: z.string().max(280),
  /** "Rata 1 di 3", "Unica soluzione": already in the desk's language. */
  label: z.string().max(80),
  nav: z.string().regex(/^\d{18}$/),
  ecFiscalCode: z.string().regex(/^\d{11}$/),
  creditor: z.string().max(200),
  amount: z.number().int().min(1).max(99_999_999_999),
  dueDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
});
export type DisplayOption = z.infer<typeof displayOptionSchema>;

export const displayStateSchema = z
  .strictObject({
    locale: z.enum(['it', 'en']),
    /** The municipality (the creditor of the options shown, or of the desk's last citizen). */
    office: z.string().max(200).nullable(),
    options: z.array(displayOptionSchema).max(50),
  })
  .nullable();
export type DisplayState = z.infer<typeof displayStateSchema>;
