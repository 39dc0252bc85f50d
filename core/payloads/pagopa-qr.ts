import { fail, ok } from '../result';
import type { Result } from '../result';
import { parseNoticeNumber } from '../notice-number';
import { parseNumericFiscalCode } from '../fiscal-code/numeric';
import { MAX_CENTS } from '../money';
import type { Cents } from '../money';

/**
 * Stable reasons; for NAV and EC_FISCAL_CODE the detail carries the inner rule's reason as `cause` (plus its
 * own detail), so the desk can say which check failed without a second parse.
 */
export type PagoPaQrReason = 'FORMAT' | 'VERSION' | 'NAV' | 'EC_FISCAL_CODE' | 'AMOUNT';

export interface PagoPaQrData {
  nav: string;
  ecFiscalCode: string;
  amount: Cents;
}

const PREFIX = 'PAGOPA';
const VERSION = '002';

function checkAmount(amount: number): boolean {
  return Number.isInteger(amount) && amount >= 1 && amount <= MAX_CENTS;
}

/**
 * `PAGOPA|002|<NAV>|<EC fiscal code>|<cents>`, cents unpadded but at least two digits (the spec's 2-11).
 * Note: pagoPA's own parser (io-pagopa-commons, used by the IO app) reads at most 10 amount digits, so an
 * amount of 100.000.000,00 € or more builds a payload that the IO app will not scan.
 */
export function buildPagoPaQrPayload(input: PagoPaQrData): Result<string, PagoPaQrReason> {
  const nav = parseNoticeNumber(input.nav);
  if (!nav.ok) return fail('NAV', { cause: nav.reason, ...nav.detail });
  const ec = parseNumericFiscalCode(input.ecFiscalCode);
  if (!ec.ok) return fail('EC_FISCAL_CODE', { cause: ec.reason, ...ec.detail });
  if (!checkAmount(input.amount)) return fail('AMOUNT', { value: String(input.amount) });
  const cents = String(input.amount).padStart(2, '0');
  return ok([PREFIX, VERSION, nav.value.nav, ec.value, cents].join('|'));
}

/**
 * Reads a scanned payload strictly: no whitespace inside fields, NAV and EC code must pass their checks.
 * The amount may have 1 to 11 digits (some printed codes carry a single digit, and older generators padded).
 */
export function parsePagoPaQrPayload(s: string): Result<PagoPaQrData, PagoPaQrReason> {
  const fields = s.trim().split('|');
  if (fields.length !== 5 || fields[0] !== PREFIX) return fail('FORMAT');
  const [, version = '', navField = '', ecField = '', amountField = ''] = fields;
  if (version !== VERSION) return fail('VERSION', { version });
  if (!/^\d{18}$/.test(navField)) return fail('NAV', { cause: 'FORMAT' });
  const nav = parseNoticeNumber(navField);
  if (!nav.ok) return fail('NAV', { cause: nav.reason, ...nav.detail });
  if (!/^\d{11}$/.test(ecField)) return fail('EC_FISCAL_CODE', { cause: 'FORMAT' });
  const ec = parseNumericFiscalCode(ecField);
  if (!ec.ok) return fail('EC_FISCAL_CODE', { cause: ec.reason, ...ec.detail });
  if (!/^\d{1,11}$/.test(amountField)) return fail('AMOUNT', { value: amountField });
  const amount = Number(amountField);
  if (!checkAmount(amount)) return fail('AMOUNT', { value: amountField });
  return ok({ nav: nav.value.nav, ecFiscalCode: ec.value, amount: amount as Cents });
}
