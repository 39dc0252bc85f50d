import { fail, ok } from '../result';
import type { Result } from '../result';

export type NumericCodeReason = 'EMPTY' | 'LENGTH' | 'FORMAT' | 'CHECK_DIGIT';

/** Luhn-style check digit over the first 10 digits; the caller guarantees they are digits. */
function numericCheckDigit(first10: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = first10.charCodeAt(i) - 48;
    if (i % 2 === 0) {
      sum += digit;
    } else {
      const doubled = digit * 2;
      sum += doubled > 9 ? doubled - 9 : doubled;
    }
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Validates an 11-digit fiscal code (companies, public bodies, partita IVA) and returns it without whitespace.
 * An "IT" VAT prefix is not accepted: the desk asks for the fiscal code, which never carries it.
 */
export function parseNumericFiscalCode(raw: string): Result<string, NumericCodeReason> {
  // Only ASCII spaces, tabs and line breaks are dropped: any other character stays and fails the format check.
  const code = raw.replace(/[ \t\r\n]+/g, '');
  if (code.length === 0) return fail('EMPTY');
  if (code.length !== 11) return fail('LENGTH', { length: code.length });
  const bad = code.search(/\D/);
  if (bad >= 0) return fail('FORMAT', { position: bad + 1 });
  const expected = numericCheckDigit(code);
  const found = code.charCodeAt(10) - 48;
  if (expected !== found) return fail('CHECK_DIGIT', { expected: String(expected), found: String(found) });
  return ok(code);
}
