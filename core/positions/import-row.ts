import type { OptionStatus } from '../contract/domains/positions';
import { parseFiscalCode } from '../fiscal-code';
import { parseNumericFiscalCode } from '../fiscal-code/numeric';
import { parseDecimalEuros, type Cents } from '../money';
import { parseNoticeNumber } from '../notice-number';
import { fail, ok, type Result } from '../result';

/** Columns of the import format (docs/import-format.md). One row per payment option. */
export const IMPORT_COLUMNS = [
  'nav',
  'ec_fiscal_code',
  'ec_name',
  'debtor_fiscal_code',
  'debtor_name',
  'subject',
  'amount',
  'due_date',
  'position_id',
  'plan_size',
  'instalment',
  'status',
  'description',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = [
  'nav',
  'ec_fiscal_code',
  'ec_name',
  'debtor_fiscal_code',
  'subject',
  'amount',
];

export interface ImportRow {
  nav: string;
  iuv: string;
  ecFiscalCode: string;
  ecName: string;
  /** Canonical (omocodia folded). */
  debtorFiscalCode: string;
  debtorKind: 'F' | 'G';
  debtorName: string | null;
  subject: string;
  amount: Cents;
  dueDate: string | null;
  /** The key grouping rows into one position: `position_id`, or the NAV for a lone single payment. */
  positionKey: string;
  planSize: number;
  instalment: number | null;
  status: OptionStatus;
  description: string | null;
}

export type ImportRowReason =
  | 'MISSING'
  | 'NAV'
  | 'EC_FISCAL_CODE'
  | 'DEBTOR_FISCAL_CODE'
  | 'AMOUNT'
  | 'DUE_DATE'
  | 'PLAN'
  | 'STATUS'
  | 'TOO_LONG';

const STATUS: Readonly<Record<string, OptionStatus>> = {
  '': 'unpaid',
  unpaid: 'unpaid',
  da_pagare: 'unpaid',
  paid: 'paid',
  pagato: 'paid',
  expired: 'expired',
  scaduto: 'expired',
  cancelled: 'cancelled',
  annullato: 'cancelled',
};

function calendarDate(s: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const it = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : it ? [it[3], it[2], it[1]] : [];
  if (!y || !m || !d) return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  )
    return null;
  return `${y}-${m}-${d}`;
}

const LIMITS: readonly (readonly [ImportColumn, number])[] = [
  ['ec_name', 140],
  ['debtor_name', 140],
  ['subject', 280],
  ['position_id', 120],
  ['description', 280],
];

/**
 * Remembers the last answers of a pure rule. Import files repeat the same creditor, debtor (one per
 * instalment) and due date on row after row: asking the core rule once per distinct value keeps the full
 * rules on every row at a fraction of the cost. Bounded, so a file of distinct values cannot grow it. The
 * value of the row before is compared first: that is most hits, and costs less than hashing the key.
 */
function memo<T>(rule: (s: string) => T, max = 4096): (s: string) => T {
  let cache = new Map<string, T>();
  let lastKey: string | null = null;
  let last!: T;
  return (s) => {
    if (s === lastKey) return last;
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size >= max) cache = new Map();
      v = rule(s);
      cache.set(s, v);
    }
    lastKey = s;
    last = v;
    return v;
  };
}

export type ImportRowValidator = (get: (c: ImportColumn) => string) => Result<ImportRow, ImportRowReason>;

/**
 * Validates import rows with the core rules (NAV check digits, fiscal codes, exact money) and normalises
 * them. `get` returns the trimmed cell of a column ('' when absent). Amount: decimal euros with a dot or a
 * comma and no thousands separator (`1234.50`, `1234,5`): `1.234,50` is refused rather than guessed at.
 * One validator per file: it memoises the rules' answers for that file's `today`.
 */
export function createImportRowValidator(today: string): ImportRowValidator {
  const ecRule = memo(parseNumericFiscalCode, 64);
  const debtorRule = memo((s: string) => parseFiscalCode(s, { today }));
  const dateRule = memo(calendarDate);
  return (get) => validate(get, ecRule, debtorRule, dateRule);
}

/** One-off form of createImportRowValidator. */
export function validateImportRow(
  get: (c: ImportColumn) => string,
  today: string,
): Result<ImportRow, ImportRowReason> {
  return createImportRowValidator(today)(get);
}

function validate(
  get: (c: ImportColumn) => string,
  ecRule: (s: string) => ReturnType<typeof parseNumericFiscalCode>,
  debtorRule: (s: string) => ReturnType<typeof parseFiscalCode>,
  dateRule: (s: string) => string | null,
): Result<ImportRow, ImportRowReason> {
  for (const c of REQUIRED_COLUMNS) if (get(c) === '') return fail('MISSING', { field: c });
  for (const [c, max] of LIMITS) if (get(c).length > max) return fail('TOO_LONG', { field: c, max });
  const notice = parseNoticeNumber(get('nav'));
  if (!notice.ok) return fail('NAV', { field: 'nav', rule: notice.reason });
  const ec = ecRule(get('ec_fiscal_code'));
  if (!ec.ok) return fail('EC_FISCAL_CODE', { field: 'ec_fiscal_code', rule: ec.reason });
  const debtor = debtorRule(get('debtor_fiscal_code'));
  if (!debtor.ok) return fail('DEBTOR_FISCAL_CODE', { field: 'debtor_fiscal_code', rule: debtor.reason });
  const rawAmount = get('amount');
  const amount = parseDecimalEuros(
    rawAmount.includes(',') && !rawAmount.includes('.') ? rawAmount.replace(',', '.') : rawAmount,
  );
  if (!amount.ok) return fail('AMOUNT', { field: 'amount', rule: amount.reason });
  // pagoPA notices carry at least one cent (GPD's specification says so): a zero row cannot be paid.
  if (amount.value === 0) return fail('AMOUNT', { field: 'amount', rule: 'ZERO' });
  const rawDue = get('due_date');
  const dueDate = rawDue === '' ? null : dateRule(rawDue);
  if (rawDue !== '' && dueDate === null) return fail('DUE_DATE', { field: 'due_date' });
  const rawPlan = get('plan_size');
  const rawIndex = get('instalment');
  const planSize = rawPlan === '' ? 1 : Number(rawPlan);
  const instalment = rawIndex === '' ? null : Number(rawIndex);
  if (!Number.isInteger(planSize) || planSize < 1 || planSize > 100)
    return fail('PLAN', { field: 'plan_size' });
  if (instalment !== null && (!Number.isInteger(instalment) || instalment < 1 || instalment > planSize))
    return fail('PLAN', { field: 'instalment' });
  if (instalment === null && planSize !== 1) return fail('PLAN', { field: 'instalment' });
  const positionId = get('position_id');
  if (instalment !== null && positionId === '') return fail('MISSING', { field: 'position_id' });
  const status = STATUS[get('status').toLowerCase()];
  if (status === undefined) return fail('STATUS', { field: 'status' });
  const d = debtor.value;
  return ok({
    nav: notice.value.nav,
    iuv: notice.value.iuv,
    ecFiscalCode: ec.value,
    ecName: get('ec_name'),
    debtorFiscalCode: d.kind === 'person' ? d.person.code : d.code,
    debtorKind: d.kind === 'person' ? 'F' : 'G',
    debtorName: get('debtor_name') || null,
    subject: get('subject'),
    amount: amount.value,
    dueDate,
    positionKey: positionId === '' ? notice.value.nav : positionId,
    planSize,
    instalment,
    status,
    description: get('description') || null,
  });
}
