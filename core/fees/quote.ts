import { MAX_CENTS, type Cents } from '../money';
import { buildNoticeNumber, type NoticeNumber } from '../notice-number';
import { fail, ok, type Result } from '../result';

/** How a fee's amount is made (integer cents throughout). */
export type AmountRule =
  | { readonly rule: 'fixed'; readonly cents: number }
  | { readonly rule: 'perUnit'; readonly unitCents: number; readonly maxQuantity: number }
  | { readonly rule: 'entered'; readonly minCents: number; readonly maxCents: number };

export type QuoteReason =
  'QUANTITY_REQUIRED' | 'QUANTITY_RANGE' | 'AMOUNT_REQUIRED' | 'AMOUNT_RANGE' | 'NOT_ALLOWED';

export interface QuoteInput {
  readonly quantity?: number | undefined;
  readonly amountCents?: number | undefined;
}

/** The fee's total for what the clerk entered; every refusal names the bound it broke. */
export function quoteAmount(
  rule: AmountRule,
  input: QuoteInput,
): Result<{ total: Cents; quantity: number }, QuoteReason> {
  switch (rule.rule) {
    case 'fixed':
      if (input.amountCents !== undefined) return fail('NOT_ALLOWED', { field: 'amount' });
      if (input.quantity !== undefined && input.quantity !== 1)
        return fail('NOT_ALLOWED', { field: 'quantity' });
      return ok({ total: rule.cents as Cents, quantity: 1 });
    case 'perUnit': {
      if (input.amountCents !== undefined) return fail('NOT_ALLOWED', { field: 'amount' });
      const q = input.quantity;
      if (q === undefined) return fail('QUANTITY_REQUIRED');
      if (!Number.isInteger(q) || q < 1 || q > rule.maxQuantity)
        return fail('QUANTITY_RANGE', { min: 1, max: rule.maxQuantity });
      const total = rule.unitCents * q;
      if (total > MAX_CENTS) return fail('AMOUNT_RANGE', { max: MAX_CENTS });
      return ok({ total: total as Cents, quantity: q });
    }
    case 'entered': {
      if (input.quantity !== undefined && input.quantity !== 1)
        return fail('NOT_ALLOWED', { field: 'quantity' });
      const a = input.amountCents;
      if (a === undefined) return fail('AMOUNT_REQUIRED');
      if (!Number.isInteger(a) || a < rule.minCents || a > rule.maxCents)
        return fail('AMOUNT_RANGE', { min: rule.minCents, max: rule.maxCents });
      return ok({ total: a as Cents, quantity: 1 });
    }
  }
}

export type Share = { readonly cents: number } | { readonly rest: true };

/** Splits a total over accounting lines: fixed shares first, the one `rest` share takes what is left. */
export function splitShares(total: number, shares: readonly Share[]): Result<Cents[], 'SHARES'> {
  const fixed = shares.reduce((s, x) => s + ('cents' in x ? x.cents : 0), 0);
  const rest = total - fixed;
  const rests = shares.filter((x) => 'rest' in x).length;
  if (rests > 1 || rest < 0 || (rests === 0 && rest !== 0) || (rests === 1 && rest === 0))
    return fail('SHARES', { total, fixed });
  return ok(shares.map((x) => ('cents' in x ? x.cents : rest) as Cents));
}

export interface CausaleVars {
  readonly servizio: string;
  readonly cognome?: string | null;
  readonly nome?: string | null;
  readonly codiceFiscale?: string | null;
  readonly quantita: number;
}

/**
 * Fills the causale template. A placeholder with nothing to put in it (an anonymous payer has no name) goes
 * away with its separator, so "CIE — {cognome} {nome}" reads "CIE" rather than "CIE — ".
 */
export function fillCausale(template: string, v: CausaleVars): string {
  const values: Record<string, string> = {
    servizio: v.servizio,
    cognome: v.cognome ?? '',
    nome: v.nome ?? '',
    codiceFiscale: v.codiceFiscale ?? '',
    quantita: String(v.quantita),
  };
  const filled = template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? values[k]! : m));
  return filled
    .replace(/\s+/g, ' ')
    .replace(/\s*[—–-]\s*$/u, '')
    .trim()
    .slice(0, 140);
}

/** Aux-digit-3 NAV for one IUV base of a creditor's segregation code: `3` + IUV (segregation + base + check). */
export function navForIuvBase(segregationCode: string, base: number): Result<NoticeNumber, 'FORMAT'> {
  return buildNoticeNumber({ auxDigit: 3, segregationCode, iuvBase: String(base).padStart(13, '0') });
}

/** `YYYY-MM-DD` + n days, in calendar days (no time zone involved). */
export function addCalendarDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
