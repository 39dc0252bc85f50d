import { fail, ok, type Result } from '../result';

/**
 * Poste Italiane's authorisation to print postal slips, as printed beside the Data Matrix. The specification
 * shows it as `AUT. DB/xxxx/xxx xxxxx DEL xx/xx/xxxx`; creditors write it in the forms their letter from
 * Poste uses: with or without "AUT.", "AUT/2025/123456", "Aut. DB/SSIC/E 12345 del 01/02/2020". Every form
 * is accepted and normalised to one printed text: upper case, single spaces, starting "AUT. ".
 */
export type AuthorisationReason = 'EMPTY' | 'CHARACTERS' | 'NO_DIGITS' | 'LENGTH';

const BODY = /^[A-Z0-9/. -]+$/;

export function normalisePostalAuthorisation(input: string): Result<string, AuthorisationReason> {
  const s = input.normalize('NFC').trim().replace(/\s+/g, ' ').toUpperCase();
  if (s.length === 0) return fail('EMPTY');
  // "AUT.", "AUT:", "AUT/", "AUT " or "AUTORIZZAZIONE" at the start: the prefix is printed as "AUT. ".
  const body = s.replace(/^AUT(?:ORIZZAZIONE|\.)?\s*[:./]?\s*/, '').trim();
  if (body.length === 0) return fail('EMPTY');
  if (!BODY.test(body)) return fail('CHARACTERS', { allowed: 'A-Z 0-9 / . -' });
  if (!/\d/.test(body)) return fail('NO_DIGITS');
  const printed = `AUT. ${body}`;
  if (printed.length < 8 || printed.length > 64) return fail('LENGTH', { min: 8, max: 64 });
  return ok(printed);
}
