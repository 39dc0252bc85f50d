import type { PrinterView, PrintJob } from '../../../core/contract/domains/notices';
import type { Position } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
import type { NoticeDocument } from '../../../core/notice';
import {
  ditherPng,
  layoutNotices,
  layoutTestPage,
  openTransport,
  profileOf,
  type Bitmap,
  type Block,
} from '../../../native/printer';
import type { AuditLog } from '../audit/audit-log';
import { secondLanguageOf, type PrintersConfig } from '../config/sections/printers';
import type { DeskEvents } from '../events';
import type { Logger } from '../log';
import type { StatusBoard } from '../status-board';
import type { Db } from '../../store/database';
import { PrintJournal } from '../../store/print-journal/journal';
import { confirmationOf } from '../../../core/printers/confirmation';
import { readCreditorLogo } from './a4/logo';
import { composeNotices } from './compose-notices';
import { LastSlip } from './last-slip';
import { readLogoFile } from './logo-file';
import type { OptionSource } from './option-source';
import { PrintAttempts, type PrinterState } from './print-attempts';
import { PrintAudit, type ForcedSelection } from './print-audit';
import { PREVIEW, PREVIEW_PRINTER_ID, type Printer } from './preview-printer';
import { describeProbe } from './printer-status-text';

// Where other modules have always imported them from.
export { positionsOptionSource } from './option-source';
export { PREVIEW_PRINTER_ID } from './preview-printer';
export type { ForcedSelection } from './print-audit';

/** A payload that is valid and visibly a test: printed on test pages so a clerk can check the scanner. */
const TEST_QR = 'PAGOPA|002|301000000000012373|01199250158|1250';

export interface PrintingDeps {
  readonly db: Db;
  readonly events: DeskEvents;
  readonly status: StatusBoard;
  readonly audit: AuditLog;
  /** The printers in force, read at each use: a change saved from the desk applies to the next job. */
  readonly printers: () => PrintersConfig;
  readonly options: OptionSource;
  readonly now: () => Date;
  readonly log: Logger;
  /** Where the preview printer keeps what it "printed". */
  readonly dataDir: string;
  readonly demo: boolean;
  /** The desk's language, for the printer status sentence the settings dialog shows (Italian when absent). */
  readonly language?: () => 'it' | 'en';
}

/**
 * Notices to paper. Every request is a journal job (idempotency key → one job); a job is `sent` when the
 * printer took the bytes and `failed` with a stable reason otherwise; retry sends the same job again; a
 * second print of options already sent must be asked for as a reprint and is recorded as one.
 */
export class PrintingService {
  readonly journal: PrintJournal;
  private readonly audit: PrintAudit;
  private readonly attempts: PrintAttempts;
  private readonly logos = new Map<string, Bitmap | null>();
  private readonly lastSlip = new LastSlip();
  private seen: PrintersConfig | null = null;

  constructor(private readonly d: PrintingDeps) {
    this.journal = new PrintJournal(d.db);
    const common = { journal: this.journal, events: d.events, log: d.log, now: d.now };
    this.audit = new PrintAudit({ ...common, audit: d.audit });
    this.attempts = new PrintAttempts({
      ...common,
      audit: this.audit,
      dataDir: d.dataDir,
      spoolerDriver: () => this.config.spoolerDriver,
      setStatus: (p, state) => this.setStatus(p, state),
      lastSlip: this.lastSlip,
    });
    d.events.on('identity.changed', () => this.lastSlip.clear());
    this.refreshStatus();
  }

  /** The status bar's printer after the default changed: its state is unknown until something is sent. */
  refreshStatus(): void {
    const def = this.printer(undefined);
    this.setStatus(def, def.preview ? 'preview' : 'unknown');
  }

  private get config(): PrintersConfig {
    const c = this.d.printers();
    // A saved change may point a printer at a new logo file, or the same path at new contents.
    if (c !== this.seen) {
      this.logos.clear();
      this.lastSlip.clear();
      this.seen = c;
    }
    return c;
  }

  printers(): PrinterView[] {
    const def = this.defaultId();
    return [PREVIEW, ...this.config.list].map((p) => ({
      id: p.id,
      name: p.name,
      family: p.id === PREVIEW_PRINTER_ID ? 'preview' : p.family,
      width: p.width,
      interface: p.id === PREVIEW_PRINTER_ID ? null : p.interface,
      isDefault: p.id === def,
    }));
  }

  private defaultId(): string {
    return this.config.default ?? PREVIEW_PRINTER_ID;
  }

  printer(id: string | undefined): Printer {
    const want = id ?? this.defaultId();
    if (want === PREVIEW_PRINTER_ID) return { ...PREVIEW, preview: true };
    const p = this.config.list.find((x) => x.id === want);
    if (!p) throw new AppError('NOT_FOUND', { reason: 'PRINTER_UNKNOWN', printerId: want });
    return { ...p, preview: false };
  }

  private async logo(p: Printer): Promise<Bitmap | null> {
    if (!p.logo) return null;
    if (!this.logos.has(p.logo)) {
      try {
        // Off the main thread, a regular file only, size-capped and timed: see logo-file.ts.
        const bytes = await readLogoFile(p.logo);
        this.logos.set(p.logo, ditherPng(bytes, p.width === 80 ? 384 : 256));
      } catch (err) {
        // A missing or broken logo must not stop a notice from printing.
        this.d.log.warn('printer logo unreadable', { printer: p.id, error: String(err) });
        this.logos.set(p.logo, null);
      }
    }
    return this.logos.get(p.logo) ?? null;
  }

  /** Option ids → one notice per position, each composed by the core rules. */
  async compose(
    optionIds: readonly string[],
    forced = false,
  ): Promise<{ docs: NoticeDocument[]; positions: Position[] }> {
    const positions = [...(await this.d.options.findOptions(optionIds))];
    const known = new Set(positions.flatMap((p) => p.options.map((o) => o.id)));
    const missing = optionIds.filter((id) => !known.has(id));
    if (missing.length > 0) throw new AppError('NOT_FOUND', { reason: 'OPTION_UNKNOWN', optionIds: missing });
    const docs = composeNotices(positions, optionIds, this.config.postal, forced);
    return { docs, positions };
  }

  private blocksFor(docs: readonly NoticeDocument[], p: Printer): Promise<Block[]> {
    const profile = profileOf(p);
    return this.lastSlip.blocks(JSON.stringify([docs, profile, p.logo ?? null]), async () =>
      layoutNotices(docs, profile, { logo: await this.logo(p) }),
    );
  }

  async preview(input: {
    optionIds: readonly string[];
    printerId?: string | undefined;
    force?: ForcedSelection | undefined;
  }) {
    const p = this.printer(input.printerId);
    const { docs, positions } = await this.compose(input.optionIds, !!input.force);
    if (input.force)
      this.audit.forced('preview', input.force, positions, input.optionIds, { printerId: p.id });
    const blocks = await this.blocksFor(docs, p);
    const drawn = this.lastSlip.drawn(blocks, profileOf(p));
    return {
      printerId: p.id,
      width: p.width,
      image: `data:image/png;base64,${drawn.png.toString('base64')}`,
      imageWidth: drawn.width,
      imageHeight: drawn.height,
      text: blocks.flatMap((b) => (b.kind === 'text' ? [b.text] : [])),
      navs: docs.flatMap((d) => d.payments.map((x) => x.nav)),
      warnings: docs.flatMap((d) => d.warnings.map((w) => ({ ...w }))),
      alreadySent: this.journal.sentJobsFor(input.optionIds),
    };
  }

  async print(input: {
    optionIds: readonly string[];
    printerId?: string | undefined;
    reprint: boolean;
    idempotency: string;
    force?: ForcedSelection | undefined;
  }): Promise<PrintJob> {
    const existing = this.journal.byKey(input.idempotency);
    if (existing) return this.attempts.running(existing.id) ?? existing;
    const p = this.printer(input.printerId);
    const { docs, positions } = await this.compose(input.optionIds, !!input.force);
    const navs = docs.flatMap((d) => d.payments.map((x) => x.nav));
    let reprintOf: number | null = null;
    const job = this.journal.create(
      {
        key: input.idempotency,
        kind: 'notice',
        printerId: p.id,
        optionIds: input.optionIds,
        navs,
        reprintOf: null,
        at: this.iso(),
        forced: !!input.force,
      },
      () => {
        const sent = this.journal.sentJobsFor(input.optionIds);
        if (sent.length > 0 && !input.reprint)
          throw new AppError('REPRINT_REQUIRED', { reason: 'ALREADY_SENT', jobIds: sent });
        reprintOf = sent.at(-1) ?? null;
      },
    );
    if (job.idempotencyKey !== input.idempotency || job.attempts > 0) return job;
    if (reprintOf !== null) {
      this.d.db
        .prepare('UPDATE print_jobs SET reprint = 1, reprint_of = ? WHERE id = ?')
        .run(reprintOf, job.id);
    }
    const force = input.force;
    if (force)
      this.audit.orFail(job, () =>
        this.audit.forced('print', force, positions, input.optionIds, { printerId: p.id, jobId: job.id }),
      );
    this.d.events.emit('print.job', this.journal.byId(job.id)!);
    return this.attempts.send(job.id, p, () => this.blocksFor(docs, p));
  }

  /**
   * Sends a failed job again; a sent job is returned as it is. `force`: the forced job's retry as its own
   * audited act (who approved it, why), recorded before the attempt.
   */
  async retry(jobId: number, force?: ForcedSelection): Promise<PrintJob> {
    const job = this.journal.byId(jobId);
    if (!job) throw new AppError('NOT_FOUND', { reason: 'JOB_UNKNOWN', jobId });
    const running = this.attempts.running(jobId);
    if (running) return running;
    if (job.state === 'sent') return job;
    const p = this.printer(job.printerId);
    if (job.kind === 'test') return this.attempts.send(job.id, p, () => this.testBlocks(p));
    const { docs, positions } = await this.compose(job.optionIds, job.forced);
    if (force && job.forced)
      this.audit.orFail(job, () =>
        this.audit.forced('retry', force, positions, job.optionIds, { printerId: p.id, jobId: job.id }),
      );
    return this.attempts.send(job.id, p, () => this.blocksFor(docs, p));
  }

  jobs(limit: number): PrintJob[] {
    return this.journal.list(limit);
  }

  private testBlocks(p: Printer): Block[] {
    return layoutTestPage(profileOf(p), p.name, TEST_QR);
  }

  async test(printerId: string | undefined): Promise<PrintJob> {
    const p = this.printer(printerId);
    const job = this.journal.create({
      key: `test:${p.id}:${this.iso()}:${Math.random().toString(36).slice(2)}`,
      kind: 'test',
      printerId: p.id,
      optionIds: [],
      navs: [],
      reprintOf: null,
      at: this.iso(),
    });
    this.d.events.emit('print.job', job);
    return this.attempts.send(job.id, p, () => this.testBlocks(p));
  }

  async status(printerId: string | undefined) {
    const p = this.printer(printerId);
    const checkedAt = this.iso();
    if (p.preview) return { printerId: p.id, state: 'preview' as const, detail: null, checkedAt };
    // The printer is asked its condition exactly when its jobs are confirmed: same channel, same family.
    const r = await openTransport(p.interface, {
      timeoutMs: p.timeoutMs,
      confirm: p.confirm,
      family: p.family,
      baud: p.baud,
      spoolerDriver: this.config.spoolerDriver,
    }).probe();
    this.setStatus(p, r.state === 'ready' ? 'ready' : r.state === 'unknown' ? 'unknown' : 'unreachable');
    const detail = describeProbe(r, confirmationOf(p), this.d.language?.() ?? 'it');
    return { printerId: p.id, state: r.state, reason: r.reason, asked: r.asked, detail, checkedAt };
  }

  async pdf(
    optionIds: readonly string[],
    force?: ForcedSelection,
  ): Promise<{ pdf: string; source: 'local' | 'backend' }> {
    const { docs, positions } = await this.compose(optionIds, !!force);
    if (force) this.audit.forced('pdf', force, positions, optionIds, {});
    // Audit first, then act: the export is recorded (for whom, which notices) before a PDF is fetched or drawn.
    this.audit.pdfExport(
      positions,
      optionIds,
      docs.flatMap((d) => d.payments.map((x) => x.nav)),
    );
    const only = positions.length === 1 ? positions[0] : undefined;
    if (only && this.d.options.officialPdf) {
      const official = await this.d.options.officialPdf(only, optionIds).catch(() => null);
      if (official)
        return { pdf: `data:application/pdf;base64,${official.toString('base64')}`, source: 'backend' };
    }
    const logoFor = (cf: string) =>
      readCreditorLogo(this.config.creditorLogos, cf, (m, detail) => this.d.log.warn(m, detail));
    // pdfkit and fontkit take a quarter of a second to load: the desk loads them at the first A4 notice, not at start.
    const { renderA4Pdf } = await import('./a4-pdf');
    const buf = await renderA4Pdf(docs, {
      logoFor,
      secondLanguageFor: secondLanguageOf(this.config),
    });
    return { pdf: `data:application/pdf;base64,${buf.toString('base64')}`, source: 'local' };
  }

  private iso(): string {
    return this.d.now().toISOString();
  }

  private setStatus(p: Printer, state: PrinterState): void {
    this.d.status.set('printer', { state, name: p.name });
  }
}
