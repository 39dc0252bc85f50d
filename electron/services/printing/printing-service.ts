import { dirname } from 'node:path';
import type { ForceSelection, PrinterView, PrintJob } from '../../../core/contract/domains/notices';
import type { Position } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
import type { NoticeDocument } from '../../../core/notice';
import { composeNotices } from './compose-notices';
import { readCreditorLogo } from './a4/logo';
import type { OptionSource } from './option-source';
import { previewPngPath } from './preview-path';
import {
  ditherPng,
  encodeBlocks,
  layoutNotices,
  layoutTestPage,
  openTransport,
  profileOf,
  renderBlocks,
  toPng,
  type Bitmap,
  type Block,
  type PrinterProfile,
} from '../../../native/printer';
import type { PrinterConfig, PrintersConfig } from '../config/sections/printers';
import type { AuditLog } from '../audit/audit-log';
import type { DeskEvents } from '../events';
import type { Logger } from '../log';
import type { StatusBoard } from '../status-board';
import { PrintJournal } from '../../store/print-journal/journal';
import type { Db } from '../../store/database';
import { readLogoFile } from './logo-file';
import { ensurePrivateDir, writePrivateFile } from '../../store/private-files';

/** The built-in printer that renders to the screen: the default with no printer configured and in demo mode. */
export const PREVIEW_PRINTER_ID = 'preview';
const PREVIEW: PrinterConfig = {
  id: PREVIEW_PRINTER_ID,
  name: 'Anteprima a schermo',
  family: 'epson',
  width: 80,
  dots: null,
  interface: '',
  charset: 'PC858_EURO',
  logo: null,
  timeoutMs: 5000,
  model: null,
  qr: 'raster',
  confirm: 'peer-close',
};

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
}

type Printer = PrinterConfig & { readonly preview: boolean };

/**
 * Notices to paper. Every request is a journal job (idempotency key → one job); a job is `sent` when the
 * printer took the bytes and `failed` with a stable reason otherwise; retry sends the same job again; a
 * second print of options already sent must be asked for as a reprint and is recorded as one.
 */
export class PrintingService {
  readonly journal: PrintJournal;
  private readonly inFlight = new Map<number, Promise<PrintJob>>();
  private readonly logos = new Map<string, Bitmap | null>();
  private seen: PrintersConfig | null = null;

  constructor(private readonly d: PrintingDeps) {
    this.journal = new PrintJournal(d.db);
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

  private profile(p: Printer): PrinterProfile {
    return profileOf(p);
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

  private async blocksFor(docs: readonly NoticeDocument[], p: Printer): Promise<Block[]> {
    return layoutNotices(docs, this.profile(p), { logo: await this.logo(p) });
  }

  async preview(input: {
    optionIds: readonly string[];
    printerId?: string | undefined;
    force?: ForceSelection | undefined;
  }) {
    const p = this.printer(input.printerId);
    const { docs, positions } = await this.compose(input.optionIds, !!input.force);
    if (input.force)
      this.recordForced('preview', input.force, positions, input.optionIds, { printerId: p.id });
    const blocks = await this.blocksFor(docs, p);
    const bm = renderBlocks(blocks, this.profile(p));
    return {
      printerId: p.id,
      width: p.width,
      image: `data:image/png;base64,${toPng(bm).toString('base64')}`,
      imageWidth: bm.width,
      imageHeight: bm.height,
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
    force?: ForceSelection | undefined;
  }): Promise<PrintJob> {
    const existing = this.journal.byKey(input.idempotency);
    if (existing) return this.inFlight.get(existing.id) ?? existing;
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
      this.auditOrFail(job, () =>
        this.recordForced('print', force, positions, input.optionIds, { printerId: p.id, jobId: job.id }),
      );
    this.d.events.emit('print.job', this.journal.byId(job.id)!);
    return this.send(job.id, p, () => this.blocksFor(docs, p));
  }

  /**
   * The forced selection's own row: who (the operator, stamped by the audit context), which options and why
   * each was not payable, and the supervisor's reason. Written before the notice is drawn, printed or exported.
   */
  private recordForced(
    method: 'preview' | 'print' | 'pdf',
    force: ForceSelection,
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
        options: chosen.map((o) => ({ id: o.id, nav: o.nav, notPayableReason: o.notPayableReason })),
        ...extra,
      },
    });
  }

  /** Sends a failed job again; a sent job is returned as it is. */
  async retry(jobId: number): Promise<PrintJob> {
    const job = this.journal.byId(jobId);
    if (!job) throw new AppError('NOT_FOUND', { reason: 'JOB_UNKNOWN', jobId });
    const running = this.inFlight.get(jobId);
    if (running) return running;
    if (job.state === 'sent') return job;
    const p = this.printer(job.printerId);
    if (job.kind === 'test') return this.send(job.id, p, () => this.testBlocks(p));
    const { docs } = await this.compose(job.optionIds, this.journal.isForced(job.id));
    return this.send(job.id, p, () => this.blocksFor(docs, p));
  }

  jobs(limit: number): PrintJob[] {
    return this.journal.list(limit);
  }

  private testBlocks(p: Printer): Block[] {
    return layoutTestPage(this.profile(p), p.name, TEST_QR);
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
    return this.send(job.id, p, () => this.testBlocks(p));
  }

  async status(printerId: string | undefined) {
    const p = this.printer(printerId);
    const checkedAt = this.iso();
    if (p.preview) return { printerId: p.id, state: 'preview' as const, detail: null, checkedAt };
    const r = await openTransport(p.interface, {
      timeoutMs: p.timeoutMs,
      spoolerDriver: this.config.spoolerDriver,
    }).probe();
    this.setStatus(p, r.state === 'ready' ? 'ready' : r.state === 'unknown' ? 'unknown' : 'unreachable');
    return { printerId: p.id, state: r.state, detail: r.detail, checkedAt };
  }

  async pdf(
    optionIds: readonly string[],
    force?: ForceSelection,
  ): Promise<{ pdf: string; source: 'local' | 'backend' }> {
    const { docs, positions } = await this.compose(optionIds, !!force);
    if (force) this.recordForced('pdf', force, positions, optionIds, {});
    // Audit first, then act: the export is recorded (for whom, which notices) before a PDF is fetched or drawn.
    const debtors = [...new Set(positions.map((p) => p.debtor.fiscalCode))];
    this.d.audit.record({
      actor: 'desk',
      action: 'print.pdf',
      subject: debtors.join(',') || null,
      details: { optionIds: [...optionIds], navs: docs.flatMap((d) => d.payments.map((x) => x.nav)) },
    });
    const only = positions.length === 1 ? positions[0] : undefined;
    if (only && this.d.options.officialPdf) {
      const official = await this.d.options.officialPdf(only, optionIds).catch(() => null);
      if (official)
        return { pdf: `data:application/pdf;base64,${official.toString('base64')}`, source: 'backend' };
    }
    const logoFor = (cf: string) =>
      readCreditorLogo(this.config.creditorLogos, cf, (m, detail) => this.d.log.warn(m, detail));
    const german = new Set(this.config.bilingualGerman);
    // pdfkit and fontkit take a quarter of a second to load: the desk loads them at the first A4 notice, not at start.
    const { renderA4Pdf } = await import('./a4-pdf');
    const buf = await renderA4Pdf(docs, {
      logoFor,
      secondLanguageFor: (cf) => (german.has(cf) ? 'de' : null),
    });
    return { pdf: `data:application/pdf;base64,${buf.toString('base64')}`, source: 'local' };
  }

  private iso(): string {
    return this.d.now().toISOString();
  }

  private setStatus(p: Printer, state: 'preview' | 'ready' | 'unreachable' | 'unknown'): void {
    this.d.status.set('printer', { state, name: p.name });
  }

  /** One attempt. At most one attempt per job runs at a time; a sent job is never attempted. */
  private send(
    jobId: number,
    p: Printer,
    build: () => Block[] | Buffer | Promise<Block[] | Buffer>,
  ): Promise<PrintJob> {
    const running = this.inFlight.get(jobId);
    if (running) return running;
    const attempt = (async (): Promise<PrintJob> => {
      if (!this.journal.startAttempt(jobId, this.iso())) return this.journal.byId(jobId)!;
      // Audit first, then act: an attempt that cannot be recorded sends nothing, and the caller gets why.
      this.recordAttempt(this.journal.byId(jobId)!, p);
      this.d.events.emit('print.job', this.journal.byId(jobId)!);
      try {
        const built = await build();
        let bytes: number;
        let printed = false;
        if (p.preview) {
          const blocks = Array.isArray(built) ? built : [];
          const png = toPng(renderBlocks(blocks, this.profile(p)));
          const file = previewPngPath(this.d.dataDir, jobId);
          ensurePrivateDir(dirname(file));
          writePrivateFile(file, png);
          bytes = png.length;
        } else {
          const data = Array.isArray(built) ? encodeBlocks(built, this.profile(p)) : built;
          const t = openTransport(p.interface, {
            timeoutMs: p.timeoutMs,
            confirm: p.confirm,
            family: p.family,
            spoolerDriver: this.config.spoolerDriver,
          });
          const r = await t.send(data);
          bytes = r.bytes;
          printed = r.printed === true;
        }
        this.journal.markSent(jobId, bytes, this.iso(), printed);
        this.setStatus(p, p.preview ? 'preview' : 'ready');
      } catch (err) {
        const e =
          err instanceof AppError
            ? err
            : new AppError('PRINT_FAILED', { reason: 'INTERNAL' }, { cause: err });
        const reason = typeof e.details?.['reason'] === 'string' ? (e.details['reason'] as string) : e.code;
        this.journal.markFailed(jobId, e.code, reason, this.iso());
        this.setStatus(p, 'unreachable');
        this.d.log.warn('print job failed', { jobId, printer: p.id, reason });
      }
      const job = this.journal.byId(jobId)!;
      this.recordOutcome(job, p);
      this.d.events.emit('print.job', job);
      return job;
    })().finally(() => this.inFlight.delete(jobId));
    this.inFlight.set(jobId, attempt);
    return attempt;
  }

  /**
   * The act's own row, written before any byte leaves: who asked to print what, where, which attempt. When it
   * cannot be written the job is failed with the audit's reason (as far as the store still takes a write) and
   * the typed error (DISK_FULL, DB_READ_ONLY, AUDIT_UNAVAILABLE) goes to the caller.
   */
  private recordAttempt(job: PrintJob, p: Printer): void {
    this.auditOrFail(job, () =>
      this.d.audit.record({
        actor: 'desk',
        action: 'print.attempt',
        subject: job.navs.join(',') || null,
        details: {
          jobId: job.id,
          printerId: p.id,
          kind: job.kind,
          attempt: job.attempts,
          reprint: job.reprint,
          reprintOf: job.reprintOf,
          forced: this.journal.isForced(job.id),
        },
      }),
    );
  }

  /** Runs an audit write for a job; when it fails, the job is failed with its reason and the error thrown. */
  private auditOrFail(job: PrintJob, record: () => void): void {
    try {
      record();
    } catch (err) {
      const e =
        err instanceof AppError
          ? err
          : new AppError('AUDIT_UNAVAILABLE', { reason: 'WRITE_FAILED' }, { cause: err });
      const reason = typeof e.details?.['reason'] === 'string' ? (e.details['reason'] as string) : e.code;
      try {
        this.journal.markFailed(job.id, e.code, reason, this.iso());
        this.d.events.emit('print.job', this.journal.byId(job.id)!);
      } catch (markErr) {
        // The store refuses this write too (same full or read-only disk): the job stays as it is, unsent.
        this.d.log.warn('print job not marked failed', { jobId: job.id, error: String(markErr) });
      }
      this.d.log.warn('print refused: the attempt cannot be audited', { jobId: job.id, code: e.code });
      throw e;
    }
  }

  /** The outcome's row. The act already happened under its attempt row: a failure here is logged, not thrown. */
  private recordOutcome(job: PrintJob, p: Printer): void {
    try {
      this.d.audit.record({
        actor: 'desk',
        action: job.state === 'sent' ? (job.reprint ? 'print.reprint-sent' : 'print.sent') : 'print.failed',
        subject: job.navs.join(',') || null,
        details: {
          jobId: job.id,
          printerId: p.id,
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

/** Over the positions service (another feature's): option ids and NAVs to positions. */
export function positionsOptionSource(positions: {
  optionsById(ids: readonly string[]): readonly Position[];
  byNotice(nav: string, ec: string | undefined): Promise<{ positions: readonly Position[] }>;
  officialPdf?(position: Position, nav: string): Promise<Buffer | null>;
}): OptionSource {
  return {
    officialPdf: async (position, ids) => {
      const option = position.options.find((o) => ids.includes(o.id));
      return option && positions.officialPdf ? positions.officialPdf(position, option.nav) : null;
    },
    findOptions: async (ids) => positions.optionsById(ids),
    findByNav: async (nav) => {
      const r = await positions.byNotice(nav, undefined);
      for (const position of r.positions) {
        const o = position.options.find((x) => x.nav === nav);
        if (o) return { position, optionId: o.id };
      }
      return null;
    },
  };
}
