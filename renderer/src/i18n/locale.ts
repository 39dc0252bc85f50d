import type { AmountLocale } from '../../../core/money';

/** The desk's languages (the clerk's setting `desk.locale`). */
export type Locale = 'it' | 'en';

/**
 * The one place that says which locale each language writes dates, times and amounts in, so a screen never
 * mixes two. English is Ireland's: a euro country writing English, so "€312.50" with the symbol first, and
 * day-first dates with a 24-hour clock ("04/12/2026", "18:26") as the Italian clerk and the printed notice
 * have them. US English would write "12/04/2026" and "06:26 PM".
 */
export const FORMAT_LOCALES = { it: 'it-IT', en: 'en-IE' } as const satisfies Record<Locale, AmountLocale>;

export function formatLocaleOf(language: string): AmountLocale {
  return language === 'en' ? FORMAT_LOCALES.en : FORMAT_LOCALES.it;
}
