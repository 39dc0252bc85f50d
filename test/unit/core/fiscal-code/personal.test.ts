import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Parser } from '@marketto/codice-fiscale-utils';
import {
  canonicalFiscalCode,
  computeCheckCharacter,
  normalizeFiscalCodeInput,
  parsePersonalFiscalCode,
} from '../../../../core/fiscal-code/personal';
import { parseFiscalCode } from '../../../../core/fiscal-code';
import {
  OMOCODE_LETTERS,
  OMOCODE_POSITIONS,
  libraryCheckCharacter,
  omocodeFromRight,
  personalCode,
} from '../arbitraries';

const ALPHABET = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const TODAY = { today: '2025-06-15' };

/** Completes 15 characters with the check character computed by the library, not by the code under test. */
const withCheck = (first15: string): string => first15 + libraryCheckCharacter(first15);

/** The digit a character stands for in an omocodic slot, or null. */
function slotDigit(ch: string): string | null {
  if (ch >= '0' && ch <= '9') return ch;
  const index = OMOCODE_LETTERS.indexOf(ch);
  return index >= 0 ? String(index) : null;
}

// The omocodia helpers of the library never touch its Belfiore connector.
const libraryParser = new Parser(null as unknown as ConstructorParameters<typeof Parser>[0]);

describe('computeCheckCharacter', () => {
  it('matches the documented example', () => {
    expect(computeCheckCharacter('RCCMNL83S18D969')).toBe('H');
  });

  it('ignores a 16th character and accepts lower case', () => {
    expect(computeCheckCharacter('RCCMNL83S18D969Z')).toBe('H');
    expect(computeCheckCharacter('rccmnl83s18d969')).toBe('H');
  });

  it('returns an empty string rather than a plausible letter for bad input', () => {
    expect(computeCheckCharacter('RCCMNL83S18D96')).toBe('');
    expect(computeCheckCharacter('RCCMNL83S18D96-')).toBe('');
  });

  it('agrees with the library on generated codes, omocodic ones included', () => {
    fc.assert(
      fc.property(personalCode, fc.integer({ min: 0, max: 7 }), (code, k) => {
        const variant = omocodeFromRight(code, k);
        expect(computeCheckCharacter(variant.slice(0, 15))).toBe(variant.charAt(15));
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalizeFiscalCodeInput', () => {
  it('drops ASCII whitespace and upper-cases ASCII letters', () => {
    expect(normalizeFiscalCodeInput('  rss mra\t80a01\nh501u ')).toBe('RSSMRA80A01H501U');
  });

  it('leaves Unicode look-alikes as they are, so they fail the format check (issue 16)', () => {
    // U+017F LATIN SMALL LETTER LONG S upper-cases to "S" in JavaScript: folded, it would pass as RSSMRA….
    expect(normalizeFiscalCodeInput('R\u017f\u017fMRA80A01H501U')).toBe('R\u017f\u017fMRA80A01H501U');
    expect(parsePersonalFiscalCode('R\u017f\u017fMRA80A01H501U', TODAY)).toEqual({
      ok: false,
      reason: 'FORMAT',
      detail: { position: 2 },
    });
    // Dotless i, fullwidth letters and digits, a no-break space: each refused at its position.
    for (const [raw, position] of [
      ['RSSMRA80A01H501\u0131', 16],
      ['\uFF32SSMRA80A01H501U', 1],
      ['RSSMRA\uFF18\uFF10A01H501U', 7],
      ['RSSMRA80\u00A0A01H501U', 9],
    ] as const) {
      const r = parsePersonalFiscalCode(raw, TODAY);
      expect(r.ok ? 'accepted' : r.reason, raw).not.toBe('accepted');
      if (!r.ok && r.reason === 'FORMAT') expect(r.detail).toEqual({ position });
    }
    expect(parseFiscalCode('0123456789\u0661').ok).toBe(false);
  });
});

describe('parsePersonalFiscalCode: documented vectors', () => {
  it('RCCMNL83S18D969H is valid', () => {
    const r = parsePersonalFiscalCode('RCCMNL83S18D969H', TODAY);
    expect(r).toEqual({
      ok: true,
      value: {
        code: 'RCCMNL83S18D969H',
        canonical: 'RCCMNL83S18D969H',
        omocodic: false,
        birthDate: '1983-11-18',
        sex: 'M',
        belfiore: 'D969',
        foreignBorn: false,
      },
    });
  });

  it('CNTCHR83T41D969D decodes to 1983-12-01, F, D969', () => {
    const r = parsePersonalFiscalCode('CNTCHR83T41D969D', TODAY);
    expect(r.ok && r.value).toMatchObject({ birthDate: '1983-12-01', sex: 'F', belfiore: 'D969' });
  });

  it('RSSMRA80A01H501U is valid and decodes', () => {
    const r = parsePersonalFiscalCode('RSSMRA80A01H501U', TODAY);
    expect(r.ok && r.value).toMatchObject({
      birthDate: '1980-01-01',
      sex: 'M',
      belfiore: 'H501',
      omocodic: false,
    });
  });

  it('normalises typed input', () => {
    const r = parsePersonalFiscalCode(' rssmra80a01 h501u ', TODAY);
    expect(r.ok && r.value.code).toBe('RSSMRA80A01H501U');
  });

  it('every omocodic variant of RSSMRA80A01H501U is the same person', () => {
    const variants = [1, 2, 3, 4, 5, 6, 7].map((k) => omocodeFromRight('RSSMRA80A01H501U', k));
    expect(variants[0]).toMatch(/^RSSMRA80A01H50M.$/);
    expect(variants[6]).toMatch(/^RSSMRAULALMHRLM.$/);
    for (const variant of variants) {
      const r = parsePersonalFiscalCode(variant, TODAY);
      expect(r.ok && r.value).toMatchObject({
        code: variant,
        canonical: 'RSSMRA80A01H501U',
        omocodic: true,
        birthDate: '1980-01-01',
        sex: 'M',
        belfiore: 'H501',
      });
    }
  });

  it('flags foreign births from a Z code', () => {
    const r = parsePersonalFiscalCode(withCheck('RSSMRA80A01Z404'), TODAY);
    expect(r.ok && r.value).toMatchObject({ belfiore: 'Z404', foreignBorn: true });
  });
});

describe('parsePersonalFiscalCode: reasons', () => {
  it('EMPTY for nothing or whitespace', () => {
    expect(parsePersonalFiscalCode('')).toEqual({ ok: false, reason: 'EMPTY' });
    expect(parsePersonalFiscalCode(' \t ')).toEqual({ ok: false, reason: 'EMPTY' });
  });

  it('LENGTH with the normalised length', () => {
    expect(parsePersonalFiscalCode('RSSMRA80A01H501')).toEqual({
      ok: false,
      reason: 'LENGTH',
      detail: { length: 15 },
    });
    expect(parsePersonalFiscalCode('RSSMRA80A01H501UX')).toMatchObject({
      reason: 'LENGTH',
      detail: { length: 17 },
    });
  });

  it('FORMAT with the 1-based position of the first offending character', () => {
    // Letter O typed for zero in the year.
    expect(parsePersonalFiscalCode('RSSMRA8OA01H501U')).toEqual({
      ok: false,
      reason: 'FORMAT',
      detail: { position: 8 },
    });
    // F is not a month letter.
    expect(parsePersonalFiscalCode('RSSMRA80F01H501U')).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 9 },
    });
    // A digit in the surname.
    expect(parsePersonalFiscalCode('R5SMRA80A01H501U')).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 2 },
    });
    // A letter that is not an omocodia letter in a digit slot.
    expect(parsePersonalFiscalCode('RSSMRA80A01H5A1U')).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 14 },
    });
    // A digit as check character.
    expect(parsePersonalFiscalCode('RSSMRA80A01H5011')).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 16 },
    });
  });

  it('CHECK_CHARACTER with expected and found', () => {
    expect(parsePersonalFiscalCode('RSSMRA80A01H501X')).toEqual({
      ok: false,
      reason: 'CHECK_CHARACTER',
      detail: { expected: 'U', found: 'X' },
    });
  });

  it.each([
    ['31 February', 'RSSMRA80B31H501'],
    ['30 February', 'RSSMRA80B30H501'],
    ['31 April', 'RSSMRA80D31H501'],
    ['day 00', 'RSSMRA80A00H501'],
    ['day 32', 'RSSMRA80A32H501'],
    ['day 40', 'RSSMRA80A40H501'],
    ['day 72', 'RSSMRA80A72H501'],
    ['day 99', 'RSSMRA80A99H501'],
    ['29 February 2001', 'RSSMRA01B29H501'],
    ['female 31 April', 'RSSMRA80D71H501'],
  ])('DATE for %s', (_label, first15) => {
    expect(parsePersonalFiscalCode(withCheck(first15), TODAY)).toEqual({ ok: false, reason: 'DATE' });
  });

  it('accepts the last valid days, female days included', () => {
    expect(parsePersonalFiscalCode(withCheck('RSSMRA80A31H501'), TODAY).ok).toBe(true);
    expect(parsePersonalFiscalCode(withCheck('RSSMRA80A71H501'), TODAY)).toMatchObject({
      value: { birthDate: '1980-01-31', sex: 'F' },
    });
    expect(parsePersonalFiscalCode(withCheck('RSSMRA80A41H501'), TODAY)).toMatchObject({
      value: { birthDate: '1980-01-01', sex: 'F' },
    });
  });
});

describe('parsePersonalFiscalCode: century', () => {
  const born = (first15: string, today: string): string | null => {
    const r = parsePersonalFiscalCode(withCheck(first15), { today });
    return r.ok ? r.value.birthDate : null;
  };

  it('takes 20yy up to today, 19yy after', () => {
    expect(born('RSSMRA25A01H501', '2025-06-15')).toBe('2025-01-01');
    expect(born('RSSMRA25H15H501', '2025-06-15')).toBe('2025-06-15');
    expect(born('RSSMRA25H16H501', '2025-06-15')).toBe('1925-06-16');
    expect(born('RSSMRA25A01H501', '2024-12-31')).toBe('1925-01-01');
    expect(born('RSSMRA99A01H501', '2025-06-15')).toBe('1999-01-01');
  });

  it('checks leap days in the inferred century', () => {
    expect(born('RSSMRA00B29H501', '2025-06-15')).toBe('2000-02-29');
    // Before 2000-02-29 the code is read as 1900, which was not a leap year.
    expect(born('RSSMRA00B29H501', '1999-12-31')).toBeNull();
    expect(born('RSSMRA24B29H501', '2024-02-28')).toBe('1924-02-29');
  });

  it('dates anyone aged 100 or more a century late (documented limit)', () => {
    // Someone born on 1920-03-10 reads as a five-year-old.
    expect(born('RSSMRA20C10H501', '2025-06-15')).toBe('2020-03-10');
  });

  it('falls back to the current date when today is malformed', () => {
    expect(born('RSSMRA80A01H501', 'yesterday')).toBe('1980-01-01');
  });
});

describe('canonicalFiscalCode', () => {
  it('folds omocodia and recomputes the check character', () => {
    expect(canonicalFiscalCode(omocodeFromRight('RSSMRA80A01H501U', 3))).toBe('RSSMRA80A01H501U');
  });

  it('leaves input of the wrong length normalised but otherwise unchanged', () => {
    expect(canonicalFiscalCode(' rss ')).toBe('RSS');
  });

  it('is idempotent on any string', () => {
    fc.assert(
      fc.property(fc.oneof(personalCode, fc.string({ minLength: 16, maxLength: 16 }), fc.string()), (s) => {
        const once = canonicalFiscalCode(s);
        expect(canonicalFiscalCode(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('maps omocodic variants substituted from the right to the same code and birth data', () => {
    fc.assert(
      fc.property(personalCode, fc.integer({ min: 1, max: 7 }), (code, k) => {
        const variant = omocodeFromRight(code, k);
        const base = parsePersonalFiscalCode(code, TODAY);
        const omo = parsePersonalFiscalCode(variant, TODAY);
        expect(base.ok && omo.ok).toBe(true);
        if (!base.ok || !omo.ok) return;
        expect(omo.value.canonical).toBe(code);
        expect(omo.value.omocodic).toBe(true);
        expect(omo.value.birthDate).toBe(base.value.birthDate);
        expect(omo.value.sex).toBe(base.value.sex);
        expect(omo.value.belfiore).toBe(base.value.belfiore);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the library for every one of its 128 omocode patterns', () => {
    fc.assert(
      fc.property(personalCode, fc.integer({ min: 0, max: 127 }), (code, id) => {
        const variant = libraryParser.cfOmocode(code, id);
        const r = parsePersonalFiscalCode(variant, TODAY);
        expect(r.ok && r.value.canonical).toBe(code);
        expect(canonicalFiscalCode(variant)).toBe(libraryParser.cfDeomocode(variant));
      }),
      { numRuns: 500 },
    );
  });
});

describe('single-character substitutions', () => {
  // A substitution changes the weighted sum by a non-zero amount below 26 (each position's table is
  // injective), and digits weigh like A-J, which never share a slot with them: so no single substitution
  // can keep a stale check character valid. That includes an omocodic swap, whose check is recomputed.
  it('every substitution of a valid code is rejected, as FORMAT or CHECK_CHARACTER', () => {
    fc.assert(
      fc.property(personalCode, fc.integer({ min: 0, max: 7 }), (code, k) => {
        const valid = omocodeFromRight(code, k);
        for (let i = 0; i < 16; i++) {
          for (const ch of ALPHABET) {
            if (ch === valid.charAt(i)) continue;
            const mutated = valid.slice(0, i) + ch + valid.slice(i + 1);
            const r = parsePersonalFiscalCode(mutated, TODAY);
            expect(r.ok).toBe(false);
            if (!r.ok) expect(['FORMAT', 'CHECK_CHARACTER']).toContain(r.reason);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  // With the check character recomputed, a substitution is a well-formed code again; it names the same
  // person exactly when it swaps an omocodic slot between a digit and that digit's letter.
  it('with the check recomputed, the canonical code is unchanged exactly for omocodic swaps', () => {
    fc.assert(
      fc.property(personalCode, fc.integer({ min: 0, max: 7 }), (code, k) => {
        const valid = omocodeFromRight(code, k);
        for (let i = 0; i < 15; i++) {
          for (const ch of ALPHABET) {
            const before = valid.charAt(i);
            if (ch === before) continue;
            const first15 = valid.slice(0, i) + ch + valid.slice(i + 1, 15);
            const r = parsePersonalFiscalCode(first15 + computeCheckCharacter(first15), TODAY);
            const omocodicSwap =
              (OMOCODE_POSITIONS as readonly number[]).includes(i) && slotDigit(ch) === slotDigit(before);
            if (omocodicSwap) {
              expect(r.ok && r.value.canonical).toBe(code);
            } else if (r.ok) {
              expect(r.value.canonical).not.toBe(code);
            } else {
              expect(['FORMAT', 'DATE']).toContain(r.reason);
            }
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
