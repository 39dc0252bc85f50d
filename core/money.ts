import { fail, ok } from './result';
import type { Result } from './result';

/**
 * An amount in euro cents: a non-negative integer, never a float of euros. The brand makes the compiler
 * refuse a bare number, so every amount has gone through one of the constructors below.
 */
export type Cents = number & { readonly __brand: 'Cents' };

/** 999.999.999,99 €: the largest amount a pagoPA notice prints. Well inside exact integer range. */
export const MAX_CENTS = 99_999_999_999;

export type MoneyReason =
  /** Nothing but whitespace. */
  | 'EMPTY'
  /** Not an amount in the expected notation (letters, misplaced separators, exponent notation…). */
  | 'FORMAT'
  /** Finer than a cent (12,345 or 12.501). */
  | 'PRECISION'
  | 'NEGATIVE'
  | 'TOO_LARGE'
  /** NaN or ±Infinity. */
  | 'NOT_FINITE';

/** For values that are already integer cents (e.g. MyPay's `importo`). */
export function toCents(n: number): Result<Cents, 'NOT_INTEGER' | 'NEGATIVE' | 'TOO_LARGE'> {
  if (!Number.isInteger(n)) return fail('NOT_INTEGER', { value: String(n) });
  if (n < 0) return fail('NEGATIVE');
  if (n > MAX_CENTS) return fail('TOO_LARGE');
  // -0 passes the checks above; it must not leak out and print as "-0,00".
  return ok((n === 0 ? 0 : n) as Cents);
}

/** Euros and up to two decimal digits, as strings of digits, to cents without any float arithmetic. */
function centsFromDigits(euros: string, decimals: string): Result<Cents, 'TOO_LARGE'> {
  const digits = (euros + decimals.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  // Length first: Number() is only exact, and only meaningful here, for what MAX_CENTS can hold.
  if (digits.length > 11 || Number(digits) > MAX_CENTS) return fail('TOO_LARGE');
  return ok(Number(digits) as Cents);
}

const ITALIAN_AMOUNT = /^(\d+|\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/;

/**
 * Amount typed by a clerk, Italian notation: optional thousands dots (in groups of three), optional decimal
 * comma with one or two digits. `1.020,99`, `1020,99`, `12`, `12,5` (12,50 €). Surrounding whitespace is
 * ignored; a currency sign is not accepted.
 */
export function parseItalianAmount(s: string): Result<Cents, MoneyReason> {
  const text = s.trim();
  if (text.length === 0) return fail('EMPTY');
  const negative = text.startsWith('-');
  const match = ITALIAN_AMOUNT.exec(negative ? text.slice(1) : text);
  if (match === null) return fail('FORMAT');
  if (negative) return fail('NEGATIVE');
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return fail('PRECISION');
  return centsFromDigits((match[1] ?? '').replace(/\./g, ''), decimals);
}

const ENGLISH_AMOUNT = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * Amount typed by a clerk in English notation (en-IE): optional thousands commas in groups of three, optional
 * decimal point with one or two digits. `1,020.99`, `1020.99`, `12.5`. An Italian habit typed in English mode
 * is refused rather than guessed: `12,50` is FORMAT, `1.500` is PRECISION (never 1500 euros).
 */
export function parseEnglishAmount(s: string): Result<Cents, MoneyReason> {
  const text = s.trim();
  if (text.length === 0) return fail('EMPTY');
  const negative = text.startsWith('-');
  const match = ENGLISH_AMOUNT.exec(negative ? text.slice(1) : text);
  if (match === null) return fail('FORMAT');
  if (negative) return fail('NEGATIVE');
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return fail('PRECISION');
  return centsFromDigits((match[1] ?? '').replace(/,/g, ''), decimals);
}

const DECIMAL_EUROS = /^(\d+)(?:\.(\d+))?$/;

/**
 * Decimal euros as a backend writes them: `1020.99`, `12.5`, `12`. More than two decimals are accepted only
 * when the extra digits are zeros (`12.500`); exponent notation is refused.
 */
export function parseDecimalEuros(s: string): Result<Cents, MoneyReason> {
  const text = s.trim();
  if (text.length === 0) return fail('EMPTY');
  const negative = text.startsWith('-');
  const match = DECIMAL_EUROS.exec(negative ? text.slice(1) : text);
  if (match === null) return fail('FORMAT');
  if (negative) return fail('NEGATIVE');
  const decimals = match[2] ?? '';
  if (/[1-9]/.test(decimals.slice(2))) return fail('PRECISION');
  return centsFromDigits(match[1] ?? '', decimals.slice(0, 2));
}

/**
 * A JSON number of euros (GovPay's `importo`) to cents. The number's shortest round-trip string is exactly
 * what the backend wrote (or the nearest double to it), so 0.29 reads as "0.29" and becomes 29 cents,
 * where 0.29 * 100 would be 28.999999999999996. A sum computed in floating point by the backend
 * (0.30000000000000004) is refused as PRECISION rather than silently rounded.
 */
export function centsFromJsonNumber(n: number): Result<Cents, MoneyReason> {
  if (!Number.isFinite(n)) return fail('NOT_FINITE');
  if (n < 0) return fail('NEGATIVE');
  const text = String(n);
  // JavaScript switches to exponent notation only at >= 1e21 or < 1e-6: too large, or finer than a cent.
  if (text.includes('e')) return fail(n >= 1 ? 'TOO_LARGE' : 'PRECISION');
  return parseDecimalEuros(text);
}

/**
 * The locales the desk writes amounts in on screen: one per language of the UI (`renderer/src/i18n/locale.ts`
 * says which). Written out here rather than left to Intl: Intl's `it-IT` gives "1020,50 €", which is not how a
 * pagoPA notice writes "€ 1.020,50", and an ICU update must not change what the clerk reads.
 */
export type AmountLocale = 'it-IT' | 'en-IE';

const AMOUNT_STYLES: { readonly [L in AmountLocale]: { group: string; decimal: string; symbol: string } } = {
  'it-IT': { group: '.', decimal: ',', symbol: '€ ' },
  // As Intl writes euros for Ireland (the test holds it to Intl): symbol first, no space, comma thousands.
  'en-IE': { group: ',', decimal: '.', symbol: '€' },
};

/** Integer cents to text by digits alone: no float ever touches the amount. */
function amountDigits(c: Cents, locale: AmountLocale): string {
  const { group, decimal } = AMOUNT_STYLES[locale];
  const sign = c < 0 ? '-' : '';
  const digits = String(Math.abs(c)).padStart(3, '0');
  const euros = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${euros}${decimal}${digits.slice(-2)}`;
}

/** `€ 1.020,99` (it-IT) or `€1,020.99` (en-IE). */
export function formatAmount(c: Cents, locale: AmountLocale): string {
  const text = amountDigits(c, locale);
  const { symbol } = AMOUNT_STYLES[locale];
  return text.startsWith('-') ? `-${symbol}${text.slice(1)}` : `${symbol}${text}`;
}

/** Italian notation without symbol: `1.020,99`, `0,05`. Printed matter (notices, slips, receipts) uses it. */
export function formatEuro(c: Cents): string {
  return amountDigits(c, 'it-IT');
}

let screenLocale: () => AmountLocale = () => 'it-IT';

/**
 * The renderer points this, once, at its language (a getter reading Vue's reactive locale, so a screen that
 * shows an amount is redrawn when the clerk switches language). Processes that never call it (the services,
 * the CLI, printed slips) keep Italian.
 */
export function setScreenAmountLocale(get: () => AmountLocale): void {
  screenLocale = get;
}

/** An amount the clerk typed, in the notation of the screen's locale (the one its amounts are written in). */
export function parseScreenAmount(s: string): Result<Cents, MoneyReason> {
  return screenLocale() === 'en-IE' ? parseEnglishAmount(s) : parseItalianAmount(s);
}

/** `€ 1.020,99` in the screen's locale (Italian unless the renderer said otherwise). */
export function formatEuroSymbol(c: Cents): string {
  return formatAmount(c, screenLocale());
}

/**
 * Total of several amounts. Throws a RangeError if the total passes MAX_CENTS: callers add amounts they
 * already hold as Cents, so an overflow means corrupt data rather than user input, and a Result here would
 * be ignored more easily than an exception.
 */
export function sumCents(list: Iterable<Cents>): Cents {
  let total = 0;
  for (const c of list) {
    total += c;
    if (total > MAX_CENTS) throw new RangeError(`sum of cents exceeds ${MAX_CENTS}`);
  }
  return total as Cents;
}
