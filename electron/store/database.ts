import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../core/contract/errors';
import { migrations as allMigrations, type Migration } from './migrations';

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
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (err) {
    throw new AppError('DB_CORRUPT', { reason: 'OPEN_FAILED' }, { cause: err });
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, list);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AppError) throw err;
    throw new AppError('DB_CORRUPT', { reason: 'NOT_A_DATABASE' }, { cause: err });
  }
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
