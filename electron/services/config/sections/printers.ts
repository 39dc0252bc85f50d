import { z } from 'zod';
import { normalisePostalAuthorisation } from '../../../../core/notice/postal-authorisation';
import { printerConfigSchema } from '../../../../core/printers/printer-config';

/**
 * Receipt printers the desk can use. With none configured (or `default: null`) the desk prints to the
 * on-screen preview printer, which is also what demo mode uses. One printer's schema lives in core, shared
 * with the `printers.save` contract method.
 */
export { printerConfigSchema, type PrinterConfig } from '../../../../core/printers/printer-config';

/** Poste Italiane postal slip data per creditor (postal account and print authorisation). */
export const postalSchema = z.strictObject({
  ecFiscalCode: z.string().regex(/^\d{11}$/),
  postalAccount: z.string().regex(/^\d{1,12}$/),
  /** Any form Poste's letter uses; normalised to the printed `AUT. …` text at load (core/notice). */
  authorisation: z
    .string()
    .max(80)
    .transform((s, ctx) => {
      const r = normalisePostalAuthorisation(s);
      if (r.ok) return r.value;
      ctx.addIssue({
        code: 'custom',
        message: `autorizzazione Poste non valida (${r.reason}): es. "AUT. DB/SSIC/E 12345 DEL 01/02/2020"`,
        params: { reason: `AUTHORISATION_${r.reason}` },
      });
      return z.NEVER;
    }),
});

/** The creditor's logo on the A4 notice (ENTE.LOGO, a 30×30 mm area): an absolute path to a PNG or JPEG. */
export const creditorLogoSchema = z.strictObject({
  ecFiscalCode: z.string().regex(/^\d{11}$/),
  logo: z
    .string()
    .max(1024)
    .refine((s) => s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s), {
      message: 'percorso assoluto richiesto',
    }),
});

export const printersSection = z
  .strictObject({
    default: z.string().max(64).nullable().default(null),
    list: z.array(printerConfigSchema).max(16).default([]),
    postal: z.array(postalSchema).max(64).default([]),
    creditorLogos: z.array(creditorLogoSchema).max(64).default([]),
    /**
     * Creditors in bilingual areas whose A4 notices are Italian with German (the guidelines' "avviso
     * bilingue"; their French and Slovene strings are not published yet).
     */
    bilingualGerman: z
      .array(z.string().regex(/^\d{11}$/))
      .max(64)
      .default([]),
    /** Creditors whose A4 notices carry English as a second language (the guidelines' "seconda lingua"). */
    secondLanguageEnglish: z
      .array(z.string().regex(/^\d{11}$/))
      .max(64)
      .default([]),
    /** Module of an optional native spooler driver for `printer:NAME` interfaces. */
    spoolerDriver: z.string().max(128).nullable().default(null),
  })
  .refine((s) => s.default === null || s.default === 'preview' || s.list.some((p) => p.id === s.default), {
    message: 'la stampante predefinita non è nell’elenco',
    path: ['default'],
  })
  .refine((s) => new Set(s.list.map((p) => p.id)).size === s.list.length, {
    message: 'id di stampante ripetuto',
    path: ['list'],
  })
  .refine((s) => !s.secondLanguageEnglish.some((cf) => s.bilingualGerman.includes(cf)), {
    message:
      'un ente può avere una sola seconda lingua: è sia in bilingualGerman sia in secondLanguageEnglish',
    path: ['secondLanguageEnglish'],
  });

/** The second language of a creditor's A4 notices, from the configuration. */
export function secondLanguageOf(
  p: Pick<PrintersConfig, 'bilingualGerman' | 'secondLanguageEnglish'>,
): (creditorFiscalCode: string) => 'de' | 'en' | null {
  const de = new Set(p.bilingualGerman);
  const en = new Set(p.secondLanguageEnglish);
  return (cf) => (de.has(cf) ? 'de' : en.has(cf) ? 'en' : null);
}
export type PrintersConfig = z.output<typeof printersSection>;
