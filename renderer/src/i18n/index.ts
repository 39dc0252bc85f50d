import { createI18n } from 'vue-i18n';
import en from './en';
import it from './it';

export type Locale = 'it' | 'en';

const timeFormats = {
  time: { hour: '2-digit', minute: '2-digit' },
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
  dateTime: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
} as const;

export const i18n = createI18n({
  legacy: false,
  locale: 'it',
  fallbackLocale: 'it',
  messages: { it, en },
  datetimeFormats: { it: timeFormats, en: timeFormats },
});
