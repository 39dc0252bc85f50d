import { fail, ok } from './result';
import type { Result } from './result';

export type NoticeReason = 'EMPTY' | 'LENGTH' | 'FORMAT' | 'RF_REFERENCE' | 'AUX_DIGIT' | 'CHECK_DIGITS';

export type AuxDigit = 0 | 1 | 2 | 3;

export interface NoticeNumber {
  /** The 18 digits, no spaces. */
  nav: string;
  auxDigit: AuxDigit;
  /** Aux 0 only. */
  applicationCode: string | null;
  /** Aux 3 only. */
  segregationCode: string | null;
  /** The payment identifier inside the NAV (15 digits for aux 0, 17 otherwise). */
  iuv: string;
  /** The IUV digits chosen by the creditor, without segregation code and check digits. */
  iuvBase: string;
  /** Null for aux 1, which has none. */
  checkDigits: string | null;
}

const NAV_LENGTH = 18;
/** IUV base length by aux digit. */
const BASE_LENGTH: Readonly<Record<AuxDigit, number>> = { 0: 13, 1: 17, 2: 15, 3: 13 };

/**
 * Remainder of the decimal number `digits` divided by 93, as two digits. Computed digit by digit, so it is
 * exact for any length. Returns '' when `digits` is empty or holds anything but 0-9.
 */
export function computeCheckDigits(digits: string): string {
  if (digits.length === 0) return '';
  let remainder = 0;
  for (let i = 0; i < digits.length; i++) {
    const digit = digits.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return '';
    remainder = (remainder * 10 + digit) % 93;
  }
  return String(remainder).padStart(2, '0');
}

/** ISO 11649: RF, 2 check digits, 1-21 alphanumerics; valid when the rotated string is 1 mod 97. */
function isRfCreditorReference(s: string): boolean {
  if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(s)) return false;
  const rotated = s.slice(4) + s.slice(0, 4);
  let remainder = 0;
  for (const ch of rotated) {
    const value = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/**
 * The IUV inside a valid 18-digit notice number (as parseNoticeNumber would return it): everything after the
 * aux digit, and after the application code too for aux digit 0. Lets a store keep an IUV only when it is not
 * this one.
 */
export function iuvOfNoticeNumber(nav: string): string {
  return nav.charCodeAt(0) === 48 ? nav.slice(3) : nav.slice(1);
}

function fromDigits(nav: string, auxDigit: AuxDigit): NoticeNumber {
  if (auxDigit === 1) {
    const base = nav.slice(1);
    return {
      nav,
      auxDigit,
      applicationCode: null,
      segregationCode: null,
      iuv: base,
      iuvBase: base,
      checkDigits: null,
    };
  }
  const checkDigits = nav.slice(16);
  if (auxDigit === 2) {
    const base = nav.slice(1, 16);
    return {
      nav,
      auxDigit,
      applicationCode: null,
      segregationCode: null,
      iuv: base + checkDigits,
      iuvBase: base,
      checkDigits,
    };
  }
  const code = nav.slice(1, 3);
  const base = nav.slice(3, 16);
  return auxDigit === 0
    ? {
        nav,
        auxDigit,
        applicationCode: code,
        segregationCode: null,
        iuv: base + checkDigits,
        iuvBase: base,
        checkDigits,
      }
    : {
        nav,
        auxDigit,
        applicationCode: null,
        segregationCode: code,
        iuv: code + base + checkDigits,
        iuvBase: base,
        checkDigits,
      };
}

/**
 * Validates a notice number as a clerk may type or scan it: whitespace anywhere is ignored, so the grouped
 * display form is accepted. A FORMAT position counts characters after whitespace removal.
 * An ISO 11649 creditor reference (RF…) that passes its own mod-97 check is reported as RF_REFERENCE, so the
 * desk can say what it is; a mistyped one is just FORMAT.
 */
export function parseNoticeNumber(raw: string): Result<NoticeNumber, NoticeReason> {
  // Digits only (a file, a scanner, a backend): none of the clean-up below applies.
  const clean = /^\d+$/.test(raw);
  const s = clean ? raw : raw.replace(/\s+/g, '');
  if (!clean) {
    if (s.length === 0) return fail('EMPTY');
    if (isRfCreditorReference(s.toUpperCase())) return fail('RF_REFERENCE');
    const bad = s.search(/\D/);
    if (bad >= 0) return fail('FORMAT', { position: bad + 1 });
  }
  if (s.length !== NAV_LENGTH) return fail('LENGTH', { length: s.length });
  const aux = s.charCodeAt(0) - 48;
  if (aux > 3) return fail('AUX_DIGIT', { auxDigit: aux });
  const auxDigit = aux as AuxDigit;
  if (auxDigit !== 1) {
    const expected = computeCheckDigits(s.slice(0, 16));
    const found = s.slice(16);
    if (expected !== found) return fail('CHECK_DIGITS', { expected, found });
  }
  return ok(fromDigits(s, auxDigit));
}

const isDigits = (s: string | undefined, length: number): s is string =>
  s !== undefined && s.length === length && /^\d+$/.test(s);

/**
 * Builds a NAV from its parts, computing the check digits. The application code is required for aux 0 and
 * refused otherwise; likewise the segregation code for aux 3. FORMAT detail names the offending field.
 */
export function buildNoticeNumber(input: {
  auxDigit: AuxDigit;
  applicationCode?: string;
  segregationCode?: string;
  iuvBase: string;
}): Result<NoticeNumber, 'FORMAT'> {
  const { auxDigit, applicationCode, segregationCode, iuvBase } = input;
  const baseLength = BASE_LENGTH[auxDigit] as number | undefined;
  if (baseLength === undefined) return fail('FORMAT', { field: 'auxDigit' });
  if (auxDigit === 0 ? !isDigits(applicationCode, 2) : applicationCode !== undefined) {
    return fail('FORMAT', { field: 'applicationCode' });
  }
  if (auxDigit === 3 ? !isDigits(segregationCode, 2) : segregationCode !== undefined) {
    return fail('FORMAT', { field: 'segregationCode' });
  }
  if (!isDigits(iuvBase, baseLength)) return fail('FORMAT', { field: 'iuvBase', length: baseLength });
  const unchecked = `${auxDigit}${applicationCode ?? ''}${segregationCode ?? ''}${iuvBase}`;
  const nav = auxDigit === 1 ? unchecked : unchecked + computeCheckDigits(unchecked);
  return ok(fromDigits(nav, auxDigit));
}

/** Groups of four for display and print: `3010 0000 0000 0123 73`. Whitespace in the input is dropped first. */
export function formatNoticeNumber(nav: string): string {
  return (
    nav
      .replace(/\s+/g, '')
      .match(/.{1,4}/g)
      ?.join(' ') ?? ''
  );
}
