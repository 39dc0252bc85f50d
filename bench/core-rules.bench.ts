/**
 * Throughput of the pure rules the desk runs on every keystroke, scan and print, each beside a baseline
 * measured in the same run on the same sample.
 */
import { CheckDigitizer, Matcher, Parser } from '@marketto/codice-fiscale-utils';
import {
  canonicalFiscalCode,
  computeCheckCharacter,
  parsePersonalFiscalCode,
} from '../core/fiscal-code/personal';
import { birthplaceResolver } from '../electron/services/fiscal/birthplaces';
import { computeCheckDigits, parseNoticeNumber } from '../core/notice-number';
import { buildPagoPaQrPayload } from '../core/payloads/pagopa-qr';
import type { Cents } from '../core/money';
import { machineConditions, report, throughput } from './lib/report';

const N = 1000;
const TODAY = { today: '2025-06-15' };

// A fixed-seed generator, so every run measures the same sample.
let seed = 20250615;
const next = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const pick = (alphabet: string): string => alphabet.charAt(next(alphabet.length));
const repeat = (count: number, alphabet: string): string =>
  Array.from({ length: count }, () => pick(alphabet)).join('');

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CONSONANTS = 'BCDFGHJKLMNPQRSTVWXYZ';
/** Surname and name parts as the rules derive them (consonants first), which the library's pattern demands. */
const namePart = (): string => repeat(2, CONSONANTS) + pick(LETTERS);
const PLACES = ['H501', 'D969', 'F205', 'A010', 'L219', 'F839', 'Z404', 'Z112', 'A944', 'C351'];

const codes = Array.from({ length: N }, (_, i) => {
  const day = 1 + next(28) + (next(2) === 0 ? 0 : 40);
  const place = PLACES[next(PLACES.length)] as string;
  let first15 = `${namePart()}${namePart()}${repeat(2, '0123456789')}${pick('ABCDEHLMPRST')}${String(day).padStart(2, '0')}${place}`;
  // One code in four carries omocodia in its last digit slot, as real ones occasionally do.
  if (i % 4 === 0) first15 = first15.slice(0, 14) + 'LMNPQRSTUV'.charAt(Number(first15.charAt(14)));
  return first15 + computeCheckCharacter(first15);
});
const decoded = codes.map((c) => parsePersonalFiscalCode(c, TODAY)).flatMap((r) => (r.ok ? [r.value] : []));
if (decoded.length !== N) throw new Error(`sample has ${N - decoded.length} invalid codes`);

const navs = Array.from({ length: N }, (_, i) => {
  const first16 = `${i % 2 === 0 ? 3 : 0}${repeat(15, '0123456789')}`;
  return first16 + computeCheckDigits(first16);
});
const amounts = Array.from({ length: N }, () => (1 + next(100_000_000)) as Cents);

let sink = 0;
const cycle = <T>(items: readonly T[], use: (item: T) => number): (() => void) => {
  let i = 0;
  return () => {
    sink += use(items[i] as T);
    i = i + 1 === items.length ? 0 : i + 1;
  };
};

// The library's own synchronous checks: full-pattern regex (it knows month lengths and leap years), check
// character and birth date. Its place check needs a Belfiore connector, which 3.x does not ship.
const libraryPattern = new RegExp(`^(?:${Matcher.CODICE_FISCALE})$`);
const libraryParser = new Parser(null as unknown as ConstructorParameters<typeof Parser>[0]);
const libraryValidate = (code: string): number =>
  libraryPattern.test(code) &&
  CheckDigitizer.checkDigit(code) === code.charAt(15) &&
  libraryParser.cfToBirthDate(code) !== null &&
  libraryParser.cfToGender(code) !== null
    ? 1
    : 0;
if (codes.some((c) => libraryValidate(c) !== 1)) throw new Error('the library rejects part of the sample');

const NAV_SHAPE = /^[0-3]\d{17}$/;

const parseRate = throughput(cycle(codes, (c) => (parsePersonalFiscalCode(c, TODAY).ok ? 1 : 0)));
const libraryRate = throughput(cycle(codes, libraryValidate));
const canonicalRate = throughput(cycle(codes, (c) => canonicalFiscalCode(c).length));
const deomocodeRate = throughput(cycle(codes, (c) => libraryParser.cfDeomocode(c).length));
const loadStart = process.hrtime.bigint();
const resolveBirthplace = await birthplaceResolver();
const birthplaceLoadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
const birthplaceRate = throughput(
  cycle(decoded, (p) => (resolveBirthplace(p.belfiore, p.birthDate) === null ? 0 : 1)),
);
const navRate = throughput(cycle(navs, (n) => (parseNoticeNumber(n).ok ? 1 : 0)));
const navRegexRate = throughput(cycle(navs, (n) => (NAV_SHAPE.test(n) ? 1 : 0)));
const qrItems = navs.map((nav, i) => ({ nav, ecFiscalCode: '01199250158', amount: amounts[i] as Cents }));
const qrRate = throughput(cycle(qrItems, (q) => (buildPagoPaQrPayload(q).ok ? 1 : 0)));

if (sink === 0) throw new Error('nothing was measured');

report({
  bench: 'core-rules',
  conditions: {
    ...machineConditions(),
    sample: N,
    birthplaceDataset: '@marketto/belfiore-connector-embedded 1.2.1 (ANPR/ISTAT, ~10,000 places)',
  },
  figures: [
    {
      name: 'personal fiscal code parse+decode',
      value: parseRate,
      unit: 'codes/s',
      baseline: {
        name: 'codice-fiscale-utils 3.1.3 regex+check+birth date',
        value: libraryRate,
        unit: 'codes/s',
      },
    },
    {
      name: 'fiscal code canonicalization',
      value: canonicalRate,
      unit: 'codes/s',
      baseline: { name: 'codice-fiscale-utils 3.1.3 cfDeomocode', value: deomocodeRate, unit: 'codes/s' },
    },
    { name: 'birthplace resolution', value: birthplaceRate, unit: 'lookups/s' },
    { name: 'Belfiore directory load (once per process)', value: Math.round(birthplaceLoadMs), unit: 'ms' },
    {
      name: 'NAV parse (check digits, layout)',
      value: navRate,
      unit: 'codes/s',
      baseline: { name: 'bare regex of the NAV shape', value: navRegexRate, unit: 'codes/s' },
    },
    { name: 'pagoPA QR payload build', value: qrRate, unit: 'payloads/s' },
  ],
});
