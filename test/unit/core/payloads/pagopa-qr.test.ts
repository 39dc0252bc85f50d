import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  PaymentNoticeNumberFromString,
  PaymentNoticeQrCodeFromString,
} from '@pagopa/io-pagopa-commons/lib/pagopa';
import { buildPagoPaQrPayload, parsePagoPaQrPayload } from '../../../../core/payloads/pagopa-qr';
import { MAX_CENTS } from '../../../../core/money';
import type { Cents } from '../../../../core/money';
import { anyNav, numericCode } from '../arbitraries';

const cents = (n: number): Cents => n as Cents;
const EXAMPLE = 'PAGOPA|002|301000000000012373|01199250158|1250';
const base = { nav: '301000000000012373', ecFiscalCode: '01199250158', amount: cents(1250) };

describe('buildPagoPaQrPayload', () => {
  it('builds the documented example', () => {
    expect(buildPagoPaQrPayload(base)).toEqual({ ok: true, value: EXAMPLE });
  });

  it('normalises a NAV typed in groups and an EC code with spaces', () => {
    expect(
      buildPagoPaQrPayload({ ...base, nav: '3010 0000 0000 0123 73', ecFiscalCode: ' 01199250158 ' }),
    ).toEqual({
      ok: true,
      value: EXAMPLE,
    });
  });

  it('writes cents unpadded, at least two digits', () => {
    const amountField = (amount: number): string | undefined => {
      const r = buildPagoPaQrPayload({ ...base, amount: cents(amount) });
      return r.ok ? r.value.split('|')[4] : undefined;
    };
    expect(amountField(1)).toBe('01');
    expect(amountField(5)).toBe('05');
    expect(amountField(10)).toBe('10');
    expect(amountField(100)).toBe('100');
    expect(amountField(MAX_CENTS)).toBe('99999999999');
  });

  it('refuses a bad NAV, EC code or amount with the inner cause', () => {
    expect(buildPagoPaQrPayload({ ...base, nav: '301000000000012374' })).toEqual({
      ok: false,
      reason: 'NAV',
      detail: { cause: 'CHECK_DIGITS', expected: '73', found: '74' },
    });
    expect(buildPagoPaQrPayload({ ...base, nav: 'RF18539007547034' })).toMatchObject({
      reason: 'NAV',
      detail: { cause: 'RF_REFERENCE' },
    });
    expect(buildPagoPaQrPayload({ ...base, ecFiscalCode: '01199250159' })).toMatchObject({
      reason: 'EC_FISCAL_CODE',
      detail: { cause: 'CHECK_DIGIT' },
    });
    expect(buildPagoPaQrPayload({ ...base, ecFiscalCode: 'RSSMRA80A01H501U' })).toMatchObject({
      reason: 'EC_FISCAL_CODE',
      detail: { cause: 'LENGTH' },
    });
    for (const amount of [0, -1, 12.5, MAX_CENTS + 1, Number.NaN]) {
      expect(buildPagoPaQrPayload({ ...base, amount: cents(amount) })).toMatchObject({
        ok: false,
        reason: 'AMOUNT',
      });
    }
  });
});

describe('parsePagoPaQrPayload', () => {
  it('reads the documented example', () => {
    expect(parsePagoPaQrPayload(EXAMPLE)).toEqual({ ok: true, value: base });
  });

  it('accepts a one-digit amount and zero-padded amounts', () => {
    expect(parsePagoPaQrPayload('PAGOPA|002|301000000000012373|01199250158|5')).toMatchObject({
      value: { amount: 5 },
    });
    expect(parsePagoPaQrPayload('PAGOPA|002|301000000000012373|01199250158|0000001250')).toMatchObject({
      value: { amount: 1250 },
    });
  });

  it.each([
    ['', 'FORMAT'],
    ['PAGOPA|002|301000000000012373|01199250158', 'FORMAT'],
    ['PAGOPA|002|301000000000012373|01199250158|1250|x', 'FORMAT'],
    ['pagopa|002|301000000000012373|01199250158|1250', 'FORMAT'],
    ['PAGOPA|001|301000000000012373|01199250158|1250', 'VERSION'],
    ['PAGOPA|002|3010 0000 0000 0123 73|01199250158|1250', 'NAV'],
    ['PAGOPA|002|301000000000012374|01199250158|1250', 'NAV'],
    ['PAGOPA|002|301000000000012373|1199250158|1250', 'EC_FISCAL_CODE'],
    ['PAGOPA|002|301000000000012373|01199250159|1250', 'EC_FISCAL_CODE'],
    ['PAGOPA|002|301000000000012373|01199250158|0', 'AMOUNT'],
    ['PAGOPA|002|301000000000012373|01199250158|12.50', 'AMOUNT'],
    ['PAGOPA|002|301000000000012373|01199250158|', 'AMOUNT'],
    ['PAGOPA|002|301000000000012373|01199250158|100000000000', 'AMOUNT'],
  ])('%j is refused as %s', (payload, reason) => {
    expect(parsePagoPaQrPayload(payload)).toMatchObject({ ok: false, reason });
  });

  it('round-trips build -> parse', () => {
    fc.assert(
      fc.property(anyNav, numericCode, fc.integer({ min: 1, max: MAX_CENTS }), (nav, ec, amount) => {
        const input = { nav, ecFiscalCode: ec, amount: cents(amount) };
        const built = buildPagoPaQrPayload(input);
        expect(built.ok).toBe(true);
        if (!built.ok) return;
        expect(built.value).toMatch(/^PAGOPA\|002\|\d{18}\|\d{11}\|\d{2,11}$/);
        expect(parsePagoPaQrPayload(built.value)).toEqual({ ok: true, value: input });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('oracle: @pagopa/io-pagopa-commons PaymentNoticeQrCodeFromString (the IO app parser)', () => {
  it('reads our payloads with the same fields for amounts up to 10 digits', () => {
    fc.assert(
      fc.property(anyNav, numericCode, fc.integer({ min: 1, max: 9_999_999_999 }), (nav, ec, amount) => {
        const built = buildPagoPaQrPayload({ nav, ecFiscalCode: ec, amount: cents(amount) });
        expect(built.ok).toBe(true);
        if (!built.ok) return;
        const theirs = PaymentNoticeQrCodeFromString.decode(built.value);
        expect(theirs._tag).toBe('Right');
        if (theirs._tag !== 'Right') return;
        expect(PaymentNoticeNumberFromString.encode(theirs.right.paymentNoticeNumber)).toBe(nav);
        expect(theirs.right.organizationFiscalCode).toBe(ec);
        expect(Number(theirs.right.amount)).toBe(amount);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses 11-digit amounts (>= 100.000.000,00 €), which the spec allows and we build', () => {
    const built = buildPagoPaQrPayload({ ...base, amount: cents(10_000_000_000) });
    expect(built.ok).toBe(true);
    if (built.ok) expect(PaymentNoticeQrCodeFromString.decode(built.value)._tag).toBe('Left');
  });
});
