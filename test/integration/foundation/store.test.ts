import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/contract/errors';
import { latestVersion, openDatabase, schemaVersion } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';
import { PositionsRepo } from '../../../electron/store/positions/positions-repo';
import { tempDir } from '../../support/temp';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe('SQLite store on real files', () => {
  it('creates the schema at the latest version with WAL and foreign keys', () => {
    const db = openDatabase(join(dir.path, 'a.sqlite'));
    expect(schemaVersion(db)).toBe(latestVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it('applies only the pending migrations, in one transaction', () => {
    const file = join(dir.path, 'b.sqlite');
    const first = [{ version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' }];
    openDatabase(file, { migrations: first }).close();
    const broken = [
      ...first,
      { version: 2, name: 'two', sql: 'CREATE TABLE b (y INTEGER) STRICT; CREATE TABLE a (z);' },
    ];
    expect(() => openDatabase(file, { migrations: broken })).toThrow();
    const raw = new Database(file);
    // The failed step left nothing behind: no table b, still version 1.
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    raw.close();
  });

  it('refuses a database written by a newer version, and leaves it untouched', () => {
    const file = join(dir.path, 'c.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion() + 5}`);
    raw.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DB_TOO_NEW');
    expect((error as AppError).details).toMatchObject({
      found: latestVersion() + 5,
      supported: latestVersion(),
    });
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(latestVersion() + 5);
    after.close();
  });

  it('refuses a file that is not a database with DB_CORRUPT', async () => {
    const file = join(dir.path, 'junk.sqlite');
    (await import('node:fs')).writeFileSync(file, 'this is not sqlite '.repeat(100));
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }));
  });

  it('refuses a migration list with a gap', () => {
    const gap = [
      { version: 1, name: 'one', sql: '' },
      { version: 3, name: 'three', sql: '' },
    ];
    expect(() => openDatabase(join(dir.path, 'd.sqlite'), { migrations: gap })).toThrow(/expected 2/);
  });

  it('survives a writer killed with SIGKILL inside a transaction: integrity ok, no partial data', async () => {
    const file = join(dir.path, 'crash.sqlite');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(new URL('../../support/sqlite-writer-child.ts', import.meta.url)),
        file,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
      createInterface({ input: child.stdout! }).on('line', (l) => l === 'inside-transaction' && resolve());
    });
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;

    const db = openDatabase(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db.prepare('SELECT action, count(*) AS n FROM audit_log GROUP BY action').all();
    expect(rows).toEqual([{ action: 'committed', n: 10 }]);
    db.close();
  });

  it("migration 005 keeps only the IUVs that differ from their NAV's, and the options read back the same", () => {
    const file = join(dir.path, 'v4.sqlite');
    const v4 = openDatabase(file, { migrations: migrations.filter((m) => m.version <= 4) });
    v4.exec(`
      -- A company: a later migration (exact fiscal codes) drops cached personal citizens.
      INSERT INTO citizens (id, fiscal_code, kind, name, seen_at) VALUES (1, '01234567897', 'G', 'Ditta', 'x');
      INSERT INTO creditors (id, fiscal_code, name) VALUES (1, '82000990158', 'Comune');
      INSERT INTO positions (id, ext_id, connector, citizen_id, creditor_id, subject, status, fetched_at)
        VALUES (1, 'govpay:82000990158:P1', 'govpay', 1, 1, 'TARI', 'payable', '2026-11-29T08:00:00.000Z');
      INSERT INTO payment_options (position_id, seq, nav, iuv, amount_cents, kind, plan_size, status)
        VALUES (1, 0, '302000000000000184', '02000000000000184', 100, 'single', 1, 'unpaid'),
               (1, 1, '001234567890123456', '234567890123456', 200, 'single', 1, 'unpaid'),
               (1, 2, '302000000000000285', 'RF-FROM-BACKEND', 300, 'single', 1, 'unpaid');`);
    v4.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestVersion());
    const stored = db.prepare('SELECT nav, iuv FROM payment_options ORDER BY seq').all();
    expect(stored).toEqual([
      { nav: '302000000000000184', iuv: null },
      { nav: '001234567890123456', iuv: null },
      { nav: '302000000000000285', iuv: 'RF-FROM-BACKEND' },
    ]);
    const [position] = new PositionsRepo(db).byFiscalCode('01234567897');
    expect(position?.options.map((o) => o.iuv)).toEqual([
      '02000000000000184',
      '234567890123456',
      'RF-FROM-BACKEND',
    ]);
    const indexes = db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'payment_options' ORDER BY name`,
      )
      .pluck()
      .all();
    expect(indexes).toEqual(['options_by_nav', 'options_by_position']);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
