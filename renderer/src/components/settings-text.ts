import { i18n } from '../i18n';

/** "5 min", "1 min 30 s", "45 s": an idle time as the clerk thinks of it. */
export function durationText(seconds: number): string {
  const t = i18n.global.t;
  if (seconds <= 0) return t('settings.idleOff');
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return t('settings.seconds', { s });
  return s === 0 ? t('settings.minutes', { m }, m) : t('settings.minutesSeconds', { m, s });
}
