import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CP858_HIGH, decodeCp858, encodeCp858, normalizeForCp858 } from '../../../native/printer/codepage';

describe('CP858 text normalisation', () => {
  it('keeps € and Italian accents, spells typographic punctuation', () => {
    expect(normalizeForCp858('€ àèéìòù ÀÈÉÌÒÙ')).toBe('€ àèéìòù ÀÈÉÌÒÙ');
    expect(normalizeForCp858('D’Urso – «sì»… ')).toBe(`D'Urso - "sì"... `);
    expect(normalizeForCp858('Łódź')).toBe('?ódz');
  });
  it('round-trips every normalised string through the code page', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const n = normalizeForCp858(s);
        expect(decodeCp858(encodeCp858(n))).toBe(n);
      }),
    );
  });
  it('has the euro sign at 0xD5 (what makes 858 differ from 850)', () => {
    expect(CP858_HIGH[0xd5 - 0x80]).toBe('€');
    expect([...encodeCp858('€')]).toEqual([0xd5]);
  });
});
