import { createI18n } from 'vue-i18n';
import { setScreenAmountLocale } from '../../../core/money';
import en from './en';
import it from './it';
import { FORMAT_LOCALES, formatLocaleOf, type Locale } from './locale';

export type { Locale };

const timeFormats = {
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
  /** A day of the last few weeks, where the year goes without saying ("ultimo aggiornamento 04/12"). */
  dayMonth: { day: '2-digit', month: '2-digit' },
  dateTime: {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
} as const;

/**
 * Messages are kept per language ('it', 'en'); dates and times per locale ('it-IT', 'en-IE'). vue-i18n formats
 * a date with the locale under which it finds the format, so each language falls back to its own locale for
 * formats (never to the browser's) and to Italian for a message English lacks.
 */
export const i18n = createI18n({
  legacy: false,
  locale: 'it',
  fallbackLocale: {
    it: [FORMAT_LOCALES.it],
    en: [FORMAT_LOCALES.en],
    default: ['it'],
  },
  // Every format is found by falling back, on purpose: not a mistake to warn about (a missing message still is).
  fallbackWarn: false,
  missingWarn: new RegExp(`^(?!(${Object.keys(timeFormats).join('|')})$)`),
  messages: { it, en },
  datetimeFormats: { [FORMAT_LOCALES.it]: timeFormats, [FORMAT_LOCALES.en]: timeFormats },
});

// Amounts on screen follow the same language (core/money's formatEuroSymbol reads it; reactive, as it reads
// the locale ref).
setScreenAmountLocale(() => formatLocaleOf(i18n.global.locale.value));
