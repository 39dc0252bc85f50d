import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../core/contract/errors';
import { openDatabase } from '../../store/database';
import { storeFault } from '../../store/store-faults';
import { importPositionsFile } from './import-file';

/** What the desk hands the import thread: everything it needs to open its own connection. */
export interface ImportJob {
  readonly dbFile: string;
  readonly path: string;
  readonly now: string;
  readonly dryRun: boolean;
  readonly bulkFromBytes?: number;
}

export type ImportOutcome =
  | { readonly ok: true; readonly report: Awaited<ReturnType<typeof importPositionsFile>> }
  | {
      readonly ok: false;
      readonly code: string;
      readonly details: Record<string, unknown> | null;
      readonly message: string;
    };

// The thread owns its connection: the transaction it holds open is invisible to the desk until COMMIT.
const job = workerData as ImportJob;
let outcome: ImportOutcome;
let db: ReturnType<typeof openDatabase> | null = null;
try {
  // Opened inside the try: a database that cannot even open (full disk, read-only) is typed like any other fault.
  db = openDatabase(job.dbFile);
  const report = await importPositionsFile(db, job.path, {
    now: new Date(job.now),
    dryRun: job.dryRun,
    ...(job.bulkFromBytes === undefined ? {} : { bulkFromBytes: job.bulkFromBytes }),
  });
  outcome = { ok: true, report };
} catch (err) {
  // A full disk or a read-only database is said as what it is, naming the file, not as a failed thread.
  const typed = err instanceof AppError ? err : storeFault(err, job.dbFile);
  outcome = typed
    ? {
        ok: false,
        code: typed.code,
        details: (typed.details ?? null) as Record<string, unknown> | null,
        message: typed.message,
      }
    : { ok: false, code: 'INTERNAL', details: { reason: 'IMPORT_THREAD' }, message: String(err) };
} finally {
  try {
    db?.close();
  } catch {
    // Closing after a failed write on a full disk may fail too; the outcome already says why.
  }
}
parentPort?.postMessage(outcome);
