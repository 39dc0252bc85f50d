import { fail, ok } from '../result';
import type { Result } from '../result';

// The renderer bundles this file: it must stay free of any dataset (birthplaces live in birthplace.ts).

export type PersonalCodeReason = 'EMPTY' | 'LENGTH' | 'FORMAT' | 'CHECK_CHARACTER' | 'DATE';

export interface PersonalFiscalCode {
  /** The input, normalised (no whitespace, upper case). */
  code: string;
  /**
   * The base code (omocodia letters back to digits, check character recomputed), for information and for
   * decoding only. It is NOT the key for a person: an omocodic code is issued to a different person whose
   * base code would collide, so the desk identifies, looks up, caches, prints and audits by `code`.
   */
  canonical: string;
  omocodic: boolean;
  /** YYYY-MM-DD; the century is inferred (see parsePersonalFiscalCode). */
  birthDate: string;
  sex: 'M' | 'F';
  /** Cadastral code with omocodia undone, e.g. D969. */
  belfiore: string;
  /** Belfiore codes starting with Z name foreign countries. */
  foreignBorn: boolean;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const MONTH_LETTERS = 'ABCDEHLMPRST';
const OMOCODE_LETTERS = 'LMNPQRSTUV';
/** 0-based positions where a digit may have been replaced by an omocodia letter. */
const OMOCODE_POSITIONS: readonly number[] = [6, 7, 9, 10, 12, 13, 14];
const IS_OMOCODE_POSITION: readonly boolean[] = Array.from({ length: 16 }, (_, i) =>
  OMOCODE_POSITIONS.includes(i),
);

// Values of 0-9 then A-Z in an odd (1-based) position; digits weigh like A-J, as the algorithm defines.
const ODD_DIGITS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
const ODD_LETTERS = [
  1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
];

/**
 * ASCII spaces, tabs and line breaks out, ASCII letters to upper case: nothing else is touched. `toUpperCase` on the whole
 * string would turn look-alikes into letters ("ſ" → "S", "ı" → "I"), so a code typed or sent with them would
 * pass as another person's; left as they are, they fail the format check at their position.
 */
export function normalizeFiscalCodeInput(raw: string): string {
  // Most input (files, cards, backends) is already a clean upper-case code: no copy for it.
  if (/^[A-Z0-9]*$/.test(raw)) return raw;
  return raw.replace(/[ \t\r\n]+/g, '').replace(/[a-z]+/g, (s) => s.toUpperCase());
}

function charValue(ch: string, oddPosition: boolean): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) {
    const digit = code - 48;
    return oddPosition ? (ODD_DIGITS[digit] as number) : digit;
  }
  if (code >= 65 && code <= 90) {
    const index = code - 65;
    return oddPosition ? (ODD_LETTERS[index] as number) : index;
  }
  return -1;
}

/**
 * Check character over the first 15 characters (a full 16-character code may be passed: the 16th is ignored).
 * Returns '' when those 15 are not all A-Z/0-9, so that a bad input can never look like a valid check.
 */
export function computeCheckCharacter(first15: string): string {
  if (first15.length < 15) return '';
  const s = first15.toUpperCase();
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const value = charValue(s.charAt(i), i % 2 === 0);
    if (value < 0) return '';
    sum += value;
  }
  return LETTERS.charAt(sum % 26);
}

function foldOmocodia(code: string): string {
  const chars = code.split('');
  for (const position of OMOCODE_POSITIONS) {
    const digit = OMOCODE_LETTERS.indexOf(chars[position] ?? '');
    if (digit >= 0) chars[position] = String(digit);
  }
  return chars.join('');
}

/**
 * The code with omocodia letters turned back into digits and the check character recomputed: the base code
 * an omocodic variant was derived from. Information only: each variant is a different person. Input that is not 16 characters long comes back
 * normalised but otherwise unchanged (this never throws; validate with parsePersonalFiscalCode first).
 */
export function canonicalFiscalCode(code16: string): string {
  const code = normalizeFiscalCodeInput(code16);
  if (code.length !== 16) return code;
  const folded = foldOmocodia(code).slice(0, 15);
  return folded + computeCheckCharacter(folded);
}

function isLetter(ch: string): boolean {
  return ch >= 'A' && ch <= 'Z';
}

function isOmocodeSlot(ch: string): boolean {
  return (ch >= '0' && ch <= '9') || OMOCODE_LETTERS.includes(ch);
}

/** 0-based index of the first character that breaks the 16-character layout, or -1. */
function firstFormatError(code: string): number {
  for (let i = 0; i < 16; i++) {
    const ch = code.charAt(i);
    const fits = IS_OMOCODE_POSITION[i]
      ? isOmocodeSlot(ch)
      : i === 8
        ? MONTH_LETTERS.includes(ch)
        : isLetter(ch);
    if (!fits) return i;
  }
  return -1;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

function localToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

/**
 * Validates a 16-character personal fiscal code and decodes its birth data.
 *
 * Omocodia letters are accepted in any of the seven digit slots, not only as a suffix filled from the right:
 * the check character already catches typos, and refusing an unusual but genuine card at the desk is worse.
 *
 * Century: the code carries only two digits of the year. We take 20yy unless that date would be after
 * `today`, then 19yy. So anyone aged 100 or more is dated a century late (born 1925-03-01 decodes as
 * 2025-03-01 from that day on); the desk must not use this date to reason about age.
 * `today` must be YYYY-MM-DD; any other value falls back to the current local date.
 */
export function parsePersonalFiscalCode(
  raw: string,
  opts?: { today?: string },
): Result<PersonalFiscalCode, PersonalCodeReason> {
  const code = normalizeFiscalCodeInput(raw);
  if (code.length === 0) return fail('EMPTY');
  if (code.length !== 16) return fail('LENGTH', { length: code.length });

  const badIndex = firstFormatError(code);
  if (badIndex >= 0) return fail('FORMAT', { position: badIndex + 1 });

  const expected = computeCheckCharacter(code);
  const found = code.charAt(15);
  if (expected !== found) return fail('CHECK_CHARACTER', { expected, found });

  // Only an omocodic code differs from its canonical form; the check character was verified above.
  const canonical = OMOCODE_POSITIONS.some((i) => isLetter(code.charAt(i)))
    ? canonicalFiscalCode(code)
    : code;
  const yy = Number(canonical.slice(6, 8));
  const month = MONTH_LETTERS.indexOf(canonical.charAt(8)) + 1;
  const dayField = Number(canonical.slice(9, 11));
  const sex = dayField > 40 ? 'F' : 'M';
  const day = sex === 'F' ? dayField - 40 : dayField;

  const today =
    opts?.today !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(opts.today) ? opts.today : localToday();
  const monthDay = `${pad2(month)}-${pad2(day)}`;
  const year = `20${pad2(yy)}-${monthDay}` > today ? 1900 + yy : 2000 + yy;
  if (day < 1 || day > daysInMonth(year, month)) return fail('DATE');

  const belfiore = canonical.slice(11, 15);
  return ok({
    code,
    canonical,
    omocodic: canonical !== code,
    birthDate: `${year}-${monthDay}`,
    sex,
    belfiore,
    foreignBorn: belfiore.charAt(0) === 'Z',
  });
}
