import { z } from 'zod';
import { roleSchema } from '../../../../core/contract/domains/operators';
import { parsePersonalFiscalCode } from '../../../../core/fiscal-code/personal';

const FIELDS = new Set(['fiscalCode', 'name', 'role', 'disabled']);
/** Keys that would carry a secret: refused by name, so the technician reads why, not "unknown key". */
const SECRET_KEY = /pass|pwd|hash|salt|pin|secret/i;

const entry = z
  .object({
    fiscalCode: z
      .string()
      .max(32)
      .transform((raw, ctx) => {
        const r = parsePersonalFiscalCode(raw);
        if (r.ok) return r.value.canonical;
        ctx.addIssue({ code: 'custom', message: `codice fiscale non valido (${r.reason})` });
        return z.NEVER;
      }),
    name: z.string().trim().min(1).max(80),
    role: roleSchema,
    disabled: z.boolean().default(false),
  })
  .catchall(z.unknown())
  .superRefine((v, ctx) => {
    for (const key of Object.keys(v)) {
      if (FIELDS.has(key)) continue;
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: SECRET_KEY.test(key)
          ? 'le password non stanno nel file: l’operatore entra con la carta, o la password si imposta con `sportello operators set-password CF --password-stdin`'
          : `chiave sconosciuta: ${key} (ammesse: fiscalCode, name, role, disabled)`,
      });
    }
  })
  .transform(({ fiscalCode, name, role, disabled }) => ({ fiscalCode, name, role, disabled }));

/**
 * The desk's operators as the administrator's file declares them (deployment, issue 17): fiscal code, name,
 * role, disabled. Never a password: those are set through the CLI's stdin only (or the operator signs in with
 * the card). Accepted only in the administrator's file (config/load.ts refuses it in the desk's own file).
 */
export const operatorsSection = z
  .array(entry)
  .max(500)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((o, i) => {
      if (seen.has(o.fiscalCode))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'fiscalCode'],
          message: `operatore ripetuto: ${o.fiscalCode}`,
        });
      seen.add(o.fiscalCode);
    });
  });

export type OperatorsConfig = z.output<typeof operatorsSection>;
