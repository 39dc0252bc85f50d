import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { PrinterView, PrintJob } from '../../../core/contract/domains/notices';
import type { ContractError } from '../../../core/contract/errors';
import type { Output } from '../../../core/contract';
import { useApi } from './desk';
import { printForces, type ForceGiven } from './print-forces';

export type NoticePreview = Output<'notices.preview'>;
export type PrinterStatus = Output<'printers.status'>;

/** One clerk action = one key: a repeated Enter or click sends the same key and the desk answers with the same job. */
const newKey = () => crypto.randomUUID();

function pdfBlobUrl(dataUrl: string): string {
  const base64 = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

export type DialogOwner = 'desk' | 'notice' | 'fee';

export type { ForceGiven } from './print-forces';

/**
 * Printing from the desk: the preview of the selected options, the print request with its idempotency key,
 * the jobs as the desk reports them (`print.job`), retries, explicit reprints, the A4 PDF and the printers.
 */
export const usePrintingStore = defineStore('printing', () => {
  const printers = shallowRef<PrinterView[]>([]);
  const printerId = ref<string | null>(null);
  const jobs = ref<PrintJob[]>([]);
  /** Jobs the clerk started in this page and has not dismissed: the notifications. */
  const notified = ref<number[]>([]);
  const statuses = ref<Record<string, PrinterStatus | 'checking'>>({});

  const dialogOptionIds = ref<string[] | null>(null);
  /**
   * Who shows the open dialog: 'desk', the citizen's print bar; 'notice', the bar of a notice found by number;
   * 'fee', the fee button (an anonymous fee's notice, with no citizen on screen).
   */
  const dialogOwner = ref<DialogOwner>('desk');
  const preview = shallowRef<NoticePreview | null>(null);
  const previewError = shallowRef<ContractError | null>(null);
  const previewLoading = ref(false);
  const printing = ref(false);
  const printError = shallowRef<ContractError | null>(null);
  const reprintConfirmed = ref(false);
  let printKey = newKey();
  let previewSeq = 0;
  let pdfSeq = 0;

  const pdfBusy = ref(false);
  const pdf = shallowRef<{ url: string; source: 'local' | 'backend'; optionIds: string[] } | null>(null);
  const pdfError = shallowRef<ContractError | null>(null);
  /** The last "Riprova" the desk refused, said to the clerk (a forced job: a supervisor must approve again). */
  const retryRefused = shallowRef<{ job: PrintJob; error: ContractError } | null>(null);

  const { force, otherForces, forceFor, refusedApproval, addForce, dropForce, clearForces } = printForces();

  const needsReprint = computed(() => (preview.value?.alreadySent.length ?? 0) > 0);
  const notifications = computed(() =>
    notified.value.map((id) => jobs.value.find((j) => j.id === id)).filter((j): j is PrintJob => !!j),
  );

  function printerName(id: string): string {
    return printers.value.find((p) => p.id === id)?.name ?? id;
  }
  function isPreviewPrinter(id: string): boolean {
    return printers.value.find((p) => p.id === id)?.family === 'preview';
  }

  /**
   * `jobs` holds the jobs started in this citizen session only: the desk's events about any other job (another
   * session, another window) are not this clerk's to show here.
   */
  /**
   * The preview of what Ctrl+P would open, asked for while the clerk reads the list, so the dialog shows it at
   * once (the desk takes 25–45 ms to lay out and draw a slip, more on a loaded machine). One at a time, used once,
   * dropped with the citizen, on any print job and when the printers are reloaded. Never for a forced
   * selection: that preview is a supervisor's audited act, asked only when the clerk opens it.
   */
  let ahead: { key: string; answer: ReturnType<ReturnType<typeof useApi>['notices']['preview']> } | null =
    null;
  function upsert(job: PrintJob, started = false): void {
    // A job changes what a preview says ("già stampato"): a preview asked ahead is no longer the truth.
    ahead = null;
    const i = jobs.value.findIndex((j) => j.id === job.id);
    // Events and answers may arrive in any order: never let an older state overwrite a newer one.
    if (i >= 0) {
      const old = jobs.value[i]!;
      if (old.updatedAt > job.updatedAt) return;
      jobs.value.splice(i, 1, job);
    } else if (started) jobs.value = [job, ...jobs.value].slice(0, 50);
    else return;
    // A test page that ended (sent or failed) says more about the printer than "non verificato": ask again, so
    // the row shows what the printer answered, not its state from before the test.
    if (job.kind === 'test' && (job.state === 'sent' || job.state === 'failed') && job.printerId)
      void checkStatus(job.printerId);
  }

  function notify(job: PrintJob): void {
    upsert(job, true);
    if (!notified.value.includes(job.id)) notified.value = [job.id, ...notified.value].slice(0, 5);
  }

  async function loadPrinters(): Promise<void> {
    const r = await useApi().printers.list();
    if (!r.ok) return;
    ahead = null;
    printers.value = r.value;
    if (!printerId.value || !r.value.some((p) => p.id === printerId.value))
      printerId.value = r.value.find((p) => p.isDefault)?.id ?? r.value[0]?.id ?? null;
  }

  function dropPdf(): void {
    if (pdf.value) URL.revokeObjectURL(pdf.value.url);
    pdf.value = null;
    pdfError.value = null;
  }

  /** The citizen session ended: its PDF link (revoked), notifications, jobs list and open dialog all go. */
  function resetCitizen(): void {
    ahead = null;
    pdfSeq++;
    dropPdf();
    pdfBusy.value = false;
    notified.value = [];
    jobs.value = [];
    clearForces();
    retryRefused.value = null;
    close();
    printing.value = false;
  }

  const previewKey = (ids: readonly string[]) => JSON.stringify([ids, printerId.value]);
  function previewAhead(ids: readonly string[]): void {
    if (ids.length === 0 || forceFor(ids).force || dialogOptionIds.value !== null) return;
    const key = previewKey(ids);
    if (ahead?.key === key) return;
    ahead = {
      key,
      answer: useApi().notices.preview({
        optionIds: [...ids],
        ...(printerId.value ? { printerId: printerId.value } : {}),
      }),
    };
  }

  async function loadPreview(): Promise<void> {
    const ids = dialogOptionIds.value;
    if (!ids) return;
    const mine = ++previewSeq;
    previewLoading.value = true;
    previewError.value = null;
    const withForce = forceFor(ids);
    const asked = !withForce.force && ahead?.key === previewKey(ids) ? ahead.answer : null;
    ahead = null;
    const r = await (asked ??
      useApi().notices.preview({
        optionIds: ids,
        ...(printerId.value ? { printerId: printerId.value } : {}),
        ...withForce,
      }));
    if (mine !== previewSeq) return;
    previewLoading.value = false;
    if (r.ok) preview.value = r.value;
    else {
      preview.value = null;
      previewError.value = r.error;
      refusedApproval(r.error, withForce);
    }
  }

  async function open(optionIds: readonly string[], owner: DialogOwner = 'desk'): Promise<void> {
    if (optionIds.length === 0) return;
    dialogOwner.value = owner;
    dialogOptionIds.value = [...optionIds];
    preview.value = null;
    printError.value = null;
    reprintConfirmed.value = false;
    printKey = newKey();
    if (printers.value.length === 0) await loadPrinters();
    await loadPreview();
  }

  function close(): void {
    dialogOptionIds.value = null;
    preview.value = null;
    previewError.value = null;
    printError.value = null;
    previewSeq++;
  }

  async function choosePrinter(id: string): Promise<void> {
    printerId.value = id;
    printKey = newKey();
    await loadPreview();
  }

  /** Prints what the dialog shows. Returns true when the dialog may close. */
  async function print(): Promise<boolean> {
    const ids = dialogOptionIds.value;
    if (!ids || printing.value || !preview.value) return false;
    if (needsReprint.value && !reprintConfirmed.value) return false;
    printing.value = true;
    printError.value = null;
    try {
      const withForce = forceFor(ids);
      const r = await useApi().notices.print({
        optionIds: ids,
        ...(printerId.value ? { printerId: printerId.value } : {}),
        reprint: needsReprint.value && reprintConfirmed.value,
        idempotency: printKey,
        ...withForce,
      });
      if (r.ok) {
        notify(r.value);
        return true;
      }
      printError.value = r.error;
      refusedApproval(r.error, withForce);
      if (r.error.code === 'REPRINT_REQUIRED') await loadPreview();
      return false;
    } finally {
      printing.value = false;
    }
  }

  /**
   * "Riprova". A forced job goes with the supervisor's approval the page holds for its options, if any; when the
   * desk refuses it (none, expired, dropped by a lock) the clerk is told, and may ask a supervisor again.
   */
  async function retry(jobId: number): Promise<ContractError | null> {
    const job = jobs.value.find((j) => j.id === jobId);
    const withForce = job?.forced ? forceFor(job.optionIds) : {};
    const r = await useApi().notices.retry({ jobId, ...withForce });
    if (r.ok) {
      if (retryRefused.value?.job.id === jobId) retryRefused.value = null;
      notify(r.value);
      return null;
    }
    refusedApproval(r.error, withForce);
    if (job) retryRefused.value = { job, error: r.error };
    return r.error;
  }

  /** The supervisor approved the failed forced job again: kept for the next retries, and the job sent. */
  async function retryWith(job: PrintJob, given: ForceGiven): Promise<ContractError | null> {
    addForce(given);
    return retry(job.id);
  }

  /** An explicit reprint of a job's options, confirmed by the clerk: a new request, recorded as a reprint. */
  async function reprint(job: PrintJob): Promise<ContractError | null> {
    const r = await useApi().notices.print({
      optionIds: job.optionIds,
      printerId: job.printerId,
      reprint: true,
      idempotency: newKey(),
    });
    if (!r.ok) return r.error;
    notify(r.value);
    return null;
  }

  function dismiss(jobId: number): void {
    notified.value = notified.value.filter((id) => id !== jobId);
  }

  async function makePdf(optionIds: readonly string[]): Promise<void> {
    if (pdfBusy.value || optionIds.length === 0) return;
    pdfBusy.value = true;
    pdfError.value = null;
    const mine = ++pdfSeq;
    try {
      const withForce = forceFor(optionIds);
      const r = await useApi().notices.pdf({ optionIds: [...optionIds], ...withForce });
      // The session ended while the desk was drawing: this PDF belongs to a citizen who has left.
      if (mine !== pdfSeq) return;
      dropPdf();
      if (r.ok)
        pdf.value = { url: pdfBlobUrl(r.value.pdf), source: r.value.source, optionIds: [...optionIds] };
      else {
        pdfError.value = r.error;
        refusedApproval(r.error, withForce);
      }
    } finally {
      if (mine === pdfSeq) pdfBusy.value = false;
    }
  }

  async function checkStatus(id: string): Promise<void> {
    statuses.value = { ...statuses.value, [id]: 'checking' };
    const r = await useApi().printers.status({ printerId: id });
    const next = { ...statuses.value };
    if (r.ok) next[id] = r.value;
    else delete next[id];
    statuses.value = next;
  }

  async function testPage(id: string): Promise<void> {
    const r = await useApi().printers.test({ printerId: id });
    if (r.ok) notify(r.value);
  }

  let started = false;
  async function init(): Promise<void> {
    if (started) return;
    started = true;
    useApi().print.onJob((job) => upsert(job));
    await loadPrinters();
  }

  return {
    printers,
    printerId,
    jobs,
    notifications,
    statuses,
    dialogOptionIds,
    dialogOwner,
    preview,
    previewError,
    previewLoading,
    printing,
    printError,
    reprintConfirmed,
    needsReprint,
    pdfBusy,
    pdf,
    pdfError,
    force,
    otherForces,
    retryRefused,
    addForce,
    dropForce,
    printerName,
    isPreviewPrinter,
    init,
    loadPrinters,
    resetCitizen,
    previewAhead,
    dropPdf,
    open,
    close,
    choosePrinter,
    print,
    retry,
    retryWith,
    reprint,
    dismiss,
    makePdf,
    checkStatus,
    testPage,
  };
});
