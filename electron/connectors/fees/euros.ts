import type { Cents } from '../../../core/money';

/**
 * Integer cents → the decimal-euro number GovPay's JSON wants. Built from the digits (`1234` → `12.34`), then
 * read once by JSON.parse: the only float on the way is the one the wire format itself is.
 */
export function formatDecimalEuros(c: Cents | number): number {
  const s = String(c).padStart(3, '0');
  return Number(`${s.slice(0, -2)}.${s.slice(-2)}`);
}
