import { fail, ok } from '../result';
import type { Result } from '../result';
import { parseNoticeNumber } from '../notice-number';
import { parseNumericFiscalCode } from '../fiscal-code/numeric';
import type { Cents } from '../money';

/**
 * Poste Italiane Data Matrix for the postal slip of a pagoPA notice: exactly 256 printable ASCII characters.
 *
 * Rule for what does not fit: text fields (debtor name, subject) are transliterated to ASCII and truncated
 * to their width, because the printed notice carries them in full anyway. Codes and amounts are never
 * altered: if one does not fit or is malformed the payload is refused, since a wrong code would misroute
 * the payment.
 */

export type PosteDataMatrixReason =
  'LENGTH' | 'FORMAT' | 'NAV' | 'POSTAL_ACCOUNT' | 'AMOUNT' | 'EC_FISCAL_CODE' | 'DEBTOR_FISCAL_CODE';

export interface PosteDataMatrixInput {
  nav: string;
  /** Up to 12 digits; zero-padded in the payload. */
  postalAccount: string;
  amount: Cents;
  /** The creditor's 11-digit fiscal code. */
  ecFiscalCode: string;
  /** 16-character personal or 11-digit code, or '' when unknown. */
  debtorFiscalCode: string;
  debtorName: string;
  subject: string;
}

export const DATA_MATRIX_LENGTH = 256;
/** The codeline amount has 10 digits: 99.999.999,99 € is the most a postal slip can carry. */
export const MAX_DATA_MATRIX_CENTS = 9_999_999_999;

const HEADER = 'codfase=NBPA;';
const NAME_WIDTH = 40;
const SUBJECT_WIDTH = 110;
const DEBTOR_CODE_WIDTH = 16;
const EC_CODE_WIDTH = 11;

// Characters that Unicode compatibility decomposition leaves outside ASCII but that have an obvious spelling.
const SPELLED: Readonly<Record<string, string>> = {
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Ø: 'O',
  ø: 'o',
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Þ: 'TH',
  þ: 'th',
  ı: 'i',
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u00B4': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u00B7': '-',
  '€': 'EUR',
};

/**
 * Case is kept as given (the subject is sentence case on the notice); accents are dropped (à → a, È → E),
 * a few letters and punctuation marks are spelled out, whitespace runs become one space, and anything else
 * outside printable ASCII becomes '?', so the loss is visible rather than silent.
 */
export function toPrintableAscii(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, (ch) => SPELLED[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, (ch) => (/\s/.test(ch) ? ' ' : '?'))
    .replace(/ {2,}/g, ' ')
    .trim();
}

const fit = (text: string, width: number): string =>
  toPrintableAscii(text).slice(0, width).padEnd(width, ' ');

export function buildPosteDataMatrixPayload(
  input: PosteDataMatrixInput,
): Result<string, PosteDataMatrixReason> {
  const nav = parseNoticeNumber(input.nav);
  if (!nav.ok) return fail('NAV', { cause: nav.reason, ...nav.detail });

  const account = input.postalAccount.replace(/\s+/g, '');
  if (!/^\d{1,12}$/.test(account)) return fail('POSTAL_ACCOUNT', { length: account.length });

  const amount: number = input.amount;
  if (!Number.isInteger(amount) || amount < 1 || amount > MAX_DATA_MATRIX_CENTS) {
    return fail('AMOUNT', { value: String(amount) });
  }

  const ec = parseNumericFiscalCode(input.ecFiscalCode);
  if (!ec.ok) return fail('EC_FISCAL_CODE', { cause: ec.reason, ...ec.detail });

  // Only the layout is checked here: the code was validated when the debtor was identified or imported,
  // and refusing to print over a legacy code with a bad check character would help nobody.
  const debtor = input.debtorFiscalCode.replace(/\s+/g, '').toUpperCase();
  if (debtor.length > DEBTOR_CODE_WIDTH) {
    return fail('DEBTOR_FISCAL_CODE', { cause: 'LENGTH', length: debtor.length });
  }
  if (!/^[A-Z0-9]*$/.test(debtor)) return fail('DEBTOR_FISCAL_CODE', { cause: 'FORMAT' });

  const codeline =
    '18' +
    nav.value.nav +
    '12' +
    account.padStart(12, '0') +
    '10' +
    String(amount).padStart(10, '0') +
    '3' +
    '896';
  return ok(
    HEADER +
      codeline +
      '1P1' +
      ec.value.padEnd(EC_CODE_WIDTH, ' ') +
      debtor.padEnd(DEBTOR_CODE_WIDTH, ' ') +
      fit(input.debtorName, NAME_WIDTH) +
      fit(input.subject, SUBJECT_WIDTH) +
      ' '.repeat(12) +
      'A',
  );
}

export interface PosteDataMatrixData {
  nav: string;
  /** As in the payload: 12 digits, zero-padded. */
  postalAccount: string;
  amount: Cents;
  ecFiscalCode: string;
  /** '' when the payload left it blank. */
  debtorFiscalCode: string;
  debtorName: string;
  subject: string;
}

// Fixed parts of the layout, by offset.
const LITERALS: readonly (readonly [number, string])[] = [
  [0, HEADER],
  [13, '18'],
  [33, '12'],
  [47, '10'],
  [59, '3896'],
  [63, '1P1'],
  [243, ' '.repeat(12) + 'A'],
];

export function parsePosteDataMatrixPayload(s: string): Result<PosteDataMatrixData, PosteDataMatrixReason> {
  if (s.length !== DATA_MATRIX_LENGTH) return fail('LENGTH', { length: s.length });
  const nonAscii = s.search(/[^\x20-\x7e]/);
  if (nonAscii >= 0) return fail('FORMAT', { position: nonAscii + 1 });
  for (const [offset, literal] of LITERALS) {
    if (s.slice(offset, offset + literal.length) !== literal) return fail('FORMAT', { position: offset + 1 });
  }

  const navField = s.slice(15, 33);
  const nav = parseNoticeNumber(navField);
  if (!nav.ok || nav.value.nav !== navField) return fail('NAV', { cause: nav.ok ? 'FORMAT' : nav.reason });

  const postalAccount = s.slice(35, 47);
  if (!/^\d{12}$/.test(postalAccount)) return fail('POSTAL_ACCOUNT');

  const amountField = s.slice(49, 59);
  const amount = /^\d{10}$/.test(amountField) ? Number(amountField) : 0;
  if (amount < 1) return fail('AMOUNT', { value: amountField });

  const ecField = s.slice(66, 77);
  const ec = parseNumericFiscalCode(ecField);
  if (!ec.ok || ec.value !== ecField) return fail('EC_FISCAL_CODE', { cause: ec.ok ? 'FORMAT' : ec.reason });

  const debtorFiscalCode = s.slice(77, 93).trimEnd();
  if (!/^[A-Z0-9]*$/.test(debtorFiscalCode)) return fail('DEBTOR_FISCAL_CODE', { cause: 'FORMAT' });

  return ok({
    nav: nav.value.nav,
    postalAccount,
    amount: amount as Cents,
    ecFiscalCode: ec.value,
    debtorFiscalCode,
    debtorName: s.slice(93, 133).trimEnd(),
    subject: s.slice(133, 243).trimEnd(),
  });
}
