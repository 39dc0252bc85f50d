import type { AppError } from '../../../core/contract/errors';
import type { Lang } from './issue-text';

/** One line naming the file and, for a schema error, each key with what to write there. */
export function describeConfigError(err: Pick<AppError, 'details'>, lang: Lang = 'it'): string {
  const d = err.details ?? {};
  if (lang === 'en') return describeConfigErrorEn(d);
  const where = typeof d['file'] === 'string' ? ` (${d['file']})` : '';
  switch (d['reason']) {
    case 'NOT_JSON':
      return `Configurazione non valida${where}: il file non è JSON valido.`;
    case 'UNREADABLE':
      return `Configurazione non leggibile${where}.`;
    case 'NOT_AN_OBJECT':
      return `Configurazione non valida${where}: serve un oggetto JSON.`;
    case 'SCHEMA': {
      const issues = (d['issues'] as { path: string; message: string }[] | undefined) ?? [];
      return `Configurazione non valida${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
    }
    case 'SECRETS_PERMISSIONS':
      return `File dei segreti leggibile da altri utenti${where}: esegui "chmod 600" sul file.`;
    default:
      return `Configurazione non valida${where}.`;
  }
}

function describeConfigErrorEn(d: Readonly<Record<string, unknown>>): string {
  const where = typeof d['file'] === 'string' ? ` (${d['file']})` : '';
  switch (d['reason']) {
    case 'NOT_JSON':
      return `Invalid configuration${where}: the file is not valid JSON.`;
    case 'UNREADABLE':
      return `Configuration not readable${where}.`;
    case 'NOT_AN_OBJECT':
      return `Invalid configuration${where}: a JSON object is required.`;
    case 'SCHEMA': {
      const issues =
        (d['issues'] as { path: string; message: string; messageEn?: string }[] | undefined) ?? [];
      return `Invalid configuration${where}: ${issues.map((i) => `${i.path}: ${i.messageEn ?? i.message}`).join('; ')}`;
    }
    case 'SECRETS_PERMISSIONS':
      return `Secrets file readable by other users${where}: run "chmod 600" on it.`;
    default:
      return `Invalid configuration${where}.`;
  }
}
