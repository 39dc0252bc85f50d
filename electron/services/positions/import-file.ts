import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ConnectorKind } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
import { readImportFile, type ReadSummary } from '../../connectors/file/read-import';
import type { Db } from '../../store/database';
import { PositionsRepo } from '../../store/positions/positions-repo';
import { localDay } from './dates';

export interface ImportReport extends ReadSummary {
  readonly dryRun: boolean;
  /** The same file (same bytes) was imported before: nothing was read into the cache. */
  readonly unchanged: boolean;
  readonly committed: boolean;
  readonly importedAt: string | null;
}

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>)
    h.update(c);
  return h.digest('hex');
}

/**
 * Imports one file as one transaction: every row valid, or nothing written. The caller hands a connection of
 * its own (not the one serving lookups) so that the open transaction is invisible to the desk until COMMIT,
 * and a process killed halfway leaves the previous state (SQLite's journal rolls the rest back).
 * The parse is streamed chunk by chunk, so the event loop keeps turning between chunks.
 */
export async function importPositionsFile(
  db: Db,
  path: string,
  opts: { now: Date; dryRun?: boolean; connector?: ConnectorKind },
): Promise<ImportReport> {
  const repo = new PositionsRepo(db);
  const now = opts.now.toISOString();
  const dryRun = opts.dryRun ?? false;
  let sha: string;
  try {
    sha = await sha256Of(path);
  } catch (err) {
    throw new AppError(
      'IMPORT_INVALID',
      { reason: 'UNREADABLE', code: (err as NodeJS.ErrnoException).code ?? null },
      { cause: err },
    );
  }
  const before = repo.importedAt(sha);
  if (before !== null && !dryRun) {
    return {
      file: path.split(/[\\/]/).pop() ?? path,
      sha256: sha,
      format: 'csv',
      rows: 0,
      positions: 0,
      errorCount: 0,
      errors: [],
      dryRun,
      unchanged: true,
      committed: false,
      importedAt: before,
    };
  }
  // A big file touches index pages all over: a larger page cache keeps them from spilling to the WAL and
  // being read back for every row. 64 MB: more buys little and counts against the RSS budget.
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -65536');
  // Per-row foreign-key lookups cost more than the inserts themselves; the repository writes parents before
  // children by construction, and the whole file is checked once with foreign_key_check before COMMIT.
  db.pragma('foreign_keys = OFF');
  const restore = () => {
    db.pragma(`cache_size = ${Math.trunc(cacheBefore)}`);
    db.pragma('foreign_keys = ON');
  };
  if (!dryRun) db.exec('BEGIN IMMEDIATE');
  let summary: ReadSummary;
  try {
    summary = await readImportFile(path, {
      connector: opts.connector ?? 'file',
      now,
      today: localDay(opts.now),
      onPosition: dryRun ? () => {} : (p) => repo.upsert(p),
    });
  } catch (err) {
    if (!dryRun) db.exec('ROLLBACK');
    restore();
    throw err;
  }
  if (dryRun) {
    restore();
    return { ...summary, dryRun, unchanged: false, committed: false, importedAt: null };
  }
  if (summary.errorCount > 0) {
    db.exec('ROLLBACK');
    restore();
    return { ...summary, dryRun, unchanged: false, committed: false, importedAt: null };
  }
  try {
    const broken = [
      ...(db.pragma('foreign_key_check(positions)') as unknown[]),
      ...(db.pragma('foreign_key_check(payment_options)') as unknown[]),
    ] as unknown[];
    if (broken.length > 0) throw new AppError('INTERNAL', { reason: 'FOREIGN_KEY', count: broken.length });
    repo.recordImport(summary.sha256, summary.file, summary.rows, now);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  } finally {
    restore();
  }
  return { ...summary, dryRun, unchanged: false, committed: true, importedAt: now };
}
