import { afterEach, describe, expect, it } from 'vitest';
import {
  formatAmount,
  formatEuro,
  formatEuroSymbol,
  parseEnglishAmount,
  parseScreenAmount,
  type Cents,
} from '../../../core/money';
import { i18n } from '../../../renderer/src/i18n';
import { FORMAT_LOCALES } from '../../../renderer/src/i18n/locale';

const g = i18n.global;
// 18:26 local time on 4 December 2026: day 4 ≠ month 12, so a month-first date cannot pass for a day-first one.
const AT = new Date(2026, 11, 4, 18, 26);

afterEach(() => {
  g.locale.value = 'it';
});

/** One locale per language: dates, times and amounts of a screen come from the same one (issue 18). */
describe('one locale per language', () => {
  it('Italian: € 312,50, 04/12/2026, 18:26', () => {
    g.locale.value = 'it';
    expect(formatEuroSymbol(31250 as Cents)).toBe('€ 312,50');
    expect(formatEuroSymbol(102099 as Cents)).toBe('€ 1.020,99');
    expect(g.d(AT, 'date')).toBe('04/12/2026');
    expect(g.d(AT, 'dayMonth')).toBe('04/12');
    expect(g.d(AT, 'time')).toBe('18:26');
    expect(g.d(AT, 'dateTime')).toMatch(/^04\/12\/2026,? 18:26$/);
  });

  it('English (Ireland): €312.50, 04/12/2026, 18:26 — never US month-first dates or a 12-hour clock', () => {
    g.locale.value = 'en';
    expect(formatEuroSymbol(31250 as Cents)).toBe('€312.50');
    expect(formatEuroSymbol(102099 as Cents)).toBe('€1,020.99');
    expect(g.d(AT, 'date')).toBe('04/12/2026');
    expect(g.d(AT, 'dayMonth')).toBe('04/12');
    expect(g.d(AT, 'time')).toBe('18:26');
    expect(g.d(AT, 'dateTime')).toMatch(/^04\/12\/2026,? 18:26$/);
    // English messages still come from the English file.
    expect(g.t('app.title')).not.toBe(g.t('app.title', {}, { locale: 'it' }));
  });

  it('switching back to Italian switches amounts back too (twice)', () => {
    for (let i = 0; i < 2; i++) {
      g.locale.value = 'en';
      expect(formatEuroSymbol(5 as Cents)).toBe('€0.05');
      g.locale.value = 'it';
      expect(formatEuroSymbol(5 as Cents)).toBe('€ 0,05');
    }
  });

  it('the English amounts are what Intl writes for en-IE, from the cents’ digits (no float)', () => {
    const intl = new Intl.NumberFormat(FORMAT_LOCALES.en, { style: 'currency', currency: 'EUR' });
    for (const c of [0, 1, 5, 99, 100, 31250, 99999, 100000, 102099, 123456789, 99_999_999_999]) {
      const text = String(c).padStart(3, '0');
      // Intl is given the decimal as a string: exact, whatever the size.
      const oracle = intl.format(`${text.slice(0, -2)}.${text.slice(-2)}` as unknown as number);
      expect(formatAmount(c as Cents, 'en-IE')).toBe(oracle);
    }
  });

  it('printed matter stays Italian whatever the screen shows', () => {
    g.locale.value = 'en';
    expect(formatEuro(102099 as Cents)).toBe('1.020,99');
    expect(formatAmount(102099 as Cents, 'it-IT')).toBe('€ 1.020,99');
  });
});

/** What the clerk types follows the same locale as what the screen writes (the fee's entered amount). */
describe('amounts typed in the screen’s locale', () => {
  it.each([
    ['312.50', 31250],
    ['1,020.99', 102099],
    ['1020.99', 102099],
    ['12.5', 1250],
    ['12', 1200],
    [' 0.05 ', 5],
  ])('English %s → %d cents', (text, cents) => {
    expect(parseEnglishAmount(text)).toEqual({ ok: true, value: cents });
  });

  it.each([
    ['12,50', 'FORMAT'],
    ['1.500', 'PRECISION'],
    ['1,50', 'FORMAT'],
    ['12.345', 'PRECISION'],
    ['-3.00', 'NEGATIVE'],
    ['', 'EMPTY'],
    ['1e3', 'FORMAT'],
    ['999,999,999,999.99', 'TOO_LARGE'],
  ])('English %s is refused (%s), never guessed', (text, reason) => {
    const r = parseEnglishAmount(text);
    expect(!r.ok && r.reason).toBe(reason);
  });

  it('follows the language, both ways, twice', () => {
    for (let i = 0; i < 2; i++) {
      g.locale.value = 'en';
      expect(parseScreenAmount('1,020.99')).toEqual({ ok: true, value: 102099 });
      expect(parseScreenAmount('1.020,99').ok).toBe(false);
      g.locale.value = 'it';
      expect(parseScreenAmount('1.020,99')).toEqual({ ok: true, value: 102099 });
      expect(parseScreenAmount('1,020.99').ok).toBe(false);
    }
  });
});
