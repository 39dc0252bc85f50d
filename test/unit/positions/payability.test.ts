import { describe, expect, it } from 'vitest';
import type { Cents } from '../../../core/money';
import {
  applyPayability,
  derivePositionStatus,
  isOverridable,
  type OptionDraft,
  type PositionDraft,
} from '../../../core/positions/payability';
import { totalsOf } from '../../../core/positions/totals';
import {
  govpayPositionStatus,
  gpdOptionStatus,
  gpdPositionStatus,
  mypayOptionStatus,
} from '../../../core/positions/backend-status';

const TODAY = '2025-06-15';

function opt(over: Partial<OptionDraft> & { id: string }): OptionDraft {
  return {
    nav: '301000000000000000',
    iuv: '01000000000000000',
    amount: 1000 as Cents,
    dueDate: '2025-12-31',
    kind: 'single',
    planSize: 1,
    index: null,
    status: 'unpaid',
    backendStatus: null,
    description: null,
    ...over,
  };
}

function pos(options: OptionDraft[], status: PositionDraft['status'] = 'payable'): PositionDraft {
  return {
    id: 'file:1:A',
    connector: 'file',
    backendId: 'A',
    creditor: { fiscalCode: '00000000000', name: 'EC', ipaCode: null, cbill: null, sector: null, info: null },
    debtor: { fiscalCode: 'RSSMRA80A01H501U', kind: 'F', name: null },
    subject: 'x',
    status,
    backendStatus: null,
    options,
    fetchedAt: '2025-06-15T08:00:00.000Z',
  };
}

const plan = (statuses: OptionDraft['status'][]) =>
  statuses.map((status, i) =>
    opt({
      id: `r${i + 1}`,
      kind: 'instalment',
      planSize: statuses.length,
      index: i + 1,
      status,
      amount: 500 as Cents,
    }),
  );

describe('payability', () => {
  it('offers an unpaid single payment and a plan of unpaid instalments', () => {
    const p = applyPayability(pos([opt({ id: 's' }), ...plan(['unpaid', 'unpaid'])]), TODAY);
    expect(p.options.map((o) => o.payable)).toEqual([true, true, true]);
    expect(p.options.every((o) => o.notPayableReason === null)).toBe(true);
  });

  it('closes the single payment once an instalment is paid', () => {
    const p = applyPayability(pos([opt({ id: 's' }), ...plan(['paid', 'unpaid'])], 'partially-paid'), TODAY);
    expect(p.options.map((o) => [o.id, o.payable, o.notPayableReason])).toEqual([
      ['s', false, 'CONFLICT_INSTALMENT_PAID'],
      ['r1', false, 'PAID'],
      ['r2', true, null],
    ]);
    expect(isOverridable(p.options[0]!)).toBe(false);
    expect(isOverridable(p.options[1]!)).toBe(true);
  });

  it('closes every instalment once the single payment is paid', () => {
    const p = applyPayability(pos([opt({ id: 's', status: 'paid' }), ...plan(['unpaid'])], 'paid'), TODAY);
    expect(p.options.map((o) => o.notPayableReason)).toEqual(['PAID', 'CONFLICT_SINGLE_PAID']);
  });

  it('shows expired options (status or past due date) as not payable but overridable', () => {
    const p = applyPayability(
      pos([
        opt({ id: 'a', dueDate: '2025-06-14' }),
        opt({ id: 'b', status: 'expired' }),
        opt({ id: 'c', dueDate: TODAY }),
      ]),
      TODAY,
    );
    expect(p.options.map((o) => o.notPayableReason)).toEqual(['EXPIRED', 'EXPIRED', null]);
    expect(p.options.map(isOverridable)).toEqual([true, true, false]);
  });

  it('refuses options of a position that is not payable, and cancelled or unknown ones without override', () => {
    const p = applyPayability(pos([opt({ id: 'a' })], 'invalid'), TODAY);
    expect(p.options[0]!.notPayableReason).toBe('POSITION_NOT_PAYABLE');
    const q = applyPayability(
      pos([opt({ id: 'a', status: 'cancelled' }), opt({ id: 'b', status: 'unknown' })]),
      TODAY,
    );
    expect(q.options.map((o) => [o.notPayableReason, isOverridable(o)])).toEqual([
      ['CANCELLED', false],
      ['UNKNOWN_STATUS', false],
    ]);
  });

  it('derives the position state from its options', () => {
    expect(derivePositionStatus([opt({ id: 's' })])).toBe('payable');
    expect(derivePositionStatus([opt({ id: 's', status: 'paid' })])).toBe('paid');
    expect(derivePositionStatus(plan(['paid', 'unpaid']))).toBe('partially-paid');
    expect(derivePositionStatus(plan(['paid', 'paid']))).toBe('paid');
    expect(derivePositionStatus([opt({ id: 's', status: 'cancelled' })])).toBe('cancelled');
  });
});

describe('totals', () => {
  it('counts the single payment or the plan of a position, never both', () => {
    const both = applyPayability(
      pos([opt({ id: 's', amount: 1000 as Cents }), ...plan(['unpaid', 'unpaid'])]),
      TODAY,
    );
    const planOnly = applyPayability({ ...pos(plan(['paid', 'unpaid'])), id: 'p2' }, TODAY);
    const t = totalsOf([both, planOnly]);
    expect(t).toEqual({ payableNow: 1000 + 500, payableCount: 4, optionCount: 5 });
  });
});

describe('backend states', () => {
  it('maps the payable states of each backend', () => {
    expect(
      ['NON_ESEGUITA', 'ESEGUITA_PARZIALE', 'ESEGUITA', 'ANNULLATA', 'SCADUTA'].map(govpayPositionStatus),
    ).toEqual(['payable', 'partially-paid', 'paid', 'cancelled', 'expired']);
    expect(['VALID', 'PARTIALLY_PAID', 'PAID', 'DRAFT', 'UNPAYABLE'].map(gpdPositionStatus)).toEqual([
      'payable',
      'partially-paid',
      'paid',
      'invalid',
      'cancelled',
    ]);
    expect(['UNPAID', 'PO_PAID', 'EXPIRED', 'WHATEVER'].map(gpdOptionStatus)).toEqual([
      'unpaid',
      'paid',
      'expired',
      'unknown',
    ]);
    expect(['DA_PAGARE', 'PAGATO', 'ANNULLATO', 'SCADUTO', '??'].map(mypayOptionStatus)).toEqual([
      'unpaid',
      'paid',
      'cancelled',
      'expired',
      'unknown',
    ]);
  });
});
