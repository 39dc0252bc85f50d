import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
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

/** Secondary indexes of the cache tables, as the migrations wrote them (so a later migration is followed). */
const SECONDARY = `SELECT name, sql FROM sqlite_schema
  WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('positions', 'payment_options')`;
const deferred = new WeakMap<Db, { name: string; sql: string }[]>();

/**
 * A big file into an empty cache (first load) is written faster without the secondary indexes: one sort per
 * index at the end instead of a random B-tree insert per row. Not with data already cached: matching a
 * position by its ext_id and replacing its options need the indexes on every row.
 */
function bulkLoad(db: Db, path: string): boolean {
  if (statSync(path).size < 8 * 1024 * 1024) return false;
  return db.prepare('SELECT 1 FROM positions LIMIT 1').get() === undefined;
}

/**
 * Drops the secondary indexes inside the import transaction: readers on other connections keep the last
 * committed snapshot, indexes included, and a rollback (or a crash) brings them back with the rest.
 */
function deferIndexes(db: Db): void {
  const list = db.prepare(SECONDARY).all() as { name: string; sql: string }[];
  for (const i of list) db.exec(`DROP INDEX "${i.name.replace(/"/g, '""')}"`);
  deferred.set(db, list);
}

function rebuildDeferredIndexes(db: Db): void {
  for (const i of deferred.get(db) ?? []) db.exec(i.sql);
  deferred.delete(db);
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
  // being read back for every row. 32 MB holds the citizens' table and key index of a million-row load (the
  // other indexes are rebuilt at the end); more bought nothing measurable and counts against the RSS budget.
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  db.pragma('cache_size = -32768');
  // Per-row foreign-key lookups cost more than the inserts themselves; the repository writes parents before
  // children by construction, and the whole file is checked once with foreign_key_check before COMMIT.
  db.pragma('foreign_keys = OFF');
  const restore = () => {
    deferred.delete(db);
    db.pragma(`cache_size = ${Math.trunc(cacheBefore)}`);
    db.pragma('foreign_keys = ON');
  };
  // In a bulk load every position is new: the reader refuses a position key seen twice in a file, and the
  // rebuilt unique index on ext_id would refuse the COMMIT if that ever failed.
  let fresh = false;
  if (!dryRun) {
    db.exec('BEGIN IMMEDIATE');
    fresh = bulkLoad(db, path);
    if (fresh) deferIndexes(db);
  }
  let summary: ReadSummary;
  try {
    summary = await readImportFile(path, {
      connector: opts.connector ?? 'file',
      now,
      today: localDay(opts.now),
      onPosition: dryRun ? () => {} : (p) => repo.upsert(p, fresh),
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
    rebuildDeferredIndexes(db);
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
