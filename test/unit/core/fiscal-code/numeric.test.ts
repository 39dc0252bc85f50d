import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseNumericFiscalCode } from '../../../../core/fiscal-code/numeric';
import { numericCode } from '../arbitraries';

describe('parseNumericFiscalCode', () => {
  it.each(['00743110157', '01199250158', '80016350821', '02438750586'])('accepts %s', (code) => {
    expect(parseNumericFiscalCode(code)).toEqual({ ok: true, value: code });
  });

  it('ignores whitespace', () => {
    expect(parseNumericFiscalCode(' 011 992 501 58 ')).toEqual({ ok: true, value: '01199250158' });
  });

  it('EMPTY, LENGTH, FORMAT, CHECK_DIGIT', () => {
    expect(parseNumericFiscalCode('  ')).toEqual({ ok: false, reason: 'EMPTY' });
    expect(parseNumericFiscalCode('0119925015')).toEqual({
      ok: false,
      reason: 'LENGTH',
      detail: { length: 10 },
    });
    expect(parseNumericFiscalCode('IT0119925015')).toMatchObject({
      reason: 'LENGTH',
      detail: { length: 12 },
    });
    expect(parseNumericFiscalCode('0119925O158')).toEqual({
      ok: false,
      reason: 'FORMAT',
      detail: { position: 8 },
    });
    expect(parseNumericFiscalCode('01199250159')).toEqual({
      ok: false,
      reason: 'CHECK_DIGIT',
      detail: { expected: '8', found: '9' },
    });
  });

  it('accepts every generated valid code', () => {
    fc.assert(
      fc.property(numericCode, (code) => {
        expect(parseNumericFiscalCode(code)).toEqual({ ok: true, value: code });
      }),
      { numRuns: 500 },
    );
  });

  // Odd positions count as they are and doubling-minus-nine permutes 0-9, so any one changed digit moves
  // the sum modulo 10.
  it('rejects every single-digit substitution with CHECK_DIGIT', () => {
    fc.assert(
      fc.property(numericCode, (code) => {
        for (let i = 0; i < 11; i++) {
          for (const d of '0123456789') {
            if (d === code.charAt(i)) continue;
            const r = parseNumericFiscalCode(code.slice(0, i) + d + code.slice(i + 1));
            expect(r).toMatchObject({ ok: false, reason: 'CHECK_DIGIT' });
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
