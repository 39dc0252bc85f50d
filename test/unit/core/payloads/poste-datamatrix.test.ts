import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DATA_MATRIX_LENGTH,
  MAX_DATA_MATRIX_CENTS,
  buildPosteDataMatrixPayload,
  parsePosteDataMatrixPayload,
  toPrintableAscii,
} from '../../../../core/payloads/poste-datamatrix';
import type { PosteDataMatrixInput } from '../../../../core/payloads/poste-datamatrix';
import type { Cents } from '../../../../core/money';
import { anyNav, digits, numericCode, personalCode } from '../arbitraries';

const cents = (n: number): Cents => n as Cents;
const input: PosteDataMatrixInput = {
  nav: '301000000000012373',
  postalAccount: '1234567',
  amount: cents(1250),
  ecFiscalCode: '01199250158',
  debtorFiscalCode: 'RSSMRA80A01H501U',
  debtorName: 'Mario Rossi',
  subject: 'TARI 2025 rata unica',
};

function build(overrides: Partial<PosteDataMatrixInput> = {}): string {
  const r = buildPosteDataMatrixPayload({ ...input, ...overrides });
  if (!r.ok) throw new Error(`build failed: ${r.reason}`);
  return r.value;
}

describe('buildPosteDataMatrixPayload', () => {
  it('lays out 256 characters as documented', () => {
    const payload = build();
    expect(payload).toHaveLength(DATA_MATRIX_LENGTH);
    expect(payload.slice(0, 13)).toBe('codfase=NBPA;');
    // Codeline: 18 + NAV + 12 + account (12) + 10 + amount (10) + 3 + 896.
    expect(payload.slice(13, 63)).toBe('18301000000000012373' + '12000001234567' + '100000001250' + '3896');
    expect(payload.slice(63, 66)).toBe('1P1');
    expect(payload.slice(66, 77)).toBe('01199250158');
    expect(payload.slice(77, 93)).toBe('RSSMRA80A01H501U');
    expect(payload.slice(93, 133)).toBe('Mario Rossi'.padEnd(40));
    expect(payload.slice(133, 243)).toBe('TARI 2025 rata unica'.padEnd(110));
    expect(payload.slice(243)).toBe(' '.repeat(12) + 'A');
  });

  it('leaves a blank debtor code when it is unknown, and pads an 11-digit one', () => {
    expect(build({ debtorFiscalCode: '' }).slice(77, 93)).toBe(' '.repeat(16));
    expect(build({ debtorFiscalCode: '00743110157' }).slice(77, 93)).toBe('00743110157     ');
  });

  it('normalises the debtor code and the NAV typed with spaces', () => {
    const payload = build({ debtorFiscalCode: 'rssmra80a01 h501u', nav: '3010 0000 0000 0123 73' });
    expect(payload.slice(77, 93)).toBe('RSSMRA80A01H501U');
    expect(payload.slice(15, 33)).toBe('301000000000012373');
  });

  it('truncates text fields to their width', () => {
    const payload = build({ debtorName: 'N'.repeat(50), subject: 'S'.repeat(200) });
    expect(payload).toHaveLength(256);
    expect(payload.slice(93, 133)).toBe('N'.repeat(40));
    expect(payload.slice(133, 243)).toBe('S'.repeat(110));
  });

  it('transliterates text to printable ASCII, keeping case', () => {
    const payload = build({
      debtorName: 'Niccolò  Dell’Acqua',
      subject: 'Città di Abbiategrasso – TARI · rata 1',
    });
    expect(payload.slice(93, 133).trimEnd()).toBe("Niccolo Dell'Acqua");
    expect(payload.slice(133, 243).trimEnd()).toBe('Citta di Abbiategrasso - TARI - rata 1');
  });

  it.each([
    ['ÀÈÉÌÒÙ àèéìòù', 'AEEIOU aeeiou'],
    ['Straße', 'Strasse'],
    ['Œuvre Ærø', 'OEuvre AEro'],
    ['Łódź', 'Lodz'],
    ['“quoted” «also»', '"quoted" "also"'],
    ['12 €', '12 EUR'],
    ['ﬁne\u00a0print…', 'fine print...'],
    ['line\none\ttab', 'line one tab'],
    ['  padded  ', 'padded'],
    ['日本 🙂', '?? ??'],
  ])('toPrintableAscii(%j) = %j', (text, ascii) => {
    expect(toPrintableAscii(text)).toBe(ascii);
  });

  it('refuses codes and amounts that do not fit instead of altering them', () => {
    expect(buildPosteDataMatrixPayload({ ...input, debtorFiscalCode: 'RSSMRA80A01H501UX' })).toEqual({
      ok: false,
      reason: 'DEBTOR_FISCAL_CODE',
      detail: { cause: 'LENGTH', length: 17 },
    });
    expect(buildPosteDataMatrixPayload({ ...input, debtorFiscalCode: 'RSS-MRA' })).toMatchObject({
      reason: 'DEBTOR_FISCAL_CODE',
      detail: { cause: 'FORMAT' },
    });
    expect(buildPosteDataMatrixPayload({ ...input, postalAccount: '1234567890123' })).toMatchObject({
      reason: 'POSTAL_ACCOUNT',
    });
    expect(buildPosteDataMatrixPayload({ ...input, postalAccount: '' })).toMatchObject({
      reason: 'POSTAL_ACCOUNT',
    });
    expect(buildPosteDataMatrixPayload({ ...input, postalAccount: '12-34' })).toMatchObject({
      reason: 'POSTAL_ACCOUNT',
    });
    expect(buildPosteDataMatrixPayload({ ...input, amount: cents(MAX_DATA_MATRIX_CENTS + 1) })).toMatchObject(
      {
        reason: 'AMOUNT',
      },
    );
    expect(buildPosteDataMatrixPayload({ ...input, amount: cents(0) })).toMatchObject({ reason: 'AMOUNT' });
    expect(buildPosteDataMatrixPayload({ ...input, amount: cents(12.5) })).toMatchObject({
      reason: 'AMOUNT',
    });
    expect(buildPosteDataMatrixPayload({ ...input, nav: '301000000000012374' })).toMatchObject({
      reason: 'NAV',
      detail: { cause: 'CHECK_DIGITS' },
    });
    expect(buildPosteDataMatrixPayload({ ...input, ecFiscalCode: '0119925015' })).toMatchObject({
      reason: 'EC_FISCAL_CODE',
      detail: { cause: 'LENGTH' },
    });
  });

  it('accepts the largest amount the 10-digit field holds', () => {
    expect(build({ amount: cents(MAX_DATA_MATRIX_CENTS) }).slice(49, 59)).toBe('9999999999');
  });

  it('is always 256 printable ASCII characters, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        (name, subject) => {
          const payload = build({ debtorName: name, subject });
          expect(payload).toMatch(/^[\x20-\x7e]{256}$/);
          expect(parsePosteDataMatrixPayload(payload).ok).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parsePosteDataMatrixPayload', () => {
  it('reads back what was built', () => {
    expect(parsePosteDataMatrixPayload(build())).toEqual({
      ok: true,
      value: { ...input, postalAccount: '000001234567' },
    });
  });

  it('round-trips any ASCII text that fits', () => {
    const text = (max: number) =>
      fc
        .string({
          unit: fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))),
          maxLength: max,
        })
        .map((s) => s.replace(/ {2,}/g, ' ').trim());
    fc.assert(
      fc.property(
        fc.record({
          nav: anyNav,
          postalAccount: fc.integer({ min: 1, max: 12 }).chain(digits),
          amount: fc.integer({ min: 1, max: MAX_DATA_MATRIX_CENTS }).map(cents),
          ecFiscalCode: numericCode,
          debtorFiscalCode: fc.oneof(personalCode, numericCode, fc.constant('')),
          debtorName: text(40),
          subject: text(110),
        }),
        (data) => {
          const built = buildPosteDataMatrixPayload(data);
          expect(built.ok).toBe(true);
          if (!built.ok) return;
          expect(parsePosteDataMatrixPayload(built.value)).toEqual({
            ok: true,
            value: { ...data, postalAccount: data.postalAccount.padStart(12, '0') },
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses a payload of the wrong length or with a broken fixed part', () => {
    const payload = build();
    expect(parsePosteDataMatrixPayload(payload.slice(0, 255))).toEqual({
      ok: false,
      reason: 'LENGTH',
      detail: { length: 255 },
    });
    const at = (i: number, ch: string): string => payload.slice(0, i) + ch + payload.slice(i + 1);
    expect(parsePosteDataMatrixPayload(at(0, 'C'))).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 1 },
    });
    expect(parsePosteDataMatrixPayload(at(60, '9'))).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 60 },
    });
    expect(parsePosteDataMatrixPayload(at(255, 'B'))).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 244 },
    });
    expect(parsePosteDataMatrixPayload(at(100, 'è'))).toMatchObject({
      reason: 'FORMAT',
      detail: { position: 101 },
    });
    expect(parsePosteDataMatrixPayload(at(32, '4'))).toMatchObject({
      reason: 'NAV',
      detail: { cause: 'CHECK_DIGITS' },
    });
    expect(parsePosteDataMatrixPayload(at(40, 'x'))).toMatchObject({ reason: 'POSTAL_ACCOUNT' });
    expect(parsePosteDataMatrixPayload(at(76, '9'))).toMatchObject({ reason: 'EC_FISCAL_CODE' });
  });
});
