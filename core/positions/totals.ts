import type { Position, Totals } from '../contract/domains/positions';
import { sumCents, type Cents } from '../money';

/**
 * What the citizen could pay now. Per position the single payment and the plan are alternatives, so they are
 * never added together: a payable single payment counts (the cheaper one when there are several); otherwise
 * every payable instalment counts.
 */
export function totalsOf(positions: readonly Position[]): Totals {
  const amounts: Cents[] = [];
  let payableCount = 0;
  let optionCount = 0;
  for (const p of positions) {
    optionCount += p.options.length;
    const payable = p.options.filter((o) => o.payable);
    payableCount += payable.length;
    const singles = payable.filter((o) => o.kind === 'single').map((o) => o.amount as Cents);
    if (singles.length > 0) amounts.push(Math.min(...singles) as Cents);
    else amounts.push(...payable.map((o) => o.amount as Cents));
  }
  return { payableNow: sumCents(amounts), payableCount, optionCount };
}
