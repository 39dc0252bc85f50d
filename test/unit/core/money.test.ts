import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { AmountInEuroCentsFromNumber } from '@pagopa/io-pagopa-commons/lib/pagopa';
import {
  MAX_CENTS,
  centsFromJsonNumber,
  formatEuro,
  formatEuroSymbol,
  parseDecimalEuros,
  parseItalianAmount,
  sumCents,
  toCents,
} from '../../../core/money';
import type { Cents } from '../../../core/money';

const cents = (n: number): Cents => n as Cents;
const anyCents = fc.integer({ min: 0, max: MAX_CENTS });

/** Decimal euros written from cents with string operations only, as a backend would serialise them. */
function decimalEuros(c: number): string {
  const s = String(c).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

describe('toCents', () => {
  it('accepts integers from 0 to MAX_CENTS', () => {
    expect(toCents(0)).toEqual({ ok: true, value: 0 });
    expect(toCents(1250)).toEqual({ ok: true, value: 1250 });
    expect(toCents(MAX_CENTS)).toEqual({ ok: true, value: MAX_CENTS });
  });

  it('turns -0 into 0', () => {
    const r = toCents(-0);
    expect(r.ok && Object.is(r.value, 0)).toBe(true);
  });

  it('refuses fractions, NaN, negatives and overflow', () => {
    expect(toCents(12.5)).toMatchObject({ ok: false, reason: 'NOT_INTEGER' });
    expect(toCents(Number.NaN)).toMatchObject({ ok: false, reason: 'NOT_INTEGER' });
    expect(toCents(Number.POSITIVE_INFINITY)).toMatchObject({ ok: false, reason: 'NOT_INTEGER' });
    expect(toCents(-1)).toEqual({ ok: false, reason: 'NEGATIVE' });
    expect(toCents(MAX_CENTS + 1)).toEqual({ ok: false, reason: 'TOO_LARGE' });
  });
});

describe('parseItalianAmount', () => {
  it.each([
    ['1.020,99', 102099],
    ['1020,99', 102099],
    ['12', 1200],
    ['12,5', 1250],
    ['12,50', 1250],
    ['0,05', 5],
    ['0', 0],
    [' 7,10 ', 710],
    ['1.000', 100000],
    ['999.999.999,99', MAX_CENTS],
    ['1.234.567', 123456700],
  ])('%s -> %i cents', (input, expected) => {
    expect(parseItalianAmount(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['12,345', 'PRECISION'],
    ['1.02,00', 'FORMAT'],
    ['12a', 'FORMAT'],
    ['abc', 'FORMAT'],
    ['1020.99', 'FORMAT'],
    ['12,', 'FORMAT'],
    [',50', 'FORMAT'],
    ['1..000', 'FORMAT'],
    ['1.0000', 'FORMAT'],
    ['€ 12', 'FORMAT'],
    ['+12', 'FORMAT'],
    ['1e3', 'FORMAT'],
    ['-5', 'NEGATIVE'],
    ['-5,00', 'NEGATIVE'],
    ['1.000.000.000,00', 'TOO_LARGE'],
    ['99999999999999999999999', 'TOO_LARGE'],
  ])('%j is refused as %s', (input, reason) => {
    expect(parseItalianAmount(input)).toMatchObject({ ok: false, reason });
  });

  it('reads back everything formatEuro writes', () => {
    fc.assert(
      fc.property(anyCents, (c) => {
        expect(parseItalianAmount(formatEuro(cents(c)))).toEqual({ ok: true, value: c });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseDecimalEuros', () => {
  it.each([
    ['1020.99', 102099],
    ['12.5', 1250],
    ['12', 1200],
    ['12.500', 1250],
    ['12.10000000', 1210],
    ['0.01', 1],
    ['007.00', 700],
    ['999999999.99', MAX_CENTS],
  ])('%s -> %i cents', (input, expected) => {
    expect(parseDecimalEuros(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', 'EMPTY'],
    ['12.501', 'PRECISION'],
    ['0.001', 'PRECISION'],
    ['1e3', 'FORMAT'],
    ['1E3', 'FORMAT'],
    ['1.5e2', 'FORMAT'],
    ['.5', 'FORMAT'],
    ['12.', 'FORMAT'],
    ['12,50', 'FORMAT'],
    ['+12', 'FORMAT'],
    ['NaN', 'FORMAT'],
    ['-1.00', 'NEGATIVE'],
    ['1000000000.00', 'TOO_LARGE'],
  ])('%j is refused as %s', (input, reason) => {
    expect(parseDecimalEuros(input)).toMatchObject({ ok: false, reason });
  });

  it('reads every decimal string of cents exactly', () => {
    fc.assert(
      fc.property(anyCents, (c) => {
        expect(parseDecimalEuros(decimalEuros(c))).toEqual({ ok: true, value: c });
      }),
      { numRuns: 2000 },
    );
  });
});

describe('centsFromJsonNumber', () => {
  it.each([
    [0.29, 29],
    [0.57, 57],
    [1.15, 115],
    [12.5, 1250],
    [1020.99, 102099],
    [0, 0],
    [-0, 0],
    [999999999.99, MAX_CENTS],
  ])('%d -> %i cents', (input, expected) => {
    expect(centsFromJsonNumber(input)).toEqual({ ok: true, value: expected });
  });

  it('never multiplies in floating point: those products are off by one cent', () => {
    expect(Math.floor(0.29 * 100)).toBe(28);
    expect(Math.floor(1.15 * 100)).toBe(114);
  });

  it.each([
    [Number.NaN, 'NOT_FINITE'],
    [Number.POSITIVE_INFINITY, 'NOT_FINITE'],
    [-1, 'NEGATIVE'],
    [0.1 + 0.2, 'PRECISION'],
    [12.345, 'PRECISION'],
    [1e-7, 'PRECISION'],
    [1e21, 'TOO_LARGE'],
    [1e12, 'TOO_LARGE'],
  ])('%d is refused as %s', (input, reason) => {
    expect(centsFromJsonNumber(input)).toMatchObject({ ok: false, reason });
  });

  it('reads every amount a backend can put in JSON exactly', () => {
    fc.assert(
      fc.property(anyCents, (c) => {
        const fromJson = JSON.parse(`{"importo":${decimalEuros(c)}}`) as { importo: number };
        expect(centsFromJsonNumber(fromJson.importo)).toEqual({ ok: true, value: c });
      }),
      { numRuns: 5000 },
    );
  });
});

describe('formatEuro', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [50, '0,50'],
    [100, '1,00'],
    [99999, '999,99'],
    [100000, '1.000,00'],
    [102099, '1.020,99'],
    [MAX_CENTS, '999.999.999,99'],
  ])('%i -> %s', (c, text) => {
    expect(formatEuro(cents(c))).toBe(text);
  });

  it('formatEuroSymbol prefixes the euro sign', () => {
    expect(formatEuroSymbol(cents(102099))).toBe('€ 1.020,99');
    expect(formatEuroSymbol(cents(5))).toBe('€ 0,05');
  });
});

describe('sumCents', () => {
  it('adds amounts exactly', () => {
    expect(sumCents([cents(10), cents(20), cents(1)])).toBe(31);
    expect(sumCents([])).toBe(0);
    expect(sumCents([cents(MAX_CENTS - 1), cents(1)])).toBe(MAX_CENTS);
  });

  it('throws a RangeError past MAX_CENTS', () => {
    expect(() => sumCents([cents(MAX_CENTS), cents(1)])).toThrow(RangeError);
  });
});

describe('oracle: @pagopa/io-pagopa-commons AmountInEuroCentsFromNumber', () => {
  // Its decoder computes Math.floor(euros * 100): it loses a cent on many everyday amounts. We check the
  // agreement where its float product is exact, and pin down the known disagreement.
  it('agrees with us whenever its float product is already an integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 9_999_999_999 }), (c) => {
        const euros = Number(decimalEuros(c));
        fc.pre(Number.isInteger(euros * 100));
        const theirs = AmountInEuroCentsFromNumber.decode(euros);
        const ours = centsFromJsonNumber(euros);
        expect(theirs._tag === 'Right' && Number(theirs.right)).toBe(ours.ok && ours.value);
      }),
      { numRuns: 500 },
    );
  });

  it('is a cent short on 0,29 € where we are exact', () => {
    const theirs = AmountInEuroCentsFromNumber.decode(0.29);
    expect(theirs._tag === 'Right' && theirs.right).toBe('28');
    expect(centsFromJsonNumber(0.29)).toEqual({ ok: true, value: 29 });
  });
});
