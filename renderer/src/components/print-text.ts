import type { PrintJob } from '../../../core/contract/domains/notices';
import type { Confirmation } from '../../../core/printers/confirmation';
import { i18n } from '../i18n';

/** The clerk's sentence for why a job failed: the transport's stable reason, never a library message. */
export function failureText(job: PrintJob): string {
  const { t, te } = i18n.global;
  const reason = job.lastError ?? 'INTERNAL';
  return te(`printing.reasons.${reason}`)
    ? t(`printing.reasons.${reason}`)
    : t('printing.reasons.other', { reason });
}

/**
 * A job as a notification: "printed" only when the printer itself confirmed it (status answer after the
 * job); otherwise "sent to the printer", which asks the clerk to check the slip, and says so when the
 * printer could never have confirmed it (`confirmation` from core/printers/confirmation.ts).
 */
export function jobText(
  job: PrintJob,
  printer: string,
  previewPrinter: boolean,
  confirmation: Confirmation | null = null,
): string {
  const { t } = i18n.global;
  const test = job.kind === 'test';
  if (job.state === 'failed') return t('printing.job.failed', { printer, reason: failureText(job) });
  if (job.state === 'queued') return t(test ? 'printing.job.testQueued' : 'printing.job.queued', { printer });
  if (test) return t(job.printed ? 'printing.job.testPrinted' : 'printing.job.testSent', { printer });
  if (job.printed) return t('printing.job.printed', { printer });
  if (previewPrinter) return t('printing.job.sentPreview', { printer });
  return t(confirmation === 'cannot' ? 'printing.job.sentUnconfirmable' : 'printing.job.sent', { printer });
}
