import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../../core/contract/errors';
import { threadEntry } from '../platform/tsx';
import type { ImportReport } from './import-file';
import type { ImportJob, ImportOutcome } from './import-worker';

/** From the sources (tests, benches) the thread runs the TypeScript entry through tsx; in the CLI bundle, built. */
function workerEntry(): { file: string; execArgv: string[] } {
  return threadEntry(
    new URL('./import-worker.js', import.meta.url),
    new URL('./import-worker.ts', import.meta.url),
  );
}

/**
 * Imports a file on a worker thread with its own database connection, so parsing a million rows and
 * writing them never blocks the loop that serves the desk. Same report and errors as importPositionsFile;
 * the process-level guarantees are the same too (one file = one transaction on the thread's connection).
 */
export function importPositionsFileInWorker(
  dbFile: string,
  path: string,
  opts: { now: Date; dryRun?: boolean; bulkFromBytes?: number },
): Promise<ImportReport> {
  const entry = workerEntry();
  const job: ImportJob = {
    dbFile,
    path,
    now: opts.now.toISOString(),
    dryRun: opts.dryRun ?? false,
    ...(opts.bulkFromBytes === undefined ? {} : { bulkFromBytes: opts.bulkFromBytes }),
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry.file, {
      workerData: job,
      execArgv: entry.execArgv,
      // Smaller than V8's default young generation: the import's RSS budget is 300 MB for every thread.
      resourceLimits: { maxYoungGenerationSizeMb: 16 },
    });
    let settled = false;
    worker.once('message', (m: ImportOutcome) => {
      settled = true;
      if (m.ok) resolve(m.report);
      else reject(new AppError(m.code as ErrorCode, m.details ?? {}));
    });
    worker.once('error', (err) => {
      settled = true;
      reject(new AppError('INTERNAL', { reason: 'IMPORT_THREAD' }, { cause: err }));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new AppError('INTERNAL', { reason: 'IMPORT_THREAD', exitCode: code }));
    });
  });
}
