import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { AppError } from '../../core/contract/errors';
import { migrations as allMigrations, type Migration } from './migrations';
import { ensurePrivateDir, tightenFile } from './private-files';
import { storeFault } from './store-faults';

export type Db = Database.Database;

export interface OpenOptions {
  readonly migrations?: readonly Migration[];
  readonly readonly?: boolean;
}

export function latestVersion(list: readonly Migration[] = allMigrations): number {
  return list.length === 0 ? 0 : (list[list.length - 1] as Migration).version;
}

function checkSequence(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

/**
 * Opens (creating if needed) the desk database and brings its schema up to date. All pending migrations run
 * in one transaction: a crash leaves either the old schema or the new one, never half of it. A database
 * written by a newer Sportello is refused rather than guessed at.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const list = options.migrations ?? allMigrations;
  checkSequence(list);
  const onDisk = file !== ':memory:' && file !== '';
  let db: Db;
  try {
    if (onDisk && !options.readonly) ensurePrivateDir(dirname(file));
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (err) {
    throw openFault(err, file, 'OPEN_FAILED');
  }
  try {
    db.pragma('busy_timeout = 5000');
    // Before anything that writes (the switch to WAL does): a newer database is left exactly as it was.
    refuseNewer(db, list);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, list);
    if (onDisk && !options.readonly) for (const f of [file, `${file}-wal`, `${file}-shm`]) tightenFile(f);
    return db;
  } catch (err) {
    db.close();
    throw openFault(err, file, 'OPEN_FAILED');
  }
}

/**
 * What went wrong opening the database, said as what it is: only a file SQLite finds not to be a database (or
 * damaged) is `DB_CORRUPT`; a read-only file or folder is `DB_READ_ONLY` and a full disk `DISK_FULL`, so that
 * nobody deletes a good database on the strength of a permissions problem.
 */
function openFault(err: unknown, file: string, fallback: string): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new AppError('DB_CORRUPT', { reason: 'NOT_A_DATABASE', file }, { cause: err });
  return (
    storeFault(err, file) ??
    new AppError(
      'DB_CORRUPT',
      { reason: fallback, code: typeof code === 'string' ? code : null, file },
      { cause: err },
    )
  );
}

function refuseNewer(db: Db, list: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = latestVersion(list);
  if (current > latest)
    throw new AppError('DB_TOO_NEW', { reason: 'SCHEMA_NEWER', found: current, supported: latest });
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, list: readonly Migration[]): void {
  const current = schemaVersion(db);
  const latest = latestVersion(list);
  if (current > latest) {
    throw new AppError('DB_TOO_NEW', { reason: 'SCHEMA_NEWER', found: current, supported: latest });
  }
  const pending = list.filter((m) => m.version > current);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    // PRAGMA cannot take a bound parameter; the value is our own integer.
    db.pragma(`user_version = ${latest}`);
  }).immediate();
}
