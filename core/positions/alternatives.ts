import type { PaymentOption, Position } from '../contract/domains/positions';
import { sumCents, type Cents } from '../money';

/**
 * A position is paid one way: in one payment, or by its plan's instalments. Choosing a single payment
 * therefore replaces the instalments, and choosing an instalment replaces the single payments. Several single
 * payments stay together: a fine's discounted and reduced amounts are printed on one Codice della Strada
 * notice, and the citizen picks one when paying. Returns the ids of `selected` that the choice of `chosen`
 * removes.
 */
export function replacedBy(position: Position, chosen: PaymentOption, selected: readonly string[]): string[] {
  const ids = new Set(selected);
  return position.options
    .filter((o) => o.id !== chosen.id && ids.has(o.id))
    .filter((o) => o.kind !== chosen.kind)
    .map((o) => o.id);
}

/** How a position can be paid now: the cheapest payable single payment, and the payable plan's size. */
export interface PayableWays {
  readonly single: Cents | null;
  readonly instalments: number;
  readonly instalmentsTotal: Cents;
  readonly planSize: number;
}

export function payableWays(position: Position): PayableWays {
  const payable = position.options.filter((o) => o.payable);
  const singles = payable.filter((o) => o.kind === 'single').map((o) => o.amount as number);
  const instalments = payable.filter((o) => o.kind === 'instalment');
  return {
    single: singles.length > 0 ? (Math.min(...singles) as Cents) : null,
    instalments: instalments.length,
    instalmentsTotal: sumCents(instalments.map((o) => o.amount as Cents)),
    planSize: instalments[0]?.planSize ?? 0,
  };
}

/** The option ids of a position's whole payable plan (the "whole plan" key). */
export function wholePlan(position: Position): string[] {
  return position.options.filter((o) => o.payable && o.kind === 'instalment').map((o) => o.id);
}

/**
 * "All payable": per position one way only, the cheapest payable single payment, else every payable instalment
 * (the same choice as the totals, so the printed notices add up to "Pagabile ora").
 */
export function allPayable(positions: readonly Position[]): string[] {
  return positions.flatMap((p) => {
    const payable = p.options.filter((o) => o.payable);
    const singles = payable.filter((o) => o.kind === 'single');
    if (singles.length === 0) return payable.map((o) => o.id);
    const cheapest = singles.reduce((a, b) => (b.amount < a.amount ? b : a));
    return [cheapest.id];
  });
}
