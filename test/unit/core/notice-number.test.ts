import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { PaymentNoticeNumberFromString } from '@pagopa/io-pagopa-commons/lib/pagopa';
import {
  buildNoticeNumber,
  computeCheckDigits,
  formatNoticeNumber,
  iuvOfNoticeNumber,
  parseNoticeNumber,
} from '../../../core/notice-number';
import type { AuxDigit } from '../../../core/notice-number';
import { anyNav, digits, navOfAux } from './arbitraries';

/** ISO 11649 reference with its check digits, computed with BigInt independently of the code under test. */
function rfReference(body: string): string {
  const numeric = [...`${body}RF00`].map((ch) => (ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch)).join('');
  const check = 98n - (BigInt(numeric) % 97n);
  return `RF${String(check).padStart(2, '0')}${body}`;
}

describe('computeCheckDigits', () => {
  it('matches the documented examples', () => {
    expect(computeCheckDigits('3010000000000123')).toBe('73');
    expect(computeCheckDigits('0120000000000456')).toBe('06');
    expect(computeCheckDigits('3007157000000000')).toBe('32');
  });

  it('is the exact remainder for numbers of any length', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }).chain(digits), (s) => {
        expect(computeCheckDigits(s)).toBe(String(BigInt(s) % 93n).padStart(2, '0'));
      }),
      { numRuns: 1000 },
    );
  });

  it('returns an empty string for no digits or non-digits', () => {
    expect(computeCheckDigits('')).toBe('');
    expect(computeCheckDigits('12a4')).toBe('');
  });
});

describe('parseNoticeNumber: documented vectors', () => {
  it('aux 3 with segregation code', () => {
    expect(parseNoticeNumber('301000000000012373')).toEqual({
      ok: true,
      value: {
        nav: '301000000000012373',
        auxDigit: 3,
        applicationCode: null,
        segregationCode: '01',
        iuv: '01000000000012373',
        iuvBase: '0000000000123',
        checkDigits: '73',
      },
    });
  });

  it('aux 0 with application code', () => {
    expect(parseNoticeNumber('012000000000045606')).toEqual({
      ok: true,
      value: {
        nav: '012000000000045606',
        auxDigit: 0,
        applicationCode: '12',
        segregationCode: null,
        iuv: '000000000045606',
        iuvBase: '0000000000456',
        checkDigits: '06',
      },
    });
  });

  it('the third-party vector', () => {
    expect(parseNoticeNumber('300715700000000032')).toMatchObject({
      ok: true,
      value: { segregationCode: '00', iuvBase: '7157000000000', checkDigits: '32' },
    });
  });

  it('aux 1 has a 17-digit IUV and no check digits', () => {
    expect(parseNoticeNumber('112345678901234567')).toEqual({
      ok: true,
      value: {
        nav: '112345678901234567',
        auxDigit: 1,
        applicationCode: null,
        segregationCode: null,
        iuv: '12345678901234567',
        iuvBase: '12345678901234567',
        checkDigits: null,
      },
    });
  });

  it('aux 2 has a 15-digit base and check digits over aux + base', () => {
    const nav = `2123456789012345${computeCheckDigits('2123456789012345')}`;
    expect(parseNoticeNumber(nav)).toMatchObject({
      ok: true,
      value: { auxDigit: 2, iuvBase: '123456789012345', iuv: nav.slice(1) },
    });
  });

  it('accepts the grouped display form and stray whitespace', () => {
    expect(parseNoticeNumber('3010 0000 0000 0123 73')).toMatchObject({
      ok: true,
      value: { nav: '301000000000012373' },
    });
    expect(parseNoticeNumber(' 30100000\t0000012373\n')).toMatchObject({ ok: true });
  });
});

describe('parseNoticeNumber: reasons', () => {
  it('EMPTY', () => {
    expect(parseNoticeNumber('   ')).toEqual({ ok: false, reason: 'EMPTY' });
  });

  it('FORMAT with position after whitespace removal', () => {
    expect(parseNoticeNumber('3010 0000 O000 0123 73')).toEqual({
      ok: false,
      reason: 'FORMAT',
      detail: { position: 9 },
    });
    expect(parseNoticeNumber('-301000000000012373')).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 1 },
    });
  });

  it('LENGTH', () => {
    expect(parseNoticeNumber('30100000000001237')).toEqual({
      ok: false,
      reason: 'LENGTH',
      detail: { length: 17 },
    });
    expect(parseNoticeNumber('01199250158301000000000012373')).toMatchObject({ reason: 'LENGTH' });
  });

  it('AUX_DIGIT for 4-9', () => {
    for (const aux of [4, 5, 6, 7, 8, 9]) {
      expect(parseNoticeNumber(`${aux}01000000000012373`)).toEqual({
        ok: false,
        reason: 'AUX_DIGIT',
        detail: { auxDigit: aux },
      });
    }
  });

  it('CHECK_DIGITS with expected and found', () => {
    expect(parseNoticeNumber('301000000000012374')).toEqual({
      ok: false,
      reason: 'CHECK_DIGITS',
      detail: { expected: '73', found: '74' },
    });
  });

  it('RF_REFERENCE for a valid ISO 11649 creditor reference, however typed', () => {
    expect(parseNoticeNumber('RF18539007547034')).toEqual({ ok: false, reason: 'RF_REFERENCE' });
    expect(parseNoticeNumber('RF18 5390 0754 7034')).toEqual({ ok: false, reason: 'RF_REFERENCE' });
    expect(parseNoticeNumber('rf18539007547034')).toEqual({ ok: false, reason: 'RF_REFERENCE' });
  });

  it('a mistyped RF reference is only FORMAT', () => {
    expect(parseNoticeNumber('RF19539007547034')).toEqual({
      ok: false,
      reason: 'FORMAT',
      detail: { position: 1 },
    });
  });

  it('recognises generated RF references', () => {
    const body = fc
      .array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: 1, maxLength: 21 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(body, (b) => {
        expect(parseNoticeNumber(rfReference(b))).toEqual({ ok: false, reason: 'RF_REFERENCE' });
      }),
      { numRuns: 500 },
    );
  });
});

describe('buildNoticeNumber', () => {
  it('builds the documented vectors', () => {
    expect(buildNoticeNumber({ auxDigit: 3, segregationCode: '01', iuvBase: '0000000000123' })).toMatchObject(
      {
        ok: true,
        value: { nav: '301000000000012373' },
      },
    );
    expect(buildNoticeNumber({ auxDigit: 0, applicationCode: '12', iuvBase: '0000000000456' })).toMatchObject(
      {
        ok: true,
        value: { nav: '012000000000045606' },
      },
    );
  });

  it('refuses missing, extra or malformed parts with the field name', () => {
    expect(buildNoticeNumber({ auxDigit: 0, iuvBase: '0000000000456' })).toEqual({
      ok: false,
      reason: 'FORMAT',
      detail: { field: 'applicationCode' },
    });
    expect(
      buildNoticeNumber({
        auxDigit: 3,
        applicationCode: '12',
        segregationCode: '01',
        iuvBase: '0000000000123',
      }),
    ).toMatchObject({ reason: 'FORMAT', detail: { field: 'applicationCode' } });
    expect(buildNoticeNumber({ auxDigit: 3, iuvBase: '0000000000123' })).toMatchObject({
      detail: { field: 'segregationCode' },
    });
    expect(buildNoticeNumber({ auxDigit: 3, segregationCode: '1', iuvBase: '0000000000123' })).toMatchObject({
      detail: { field: 'segregationCode' },
    });
    expect(buildNoticeNumber({ auxDigit: 2, iuvBase: '0000000000123' })).toMatchObject({
      detail: { field: 'iuvBase', length: 15 },
    });
    expect(buildNoticeNumber({ auxDigit: 1, iuvBase: '1234567890123456x' })).toMatchObject({
      detail: { field: 'iuvBase', length: 17 },
    });
    expect(buildNoticeNumber({ auxDigit: 5 as AuxDigit, iuvBase: '0' })).toMatchObject({
      detail: { field: 'auxDigit' },
    });
  });

  it('round-trips through parseNoticeNumber for every aux digit', () => {
    const input = fc.oneof(
      fc.record({ auxDigit: fc.constant(0 as const), applicationCode: digits(2), iuvBase: digits(13) }),
      fc.record({ auxDigit: fc.constant(1 as const), iuvBase: digits(17) }),
      fc.record({ auxDigit: fc.constant(2 as const), iuvBase: digits(15) }),
      fc.record({ auxDigit: fc.constant(3 as const), segregationCode: digits(2), iuvBase: digits(13) }),
    );
    fc.assert(
      fc.property(input, (i) => {
        const built = buildNoticeNumber(i);
        expect(built.ok).toBe(true);
        if (!built.ok) return;
        expect(built.value.nav).toHaveLength(18);
        expect(parseNoticeNumber(built.value.nav)).toEqual(built);
        expect(parseNoticeNumber(formatNoticeNumber(built.value.nav))).toEqual(built);
        expect(built.value).toMatchObject({ auxDigit: i.auxDigit, iuvBase: i.iuvBase });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('formatNoticeNumber', () => {
  it('groups by four, 22 characters for a NAV', () => {
    expect(formatNoticeNumber('301000000000012373')).toBe('3010 0000 0000 0123 73');
    expect(formatNoticeNumber('301000000000012373')).toHaveLength(22);
    expect(formatNoticeNumber('3010 0000 0000 0123 73')).toBe('3010 0000 0000 0123 73');
    expect(formatNoticeNumber('')).toBe('');
  });
});

describe('single-digit substitutions', () => {
  // The check digits cover the first 16 digits and 10^k is never 0 mod 93 (nor 3 or 6 times it), so a changed
  // digit always changes the remainder. The one way out is turning the aux digit into 1: aux 1 has no check.
  it('a valid aux 0/2/3 NAV is rejected after any substitution except aux digit -> 1', () => {
    const checked = fc.constantFrom(0, 2, 3).chain((aux) => navOfAux(aux as 0 | 2 | 3));
    fc.assert(
      fc.property(checked, (nav) => {
        for (let i = 0; i < 18; i++) {
          for (const d of '0123456789') {
            if (d === nav.charAt(i)) continue;
            const r = parseNoticeNumber(nav.slice(0, i) + d + nav.slice(i + 1));
            if (i === 0 && d === '1') expect(r.ok).toBe(true);
            else
              expect(r).toMatchObject({
                ok: false,
                reason: i === 0 && d > '3' ? 'AUX_DIGIT' : 'CHECK_DIGITS',
              });
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('an aux 1 NAV stays valid after any substitution past the aux digit (it has no check)', () => {
    fc.assert(
      fc.property(
        navOfAux(1),
        fc.integer({ min: 1, max: 17 }),
        fc.constantFrom(...'0123456789'),
        (nav, i, d) => {
          expect(parseNoticeNumber(nav.slice(0, i) + d + nav.slice(i + 1)).ok).toBe(true);
        },
      ),
    );
  });
});

describe('oracle: @pagopa/io-pagopa-commons PaymentNoticeNumberFromString', () => {
  it('decodes every NAV we accept into the same parts', () => {
    fc.assert(
      fc.property(anyNav, (nav) => {
        const ours = parseNoticeNumber(nav);
        const theirs = PaymentNoticeNumberFromString.decode(nav);
        expect(ours.ok).toBe(true);
        expect(theirs._tag).toBe('Right');
        if (!ours.ok || theirs._tag !== 'Right') return;
        const t = theirs.right;
        expect(Number(t.auxDigit)).toBe(ours.value.auxDigit);
        expect(PaymentNoticeNumberFromString.encode(t)).toBe(ours.value.nav);
        if (t.auxDigit === '0') {
          expect([t.applicationCode, t.iuv13, t.checkDigit]).toEqual([
            ours.value.applicationCode,
            ours.value.iuvBase,
            ours.value.checkDigits,
          ]);
        } else if (t.auxDigit === '1') {
          expect(t.iuv17).toBe(ours.value.iuv);
        } else if (t.auxDigit === '2') {
          expect([t.iuv15, t.checkDigit]).toEqual([ours.value.iuvBase, ours.value.checkDigits]);
        } else {
          expect([t.segregationCode, t.iuv13, t.checkDigit]).toEqual([
            ours.value.segregationCode,
            ours.value.iuvBase,
            ours.value.checkDigits,
          ]);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('differs on purpose: the oracle does not verify check digits, we do', () => {
    expect(PaymentNoticeNumberFromString.decode('301000000000012374')._tag).toBe('Right');
    expect(parseNoticeNumber('301000000000012374')).toMatchObject({ ok: false, reason: 'CHECK_DIGITS' });
  });
});

describe('iuvOfNoticeNumber', () => {
  it('is the IUV parseNoticeNumber reads, for every aux digit', () => {
    fc.assert(
      fc.property(anyNav, (nav) => {
        const parsed = parseNoticeNumber(nav);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(iuvOfNoticeNumber(nav)).toBe(parsed.value.iuv);
      }),
    );
  });
});
