import { dirname } from 'node:path';
import type { PrintJob } from '../../../core/contract/domains/notices';
import { AppError } from '../../../core/contract/errors';
import { encodeBlocks, openTransport, profileOf, type Block } from '../../../native/printer';
import type { DeskEvents } from '../events';
import type { Logger } from '../log';
import type { PrintJournal } from '../../store/print-journal/journal';
import { ensurePrivateDir, writePrivateFile } from '../../store/private-files';
import type { LastSlip } from './last-slip';
import type { PrintAudit } from './print-audit';
import { previewPngPath } from './preview-path';
import type { Printer } from './preview-printer';

export type PrinterState = 'preview' | 'ready' | 'unreachable' | 'unknown';

export interface PrintAttemptsDeps {
  readonly journal: PrintJournal;
  readonly audit: PrintAudit;
  readonly events: DeskEvents;
  readonly log: Logger;
  readonly now: () => Date;
  /** Where the preview printer keeps what it "printed". */
  readonly dataDir: string;
  readonly spoolerDriver: () => string | null;
  readonly setStatus: (p: Printer, state: PrinterState) => void;
  /** The slip a preview already drew, when these blocks are it (last-slip.ts). */
  readonly lastSlip: LastSlip;
}

/**
 * Attempts of journal jobs: at most one attempt per job runs at a time, a sent job is never attempted, and
 * each attempt is audited before any byte leaves (print-audit.ts). The preview printer writes a PNG; any other
 * gets the encoded bytes through its transport, and the job is `sent` (and `printed` when the printer said
 * so) or `failed` with a stable reason.
 */
export class PrintAttempts {
  private readonly inFlight = new Map<number, Promise<PrintJob>>();

  constructor(private readonly d: PrintAttemptsDeps) {}

  /** The attempt of this job now running, if any. */
  running(jobId: number): Promise<PrintJob> | undefined {
    return this.inFlight.get(jobId);
  }

  send(
    jobId: number,
    p: Printer,
    build: () => Block[] | Buffer | Promise<Block[] | Buffer>,
  ): Promise<PrintJob> {
    const running = this.inFlight.get(jobId);
    if (running) return running;
    const { journal, events } = this.d;
    const attempt = (async (): Promise<PrintJob> => {
      if (!journal.startAttempt(jobId, this.iso())) return journal.byId(jobId)!;
      // Audit first, then act: an attempt that cannot be recorded sends nothing, and the caller gets why.
      this.d.audit.attempt(journal.byId(jobId)!, p.id);
      events.emit('print.job', journal.byId(jobId)!);
      try {
        const built = await build();
        let bytes: number;
        let printed = false;
        if (p.preview) {
          const blocks = Array.isArray(built) ? built : [];
          const { png } = this.d.lastSlip.drawn(blocks, profileOf(p));
          const file = previewPngPath(this.d.dataDir, jobId);
          ensurePrivateDir(dirname(file));
          writePrivateFile(file, png);
          bytes = png.length;
        } else {
          const data = Array.isArray(built) ? encodeBlocks(built, profileOf(p)) : built;
          const t = openTransport(p.interface, {
            timeoutMs: p.timeoutMs,
            confirm: p.confirm,
            family: p.family,
            baud: p.baud,
            spoolerDriver: this.d.spoolerDriver(),
          });
          const r = await t.send(data);
          bytes = r.bytes;
          printed = r.printed === true;
        }
        journal.markSent(jobId, bytes, this.iso(), printed);
        this.d.setStatus(p, p.preview ? 'preview' : 'ready');
      } catch (err) {
        const e =
          err instanceof AppError
            ? err
            : new AppError('PRINT_FAILED', { reason: 'INTERNAL' }, { cause: err });
        const reason = typeof e.details?.['reason'] === 'string' ? (e.details['reason'] as string) : e.code;
        journal.markFailed(jobId, e.code, reason, this.iso());
        this.d.setStatus(p, 'unreachable');
        this.d.log.warn('print job failed', { jobId, printer: p.id, reason });
      }
      const job = journal.byId(jobId)!;
      this.d.audit.outcome(job, p.id);
      events.emit('print.job', job);
      return job;
    })().finally(() => this.inFlight.delete(jobId));
    this.inFlight.set(jobId, attempt);
    return attempt;
  }

  private iso(): string {
    return this.d.now().toISOString();
  }
}
