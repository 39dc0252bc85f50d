import { fail, ok } from '../result';
import type { Result } from '../result';
import { normalizeFiscalCodeInput, parsePersonalFiscalCode } from './personal';
import type { PersonalCodeReason, PersonalFiscalCode } from './personal';
import { parseNumericFiscalCode } from './numeric';

export {
  canonicalFiscalCode,
  computeCheckCharacter,
  normalizeFiscalCodeInput,
  parsePersonalFiscalCode,
} from './personal';
export type { PersonalCodeReason, PersonalFiscalCode } from './personal';
export { parseNumericFiscalCode } from './numeric';
export type { NumericCodeReason } from './numeric';
// birthplace.ts is deliberately not re-exported: it carries the Belfiore dataset, and whoever imports this
// index (the renderer too) would pay for it. Import './birthplace' where the place name is wanted.

export type FiscalCode = { kind: 'person'; person: PersonalFiscalCode } | { kind: 'legal'; code: string };

export type FiscalCodeReason = PersonalCodeReason | 'CHECK_DIGIT';

/**
 * Any fiscal code a clerk may type: exactly 11 digits is a legal entity (or a provisional personal code,
 * which has the same shape), anything else is read as a personal code so its errors speak of 16 characters.
 */
export function parseFiscalCode(
  raw: string,
  opts?: { today?: string },
): Result<FiscalCode, FiscalCodeReason> {
  const code = normalizeFiscalCodeInput(raw);
  if (/^\d{11}$/.test(code)) {
    const legal = parseNumericFiscalCode(code);
    return legal.ok ? ok({ kind: 'legal', code: legal.value }) : fail('CHECK_DIGIT', legal.detail);
  }
  const person = parsePersonalFiscalCode(code, opts);
  return person.ok ? ok({ kind: 'person', person: person.value }) : person;
}
