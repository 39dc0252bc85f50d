import type { ConnectorKind } from '../../../core/contract/domains/positions';
import type { ImportRow } from '../../../core/positions/import-row';
import type { PositionDraft } from '../../../core/positions/payability';
import { positionFromRows, type ReadSummary } from './read-import';

/**
 * What crosses between the import's reader thread and its writer thread. Each position's validated rows
 * travel in one flat array of primitives per batch: one structured clone per batch, no object graph per row.
 * The writer builds the positions (positionFromRows), which also takes that work off the reader, the slower
 * of the two threads.
 */
export interface ReaderJob {
  readonly path: string;
  readonly connector: ConnectorKind;
  readonly now: string;
  readonly today: string;
}

export type ReaderMessage =
  | { readonly type: 'batch'; readonly values: (string | number | null)[] }
  | { readonly type: 'done'; readonly summary: ReadSummary }
  | { readonly type: 'failed'; readonly code: string; readonly details: Record<string, unknown> | null };

export type WriterMessage = { readonly type: 'ack' };

type Flat = (string | number | null)[];

/**
 * Appends a position's validated rows to `out`: what its rows share (from the first, as positionFromRows
 * reads it), the row count, then 8 fields per row. Element by element at the array's end: a many-argument
 * push was the reader thread's single biggest cost.
 */
export function encodeRows(rows: readonly ImportRow[], out: Flat): void {
  const head = rows[0]!;
  let n = out.length;
  out[n++] = head.positionKey;
  out[n++] = head.ecFiscalCode;
  out[n++] = head.ecName;
  out[n++] = head.debtorFiscalCode;
  out[n++] = head.debtorKind;
  out[n++] = head.debtorName;
  out[n++] = head.subject;
  out[n++] = rows.length;
  for (const r of rows) {
    out[n++] = r.nav;
    out[n++] = r.iuv;
    out[n++] = r.amount;
    out[n++] = r.dueDate;
    out[n++] = r.planSize;
    out[n++] = r.instalment;
    out[n++] = r.status;
    out[n++] = r.description;
  }
}

/** Calls `each` with every position of a batch, built by positionFromRows for `job`'s connector and time. */
export function decodePositions(values: Flat, job: ReaderJob, each: (p: PositionDraft) => void): void {
  const rows: ImportRow[] = [];
  let i = 0;
  while (i < values.length) {
    const shared = {
      positionKey: values[i] as string,
      ecFiscalCode: values[i + 1] as string,
      ecName: values[i + 2] as string,
      debtorFiscalCode: values[i + 3] as string,
      debtorKind: values[i + 4] as ImportRow['debtorKind'],
      debtorName: values[i + 5] as string | null,
      subject: values[i + 6] as string,
    };
    const count = values[i + 7] as number;
    rows.length = 0;
    let k = i + 8;
    for (let n = 0; n < count; n++, k += 8) {
      rows.push({
        ...shared,
        nav: values[k] as string,
        iuv: values[k + 1] as string,
        amount: values[k + 2] as ImportRow['amount'],
        dueDate: values[k + 3] as string | null,
        planSize: values[k + 4] as number,
        instalment: values[k + 5] as number | null,
        status: values[k + 6] as ImportRow['status'],
        description: values[k + 7] as string | null,
      });
    }
    each(positionFromRows(rows, job));
    i = k;
  }
}
