/**
 * Generators of valid codes for the core property tests. Check characters and digits are computed here
 * independently of core/ (the fiscal code one by @marketto/codice-fiscale-utils), so a bug in a rule under
 * test cannot also produce its own test data.
 */
import fc from 'fast-check';
import { CheckDigitizer } from '@marketto/codice-fiscale-utils';

export const OMOCODE_POSITIONS = [6, 7, 9, 10, 12, 13, 14] as const;
export const OMOCODE_LETTERS = 'LMNPQRSTUV';
const MONTHS = 'ABCDEHLMPRST';

export function libraryCheckCharacter(first15: string): string {
  const check = CheckDigitizer.checkDigit(first15);
  if (check === null) throw new Error(`library refused ${first15}`);
  return check;
}

const letters = (n: number): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: n, maxLength: n })
    .map((a) => a.join(''));
const digits = (n: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));

/** A non-omocodic personal code with a real calendar day (1..28 keeps every month valid). */
export const personalCode: fc.Arbitrary<string> = fc
  .record({
    name: letters(6),
    yy: digits(2),
    month: fc.constantFrom(...MONTHS),
    day: fc.integer({ min: 1, max: 28 }),
    female: fc.boolean(),
    placeLetter: fc.constantFrom(...'ABCDEFGHILMZ'),
    placeDigits: digits(3),
  })
  .map(({ name, yy, month, day, female, placeLetter, placeDigits }) => {
    const first15 = `${name}${yy}${month}${String(female ? day + 40 : day).padStart(2, '0')}${placeLetter}${placeDigits}`;
    return first15 + libraryCheckCharacter(first15);
  });

/** Replaces the `count` rightmost omocodic digits by letters and recomputes the check character. */
export function omocodeFromRight(code: string, count: number): string {
  const chars = code.split('');
  for (const position of [...OMOCODE_POSITIONS].reverse().slice(0, count)) {
    const ch = chars[position] as string;
    if (ch >= '0' && ch <= '9') chars[position] = OMOCODE_LETTERS.charAt(Number(ch));
  }
  const first15 = chars.slice(0, 15).join('');
  return first15 + libraryCheckCharacter(first15);
}

export function luhnCheckDigit(first10: string): string {
  let sum = 0;
  [...first10].forEach((ch, i) => {
    const d = Number(ch);
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
  });
  return String((10 - (sum % 10)) % 10);
}

export const numericCode: fc.Arbitrary<string> = digits(10).map((d) => d + luhnCheckDigit(d));

const mod93 = (s: string): string => String(BigInt(s) % 93n).padStart(2, '0');

/** A valid NAV of any aux digit, built from its layout with BigInt arithmetic. */
export const navOfAux = (aux: 0 | 1 | 2 | 3): fc.Arbitrary<string> =>
  aux === 1 ? digits(17).map((d) => `1${d}`) : digits(15).map((d) => `${aux}${d}${mod93(`${aux}${d}`)}`);

export const anyNav: fc.Arbitrary<string> = fc
  .constantFrom(0, 1, 2, 3)
  .chain((aux) => navOfAux(aux as 0 | 1 | 2 | 3));

export { digits, letters };
