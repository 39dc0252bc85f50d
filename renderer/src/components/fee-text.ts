import type { ContractError } from '../../../core/contract/errors';
import { errorText } from '../i18n/error-text';
import { i18n } from '../i18n';

/** A fee refusal in the clerk's words: the desk's sentence for the reason, then the backend's own. */
export function feeErrorText(e: ContractError): string[] {
  const t = i18n.global.t;
  const d = e.details ?? {};
  const reason = typeof d['reason'] === 'string' ? d['reason'] : '';
  const lines = [i18n.global.te(`fees.reasons.${reason}`) ? t(`fees.reasons.${reason}`) : errorText(e)];
  if (typeof d['backendMessage'] === 'string')
    lines.push(t('fees.backendSays', { message: d['backendMessage'] }));
  if (e.code === 'BACKEND_UNAVAILABLE' || e.code === 'BACKEND_TIMEOUT') lines.push(t('fees.retryHint'));
  return lines;
}
