import type { ContractError } from '../../../core/contract/errors';
import { i18n } from './index';

/** The clerk's sentence for a contract error: the specific rule when there is one, else the code's sentence. */
export function errorText(error: ContractError): string {
  const t = i18n.global.t;
  const d = error.details ?? {};
  const reason = typeof d['reason'] === 'string' ? d['reason'] : null;
  if (
    error.code === 'INVALID_INPUT' &&
    d['field'] === 'fiscalCode' &&
    reason &&
    i18n.global.te(`fiscalReasons.${reason}`)
  ) {
    return t(`fiscalReasons.${reason}`, d as Record<string, unknown>);
  }
  if (reason && i18n.global.te(`errorReasons.${error.code}.${reason}`))
    return t(`errorReasons.${error.code}.${reason}`);
  return t(`errors.${error.code}`);
}
