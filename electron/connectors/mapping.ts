import type { Debtor } from '../../core/contract/domains/positions';
import { canonicalFiscalCode, normalizeFiscalCodeInput } from '../../core/fiscal-code';
import { parseNoticeNumber, type NoticeNumber } from '../../core/notice-number';

/** A NAV a backend sent, checked with the core rules (length, aux digit, check digits); null when bad. */
export function checkedNotice(raw: string | undefined | null): NoticeNumber | null {
  if (!raw) return null;
  const r = parseNoticeNumber(raw);
  return r.ok ? r.value : null;
}

/** The debtor as the cache keys it: personal codes with omocodia folded, numeric codes as they are. */
export function debtorOf(code: string, name: string | null | undefined, kind?: 'F' | 'G'): Debtor {
  const normalized = normalizeFiscalCodeInput(code);
  const legal = /^\d{11}$/.test(normalized);
  return {
    fiscalCode: legal ? normalized : canonicalFiscalCode(normalized),
    kind: kind ?? (legal ? 'G' : 'F'),
    name: name && name.trim() !== '' ? name.trim().slice(0, 140) : null,
  };
}

/** `2025-03-01T00:00:00` or `2025/03/01` → `2025-03-01`; null for anything else. */
export function calendarDate(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})/.exec(raw);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export const clip = (s: string | null | undefined, max: number): string | null =>
  s === null || s === undefined || s.trim() === '' ? null : s.trim().slice(0, max);
