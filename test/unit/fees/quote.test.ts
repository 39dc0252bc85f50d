import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  fillCausale,
  navForIuvBase,
  quoteAmount,
  splitShares,
} from '../../../core/fees/quote';
import { parseNoticeNumber } from '../../../core/notice-number';

describe('fee amounts (integer cents)', () => {
  it('fixed, per unit, entered within bounds', () => {
    expect(quoteAmount({ rule: 'fixed', cents: 2221 }, {})).toEqual({
      ok: true,
      value: { total: 2221, quantity: 1 },
    });
    expect(quoteAmount({ rule: 'perUnit', unitCents: 25, maxQuantity: 500 }, { quantity: 12 })).toEqual({
      ok: true,
      value: { total: 300, quantity: 12 },
    });
    expect(
      quoteAmount({ rule: 'perUnit', unitCents: 25, maxQuantity: 500 }, { quantity: 501 }),
    ).toMatchObject({ ok: false, reason: 'QUANTITY_RANGE' });
    expect(quoteAmount({ rule: 'perUnit', unitCents: 25, maxQuantity: 500 }, {})).toMatchObject({
      ok: false,
      reason: 'QUANTITY_REQUIRED',
    });
    expect(quoteAmount({ rule: 'entered', minCents: 100, maxCents: 500 }, { amountCents: 99 })).toMatchObject(
      { ok: false, reason: 'AMOUNT_RANGE' },
    );
    expect(
      quoteAmount({ rule: 'entered', minCents: 100, maxCents: 500 }, { amountCents: 100.5 }),
    ).toMatchObject({ ok: false, reason: 'AMOUNT_RANGE' });
    expect(quoteAmount({ rule: 'fixed', cents: 52 }, { amountCents: 10 })).toMatchObject({
      ok: false,
      reason: 'NOT_ALLOWED',
    });
  });

  it('shares always add up to the total, the rest share takes what is left', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (total, fixed) => {
          const r = splitShares(total, [{ cents: fixed }, { rest: true }]);
          if (fixed >= total) return !r.ok;
          return r.ok && r.value[0]! + r.value[1]! === total && r.value[1] === total - fixed;
        },
      ),
    );
    expect(splitShares(2221, [{ cents: 1679 }, { rest: true }])).toEqual({ ok: true, value: [1679, 542] });
    expect(splitShares(100, [{ cents: 60 }, { cents: 30 }]).ok).toBe(false);
  });

  it('causale: placeholders filled, an anonymous payer leaves no dangling dash', () => {
    const t = "Carta d'identità elettronica — {cognome} {nome}";
    expect(fillCausale(t, { servizio: 'CIE', cognome: 'ROSSI', nome: 'MARIO', quantita: 1 })).toBe(
      "Carta d'identità elettronica — ROSSI MARIO",
    );
    expect(fillCausale(t, { servizio: 'CIE', quantita: 1 })).toBe("Carta d'identità elettronica");
    expect(fillCausale('Copie: {quantita} pagine', { servizio: 'x', quantita: 12 })).toBe('Copie: 12 pagine');
    expect(fillCausale('x'.repeat(150), { servizio: 'x', quantita: 1 })).toHaveLength(140);
  });

  it('NAVs built from a range are valid aux-3 notice numbers (checked by the core parser)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999_999_999 }), (base) => {
        const n = navForIuvBase('01', base);
        return n.ok && parseNoticeNumber(n.value.nav).ok && n.value.nav.startsWith('301');
      }),
    );
    // The worked example of the domain notes: segregation 01, base 123 → NAV 301000000000012373.
    const n = navForIuvBase('01', 123);
    expect(n.ok && n.value.nav).toBe('301000000000012373');
  });

  it('due dates in calendar days', () => {
    expect(addCalendarDays('2026-12-04', 30)).toBe('2027-01-03');
    expect(addCalendarDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
