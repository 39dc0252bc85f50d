import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { ConnectorKind } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
import { readImportFile, type ReadSummary } from '../../connectors/file/read-import';
import { readImportFileInThread } from '../../connectors/file/read-import-in-thread';
import type { Db } from '../../store/database';
import { BulkPositionsWriter } from '../../store/positions/bulk-writer';
import { PositionsRepo } from '../../store/positions/positions-repo';
import { tsxExecArgv } from '../platform/tsx';
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

/** Indexes of the given tables, as the migrations wrote them (so a later migration is followed). */
const indexesOf = (tables: readonly string[]) => `SELECT name, sql FROM sqlite_schema
  WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map((t) => `'${t}'`).join(', ')})`;
const deferred = new WeakMap<Db, { name: string; sql: string }[]>();
/**
 * Indexes whose keys a bulk load writes in ascending order (options come position by position, and positions
 * get ascending rowids): kept, they only ever append, which measured cheaper than a sort at the end.
 */
const KEPT_LIVE = new Set(['options_by_position']);
const isEmpty = (db: Db, table: string) => db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() === undefined;

/** Below this size a file is written row by row on the calling thread: a second thread would not pay off. */
const BULK_FROM_BYTES = 8 * 1024 * 1024;

/**
 * A big file into an empty cache (first load) is written faster without the indexes: one sort per index at
 * the end instead of a random B-tree insert per row. Not with data already cached: matching a position by its
 * ext_id and replacing its options need the indexes on every row.
 */
function bulkLoad(db: Db, size: number, fromBytes: number): boolean {
  return size >= fromBytes && isEmpty(db, 'positions');
}

const unreadable = (err: unknown) =>
  new AppError(
    'IMPORT_INVALID',
    { reason: 'UNREADABLE', code: (err as NodeJS.ErrnoException).code ?? null },
    { cause: err },
  );

/**
 * Drops the indexes inside the import transaction: readers on other connections keep the last committed
 * snapshot, indexes included, and a rollback (or a crash) brings them back with the rest. The citizens' index
 * goes too only when the table is empty: the bulk writer then knows every citizen from the file alone, and
 * otherwise it looks existing ones up by fiscal code. A duplicate the writer let through would fail the
 * unique index's rebuild, and with it the COMMIT.
 */
function deferIndexes(db: Db): void {
  const tables = isEmpty(db, 'citizens')
    ? ['citizens', 'positions', 'payment_options']
    : ['positions', 'payment_options'];
  const list = (db.prepare(indexesOf(tables)).all() as { name: string; sql: string }[]).filter(
    (i) => !KEPT_LIVE.has(i.name),
  );
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
  opts: {
    now: Date;
    dryRun?: boolean;
    connector?: ConnectorKind;
    /** Smallest file written as a bulk load when the cache has no positions; tests set it to compare modes. */
    bulkFromBytes?: number;
  },
): Promise<ImportReport> {
  const repo = new PositionsRepo(db);
  const now = opts.now.toISOString();
  const dryRun = opts.dryRun ?? false;
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw unreadable(err);
  }
  const fromBytes = opts.bulkFromBytes ?? BULK_FROM_BYTES;
  // A file already imported changes nothing, but only where its positions still are: into a cache with no
  // positions (a first load, or one the retention purge emptied) it is loaded again. That also spares a bulk
  // load a whole extra read of the file; its reader thread hashes the bytes as it reads them.
  if (dryRun || size < fromBytes || !isEmpty(db, 'positions')) {
    let sha: string;
    try {
      sha = await sha256Of(path);
    } catch (err) {
      throw unreadable(err);
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
  }
  const cacheBefore = db.pragma('cache_size', { simple: true }) as number;
  // Per-row foreign-key lookups cost more than the inserts themselves; the repository writes parents before
  // children by construction, and the whole file is checked once with foreign_key_check before COMMIT.
  db.pragma('foreign_keys = OFF');
  const restore = () => {
    deferred.delete(db);
    db.pragma(`cache_size = ${Math.trunc(cacheBefore)}`);
    db.pragma('foreign_keys = ON');
  };
  // Row by row, a big file touches index pages all over: a larger page cache keeps them from spilling to the
  // WAL and being read back for every row. More than 32 MB bought nothing measurable and counts against RSS.
  db.pragma('cache_size = -32768');
  let bulk: BulkPositionsWriter | null = null;
  if (!dryRun) {
    db.exec('BEGIN IMMEDIATE');
    if (bulkLoad(db, size, fromBytes)) {
      // In a bulk load every position is new: the reader refuses a position key seen twice in a file, and
      // the rebuilt unique index on ext_id would refuse the COMMIT if that ever failed. With the indexes
      // deferred it mostly appends, and a smaller page cache does; it also feeds the index sorts at the end,
      // where 16 MB measured as fast as 32 MB, for 30 MB less RSS.
      db.pragma('cache_size = -16384');
      deferIndexes(db);
      bulk = new BulkPositionsWriter(db, repo);
    }
  }
  let summary: ReadSummary;
  try {
    const job = { path, connector: opts.connector ?? 'file', now, today: localDay(opts.now) };
    // A bulk load reads and validates on a second thread while this one writes: two cores, not one.
    summary = bulk
      ? await readImportFileInThread(job, (p) => bulk.add(p), tsxExecArgv())
      : await readImportFile(path, { ...job, onPosition: dryRun ? () => {} : (p) => repo.upsert(p) });
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
    bulk?.finish();
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
