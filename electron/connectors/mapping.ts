import type { Debtor, PartialReason } from '../../core/contract/domains/positions';
import { AppError, type ContractError } from '../../core/contract/errors';
import { normalizeFiscalCodeInput } from '../../core/fiscal-code';
import { parseNoticeNumber, type NoticeNumber } from '../../core/notice-number';

/** A NAV a backend sent, checked with the core rules (length, aux digit, check digits); null when bad. */
export function checkedNotice(raw: string | undefined | null): NoticeNumber | null {
  if (!raw) return null;
  const r = parseNoticeNumber(raw);
  return r.ok ? r.value : null;
}

/**
 * The debtor as the cache keys it: the code exactly as the backend sent it (spaces and case aside). An
 * omocodic code is another person's, never folded onto its base code.
 */
export function debtorOf(code: string, name: string | null | undefined, kind?: 'F' | 'G'): Debtor {
  const normalized = normalizeFiscalCodeInput(code);
  const legal = /^\d{11}$/.test(normalized);
  return {
    fiscalCode: normalized,
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

/** Why a listing that had started ended early, from the error of the page that failed. */
export function stopReasonOf(err: unknown): {
  reason: PartialReason;
  error: ContractError;
  retryAfter?: number;
} {
  const error: ContractError = err instanceof AppError ? err.toContractError() : { code: 'INTERNAL' };
  const why = error.details?.['reason'];
  if (error.code === 'BACKEND_TIMEOUT' && why === 'LISTING_TIMEOUT')
    return { reason: 'LISTING_TIMEOUT', error };
  if (error.code === 'BACKEND_MALFORMED' && why === 'TOO_LARGE') return { reason: 'SIZE_LIMIT', error };
  if (why === 'RATE_LIMITED') {
    const s = Number(error.details?.['retryAfterSeconds']);
    return { reason: 'RATE_LIMITED', error, ...(Number.isFinite(s) ? { retryAfter: s } : {}) };
  }
  return { reason: 'PAGE_FAILED', error };
}

/** A string field of a raw item the desk could not validate, for naming it to the clerk. */
export const rawField = (raw: unknown, key: string): string | null => {
  if (typeof raw !== 'object' || raw === null) return null;
  const v = (raw as Record<string, unknown>)[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, 200) : null;
};
