import type { ContractError } from '../../../core/contract/errors';
import type { PrinterField, PrinterFieldIssue } from '../../../core/printers/printer-config';
import { errorText } from '../i18n/error-text';
import { i18n } from '../i18n';

/** The sentence for one field problem (the same reasons the desk answers with), in the clerk's language. */
export function issueText(issue: Pick<PrinterFieldIssue, 'reason' | 'params'>): string {
  const { t, te } = i18n.global;
  const key = `printing.settings.errors.${issue.reason}`;
  return te(key) ? t(key, issue.params as Record<string, unknown>) : t('printing.settings.errors.INVALID');
}

/** Where a refusal from the desk belongs: under a field when it names one, else above the buttons. */
export function placeError(
  error: ContractError,
): { field: PrinterField; text: string } | { field: null; text: string } {
  const d = error.details ?? {};
  const reason = typeof d['reason'] === 'string' ? d['reason'] : null;
  if (typeof d['field'] === 'string' && reason)
    return { field: d['field'] as PrinterField, text: issueText({ reason, params: d }) };
  const first = Array.isArray(d['issues']) ? (d['issues'][0] as { path?: unknown } | undefined) : undefined;
  if (reason === 'SCHEMA' && typeof first?.path === 'string' && first.path.startsWith('printer.'))
    return {
      field: first.path.slice('printer.'.length).split('.')[0] as PrinterField,
      text: issueText({ reason: 'INVALID', params: {} }),
    };
  if (reason && i18n.global.te(`printing.settings.errors.${reason}`))
    return { field: null, text: issueText({ reason, params: d }) };
  return { field: null, text: errorText(error) };
}
