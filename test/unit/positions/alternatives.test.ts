import { describe, expect, it } from 'vitest';
import type { PaymentOption, Position } from '../../../core/contract/domains/positions';
import { allPayable, payableWays, replacedBy, wholePlan } from '../../../core/positions/alternatives';
import { totalsOf } from '../../../core/positions/totals';

function option(
  id: string,
  kind: 'single' | 'instalment',
  amount: number,
  extra: Partial<PaymentOption> = {},
) {
  return {
    id,
    nav: '301000000000000001',
    iuv: '01000000000000001',
    amount,
    dueDate: '2026-12-31',
    kind,
    planSize: kind === 'single' ? 1 : 3,
    index: kind === 'single' ? null : Number(id.slice(-1)),
    status: 'unpaid',
    backendStatus: null,
    payable: true,
    notPayableReason: null,
    description: null,
    ...extra,
  } as PaymentOption;
}

const tari = {
  id: 'demo:TARI',
  subject: 'TARI 2025',
  options: [
    option('u', 'single', 31_250),
    option('r1', 'instalment', 10_450),
    option('r2', 'instalment', 10_400),
    option('r3', 'instalment', 10_400),
  ],
} as unknown as Position;

const fine = {
  id: 'demo:CDS',
  subject: 'Multa',
  options: [option('d', 'single', 2_940), option('n', 'single', 4_200)],
} as unknown as Position;

describe('a position’s options are alternatives', () => {
  it('the single payment replaces the instalments, and an instalment replaces the single payment', () => {
    expect(replacedBy(tari, tari.options[0]!, ['r1', 'r2'])).toEqual(['r1', 'r2']);
    expect(replacedBy(tari, tari.options[1]!, ['u'])).toEqual(['u']);
    // Instalments of the same plan go together.
    expect(replacedBy(tari, tari.options[2]!, ['r1'])).toEqual([]);
  });

  it('two single payments of a fine (discounted, reduced) go together on one Codice della Strada notice', () => {
    expect(replacedBy(fine, fine.options[1]!, ['d'])).toEqual([]);
  });

  it('the ways are told apart, never summed: € 312,50 or 3 instalments', () => {
    expect(payableWays(tari)).toEqual({
      single: 31_250,
      instalments: 3,
      instalmentsTotal: 31_250,
      planSize: 3,
    });
    expect(payableWays(fine).single).toBe(2_940);
  });

  it('"all payable" takes one way per position, adding up to the totals', () => {
    const ids = allPayable([tari, fine]);
    expect(ids).toEqual(['u', 'd']);
    const picked = [tari, fine].flatMap((p) => p.options).filter((o) => ids.includes(o.id));
    expect(picked.reduce((a, o) => a + o.amount, 0)).toBe(totalsOf([tari, fine]).payableNow);
  });

  it('the whole plan is every payable instalment, and a plan without a payable single is "all payable"', () => {
    expect(wholePlan(tari)).toEqual(['r1', 'r2', 'r3']);
    const paidSingle = {
      ...tari,
      options: [option('u', 'single', 31_250, { payable: false }), ...tari.options.slice(1)],
    };
    expect(allPayable([paidSingle as Position])).toEqual(['r1', 'r2', 'r3']);
  });
});
