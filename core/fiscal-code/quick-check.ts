import type { ContractError } from '../contract/errors';
import { normalizeFiscalCodeInput, parsePersonalFiscalCode } from './personal';
import { parseNumericFiscalCode } from './numeric';

/** What the fiscal-code field shows while the clerk types: nothing yet, fine so far, complete, or wrong. */
export type QuickCheck =
  | { readonly state: 'empty' }
  | { readonly state: 'partial' }
  | { readonly state: 'complete' }
  | { readonly state: 'invalid'; readonly error: ContractError };

const L = /[A-Z]/;
const D = /[0-9LMNPQRSTUV]/;
const M = /[ABCDEHLMPRST]/;
/** The class every position of a personal code must belong to, so a wrong character is flagged as it is typed. */
const CLASSES = [L, L, L, L, L, L, D, D, M, D, D, L, D, D, D, L];

const invalid = (reason: string, detail: Record<string, unknown> = {}): QuickCheck => ({
  state: 'invalid',
  error: { code: 'INVALID_INPUT', details: { field: 'fiscalCode', reason, ...detail } },
});

export function quickCheckFiscalCode(raw: string): QuickCheck {
  const code = normalizeFiscalCodeInput(raw);
  if (code === '') return { state: 'empty' };
  if (/^\d+$/.test(code)) {
    if (code.length < 11) return { state: 'partial' };
    if (code.length > 11) return invalid('LENGTH', { length: code.length });
    const r = parseNumericFiscalCode(code);
    return r.ok ? { state: 'complete' } : invalid(r.reason, r.detail);
  }
  for (let i = 0; i < Math.min(code.length, 16); i++) {
    if (!(CLASSES[i] as RegExp).test(code.charAt(i))) return invalid('FORMAT', { position: i + 1 });
  }
  if (code.length < 16) return { state: 'partial' };
  if (code.length > 16) return invalid('LENGTH', { length: code.length });
  const r = parsePersonalFiscalCode(code);
  return r.ok ? { state: 'complete' } : invalid(r.reason, r.detail);
}
