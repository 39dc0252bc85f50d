import type { ForceSelection, PrintJob } from '../../../core/contract/domains/notices';

/** A forced selection as the handlers pass it on: with the supervisor who approved it at a clerk's desk. */
export type ForcedSelection = ForceSelection & { readonly approvedBy?: string };
import type { Position } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
import type { AuditLog } from '../audit/audit-log';
import type { DeskEvents } from '../events';
import type { Logger } from '../log';
import type { PrintJournal } from '../../store/print-journal/journal';

export interface PrintAuditDeps {
  readonly audit: AuditLog;
  readonly journal: PrintJournal;
  readonly events: DeskEvents;
  readonly log: Logger;
  readonly now: () => Date;
}

/**
 * The audit rows of printing, audit first: a forced selection, an A4 export and each attempt are recorded
 * before anything is drawn, printed or exported, and an attempt that cannot be recorded sends nothing. The
 * outcome's row follows the act and cannot undo it: its failure is logged, not thrown.
 */
export class PrintAudit {
  constructor(private readonly d: PrintAuditDeps) {}

  /**
   * The forced selection's own row: who (the operator, stamped by the audit context), which options and why
   * each was not payable, and the supervisor's reason. Written before the notice is drawn, printed or exported.
   */
  forced(
    method: 'preview' | 'print' | 'pdf' | 'retry',
    force: ForcedSelection,
    positions: readonly Position[],
    optionIds: readonly string[],
    extra: Record<string, unknown>,
  ): void {
    const chosen = positions.flatMap((p) => p.options.filter((o) => optionIds.includes(o.id)));
    this.d.audit.record({
      actor: 'desk',
      action: 'selection.forced',
      subject: [...new Set(positions.map((p) => p.debtor.fiscalCode))].join(',') || null,
      details: {
        method,
        reason: force.reason,
        ...(force.approvedBy ? { approvedBy: force.approvedBy, approval: force.approval } : {}),
        options: chosen.map((o) => ({ id: o.id, nav: o.nav, notPayableReason: o.notPayableReason })),
        ...extra,
      },
    });
  }

  /** The A4 export, for whom and which notices, before a PDF is fetched or drawn. */
  pdfExport(positions: readonly Position[], optionIds: readonly string[], navs: readonly string[]): void {
    const debtors = [...new Set(positions.map((p) => p.debtor.fiscalCode))];
    this.d.audit.record({
      actor: 'desk',
      action: 'print.pdf',
      subject: debtors.join(',') || null,
      details: { optionIds: [...optionIds], navs: [...navs] },
    });
  }

  /**
   * The act's own row, written before any byte leaves: who asked to print what, where, which attempt. When it
   * cannot be written the job is failed with the audit's reason (as far as the store still takes a write) and
   * the typed error (DISK_FULL, DB_READ_ONLY, AUDIT_UNAVAILABLE) goes to the caller.
   */
  attempt(job: PrintJob, printerId: string): void {
    this.orFail(job, () =>
      this.d.audit.record({
        actor: 'desk',
        action: 'print.attempt',
        subject: job.navs.join(',') || null,
        details: {
          jobId: job.id,
          printerId,
          kind: job.kind,
          attempt: job.attempts,
          reprint: job.reprint,
          reprintOf: job.reprintOf,
          forced: this.d.journal.isForced(job.id),
        },
      }),
    );
  }

  /** Runs an audit write for a job; when it fails, the job is failed with its reason and the error thrown. */
  orFail(job: PrintJob, record: () => void): void {
    try {
      record();
    } catch (err) {
      const e =
        err instanceof AppError
          ? err
          : new AppError('AUDIT_UNAVAILABLE', { reason: 'WRITE_FAILED' }, { cause: err });
      const reason = typeof e.details?.['reason'] === 'string' ? (e.details['reason'] as string) : e.code;
      try {
        this.d.journal.markFailed(job.id, e.code, reason, this.d.now().toISOString());
        this.d.events.emit('print.job', this.d.journal.byId(job.id)!);
      } catch (markErr) {
        // The store refuses this write too (same full or read-only disk): the job stays as it is, unsent.
        this.d.log.warn('print job not marked failed', { jobId: job.id, error: String(markErr) });
      }
      this.d.log.warn('print refused: the attempt cannot be audited', { jobId: job.id, code: e.code });
      throw e;
    }
  }

  /** The outcome's row. The act already happened under its attempt row: a failure here is logged, not thrown. */
  outcome(job: PrintJob, printerId: string): void {
    try {
      this.d.audit.record({
        actor: 'desk',
        action: job.state === 'sent' ? (job.reprint ? 'print.reprint-sent' : 'print.sent') : 'print.failed',
        subject: job.navs.join(',') || null,
        details: {
          jobId: job.id,
          printerId,
          kind: job.kind,
          attempts: job.attempts,
          printed: job.printed,
          reason: job.lastError,
          reprintOf: job.reprintOf,
        },
      });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      this.d.log.error('print outcome not audited', { jobId: job.id, state: job.state, error: String(err) });
    }
  }
}
