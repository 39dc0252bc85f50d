import type { PaymentOption } from '../contract/domains/positions';

/**
 * Backends carry a Codice della Strada fine as two single payments with their own notice numbers: the amount
 * discounted by 30% (within 5 days of notification) and the reduced amount (from the 6th to the 60th day).
 * No backend field says which is which; the description does (GPD and GovPay creditors write "scontato" /
 * "ridotto", as the demo does). Recognised only when exactly two single payments are chosen, one described
 * as discounted, and it is the smaller: anything else prints as ordinary single payments.
 */
const DISCOUNTED = /\bscontat[oa]\b/i;

export function fineTiers(singles: readonly PaymentOption[]): { discounted: string; reduced: string } | null {
  if (singles.length !== 2) return null;
  const [a, b] = singles as [PaymentOption, PaymentOption];
  const da = DISCOUNTED.test(a.description ?? '');
  const db = DISCOUNTED.test(b.description ?? '');
  if (da === db) return null;
  const [disc, red] = da ? [a, b] : [b, a];
  if (disc.amount >= red.amount) return null;
  return { discounted: disc.id, reduced: red.id };
}
