import type { CardStatus } from '../../../core/contract/domains/identity';
import { i18n } from '../i18n';

/** The clerk's sentence for the reader's last problem, or null when there is nothing to say. */
export function problemText(problem: CardStatus['problem']): string | null {
  if (!problem) return null;
  const t = i18n.global.t;
  if (problem.code === 'READER_RESTARTING') return t('card.problems.RESTARTING');
  if (problem.code === 'MODULE_LOAD_FAILED') return t('card.problems.MODULE', { reason: problem.reason });
  if (problem.reason.startsWith('FISCAL_CODE_') && problem.reason !== 'FISCAL_CODE_NOT_PERSONAL')
    return t('card.problems.FISCAL_CODE');
  const key = `card.problems.${problem.reason}`;
  return i18n.global.te(key) ? t(key) : t('card.problems.READ');
}

/** Warnings have a sentence each; an unknown code is shown as is rather than hidden. */
export function warningText(code: string): string {
  const key = `card.warnings.${code}`;
  return i18n.global.te(key) ? i18n.global.t(key) : code;
}
