import { readFileSync } from 'node:fs';
import type { PrintersConfig } from '../../config/sections/printers';

/**
 * The creditor's logo for the A4 notice from `printers.creditorLogos`, read at each render (a file replaced
 * on disk shows on the next notice). A missing or unreadable file gives no logo, and `warn` says why: a logo
 * never stops a notice.
 */
export function readCreditorLogo(
  logos: PrintersConfig['creditorLogos'],
  ecFiscalCode: string,
  warn: (message: string, detail: Record<string, unknown>) => void,
): Buffer | null {
  const entry = logos.find((x) => x.ecFiscalCode === ecFiscalCode);
  if (!entry) return null;
  try {
    return readFileSync(entry.logo);
  } catch (err) {
    warn('creditor logo unreadable', { ecFiscalCode, error: String(err) });
    return null;
  }
}
