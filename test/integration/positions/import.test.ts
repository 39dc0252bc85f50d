import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readImportFileInThread } from '../../../electron/connectors/file/read-import-in-thread';
import { tsxExecArgv } from '../../../electron/services/platform/tsx';
import { importPositionsFile } from '../../../electron/services/positions/import-file';
import { openDatabase, type Db } from '../../../electron/store/database';
import { PositionsRepo } from '../../../electron/store/positions/positions-repo';
import { citizenCode, EC, navFor } from '../../support/fake-backends/data';
import { HEADER, importRows, writeImportCsv } from '../../support/fake-backends/import-files';
import { tempDir } from '../../support/temp';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const NOW = new Date('2025-06-15T08:00:00Z');

let dir: { path: string; remove: () => void };
let db: Db;
beforeEach(() => {
  dir = tempDir('sportello-import-');
  db = openDatabase(join(dir.path, 'sportello.sqlite'));
});
afterEach(() => {
  db.close();
  dir.remove();
});

const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('file import', () => {
  it('imports a valid CSV in one transaction and answers by canonical fiscal code and by NAV', async () => {
    const file = join(dir.path, 'ok.csv');
    const rows = await writeImportCsv(file, importRows(50));
    const r = await importPositionsFile(db, file, { now: NOW });
    expect(r).toMatchObject({ committed: true, errorCount: 0, rows, positions: 50 });
    expect(count('payment_options')).toBe(rows);
    const repo = new PositionsRepo(db);
    const mine = repo.byFiscalCode(citizenCode(0));
    expect(mine.length).toBeGreaterThan(0);
    const planPos = mine.find((p) => p.backendId === 'POS-0')!;
    expect(planPos.options.map((o) => [o.kind, o.index, o.planSize])).toEqual([
      ['instalment', 1, 3],
      ['instalment', 2, 3],
      ['instalment', 3, 3],
    ]);
    expect(planPos.options[0]!.amount).toBe(10007);
    expect(repo.byNav(planPos.options[1]!.nav, null)[0]!.id).toBe(planPos.id);
  });

  it('re-importing the same file changes nothing', async () => {
    const file = join(dir.path, 'ok.csv');
    await writeImportCsv(file, importRows(20));
    await importPositionsFile(db, file, { now: NOW });
    const before = db.prepare('SELECT * FROM payment_options ORDER BY id').all();
    const changesBefore = db.prepare('SELECT total_changes() AS n').get();
    const again = await importPositionsFile(db, file, { now: new Date('2025-06-16T08:00:00Z') });
    expect(again.unchanged).toBe(true);
    expect(db.prepare('SELECT * FROM payment_options ORDER BY id').all()).toEqual(before);
    expect(db.prepare('SELECT total_changes() AS n').get()).toEqual(changesBefore);
  });

  it('a later file updates a cached position in place: new amounts, unlisted options dropped', async () => {
    const first = join(dir.path, 'first.csv');
    await writeImportCsv(first, importRows(10));
    await importPositionsFile(db, first, { now: NOW });
    const repo = new PositionsRepo(db);
    const before = repo.byFiscalCode(citizenCode(0)).find((p) => p.backendId === 'POS-0')!;
    const rowidsBefore = db.prepare('SELECT id, nav FROM payment_options ORDER BY id').all();
    const [one, two] = [...importRows(1)];
    const second = join(dir.path, 'second.csv');
    writeFileSync(second, [HEADER, one!.replace(';100,07;', ';99,00;'), two].join('\n') + '\n');
    const r = await importPositionsFile(db, second, { now: new Date('2025-06-16T08:00:00Z') });
    expect(r).toMatchObject({ committed: true, errorCount: 0, positions: 1 });
    const after = repo.byFiscalCode(citizenCode(0)).find((p) => p.backendId === 'POS-0')!;
    expect(after.id).toBe(before.id);
    expect(after.fetchedAt).toBe('2025-06-16T08:00:00.000Z');
    expect(after.options.map((o) => [o.id, o.amount])).toEqual([
      [before.options[0]!.id, 9900],
      [before.options[1]!.id, before.options[1]!.amount],
    ]);
    expect(repo.byNav(before.options[2]!.nav, null)).toEqual([]);
    expect(repo.byOptionIds([before.options[2]!.id])).toEqual([]);
    expect(repo.byOptionIds([before.options[1]!.id])[0]!.id).toBe(before.id);
    // Kept options keep their rows: an update, not a delete and re-insert.
    const kept = new Set(before.options.slice(0, 2).map((o) => o.nav));
    expect(db.prepare('SELECT id, nav FROM payment_options ORDER BY id').all()).toEqual(
      (rowidsBefore as { nav: string }[]).filter(
        (o) => kept.has(o.nav) || !before.options.some((b) => b.nav === o.nav),
      ),
    );
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('reports invalid rows with their line numbers and writes nothing', async () => {
    const file = join(dir.path, 'bad.csv');
    const good = [...importRows(3)];
    writeFileSync(
      file,
      [
        HEADER,
        good[0],
        `${navFor(900).nav};${EC.fiscalCode};EC;RSSMRA80A01H501X;Mario;TARI;10,00;2099-01-01;;;;`,
        good[1],
        `123;${EC.fiscalCode};EC;RSSMRA80A01H501U;Mario;TARI;10,00;2099-01-01;;;;`,
        `${navFor(901).nav};${EC.fiscalCode};EC;RSSMRA80A01H501U;Mario;TARI;1.000,00;2099-01-01;;;;`,
      ].join('\n') + '\n',
    );
    const r = await importPositionsFile(db, file, { now: NOW });
    expect(r.committed).toBe(false);
    expect(r.errors.map((e) => [e.line, e.reason, e.field])).toEqual([
      [3, 'DEBTOR_FISCAL_CODE', 'debtor_fiscal_code'],
      [5, 'NAV', 'nav'],
      [6, 'AMOUNT', 'amount'],
    ]);
    expect(count('positions')).toBe(0);
  });

  it('refuses duplicate notice numbers and a position split across the file', async () => {
    const file = join(dir.path, 'dup.csv');
    const [a, b] = [...importRows(2)];
    writeFileSync(file, [HEADER, a, b, a].join('\n') + '\n');
    const r = await importPositionsFile(db, file, { now: NOW });
    expect(r.errors.some((e) => e.line >= 4 && e.reason === 'DUPLICATE_NAV')).toBe(true);
    expect(count('positions')).toBe(0);
  });

  it('detects a file that is not UTF-8 and says on which line', async () => {
    const file = join(dir.path, 'latin1.csv');
    const rows = [...importRows(2)];
    const text = [HEADER, rows[0], rows[1]!.replace('TARI', 'Comunità')].join('\n') + '\n';
    writeFileSync(file, Buffer.from(text, 'latin1'));
    await expect(importPositionsFile(db, file, { now: NOW })).rejects.toMatchObject({
      code: 'IMPORT_INVALID',
      details: { reason: 'ENCODING', line: 3 },
    });
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    await expect(importPositionsFile(db, file, { now: NOW })).rejects.toMatchObject({
      details: { encoding: 'UTF-16' },
    });
    expect(count('positions')).toBe(0);
  });

  it('reads JSON Lines and JSON arrays with the same rules; dry-run writes nothing', async () => {
    const obj = (serial: number, amount: unknown) => ({
      nav: navFor(serial).nav,
      ec_fiscal_code: EC.fiscalCode,
      ec_name: EC.name,
      debtor_fiscal_code: 'RSSMRA80A01H501U',
      subject: 'Mensa',
      amount,
    });
    const jsonl = join(dir.path, 'rows.jsonl');
    writeFileSync(
      jsonl,
      [obj(1, '0.29'), obj(2, 0.29), { ...obj(3, 1), extra: 1 }].map((o) => JSON.stringify(o)).join('\n'),
    );
    const dry = await importPositionsFile(db, jsonl, { now: NOW, dryRun: true });
    expect(dry.errors.map((e) => [e.line, e.reason])).toEqual([[3, 'UNKNOWN_COLUMN']]);
    expect(count('positions')).toBe(0);
    const json = join(dir.path, 'rows.json');
    writeFileSync(json, JSON.stringify([obj(1, '0.29'), obj(2, 0.29)]));
    const r = await importPositionsFile(db, json, { now: NOW });
    expect(r.committed).toBe(true);
    const amounts = new PositionsRepo(db).byFiscalCode('RSSMRA80A01H501U').map((p) => p.options[0]!.amount);
    expect(amounts).toEqual([29, 29]);
  });

  it('a process killed mid-import leaves the database consistent and none of the file visible', async () => {
    db.close();
    const dbFile = join(dir.path, 'sportello.sqlite');
    const file = join(dir.path, 'big.csv');
    // Big enough that the (bulk, two-thread) import is still writing when the WAL passes 1 MB.
    await writeImportCsv(file, importRows(200_000));
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sportello.js'), 'import', file, '--json'], {
      env: { ...process.env, SPORTELLO_DATA_DIR: dir.path, SPORTELLO_ADMIN_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Kill once the import transaction holds rows: the WAL grows while it writes.
    const { statSync } = await import('node:fs');
    const wal = `${dbFile}-wal`;
    const exited = new Promise((r) => child.once('exit', r));
    for (let i = 0; i < 800 && child.exitCode === null; i++) {
      // The WAL may vanish between two looks (a connection closing): read its size in one step.
      const walBytes = (() => {
        try {
          return statSync(wal).size;
        } catch {
          return 0;
        }
      })();
      if (walBytes > 1024 * 1024) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited;
    // Killed, not finished: otherwise this test would prove nothing.
    expect(child.signalCode).toBe('SIGKILL');
    const check = new Database(dbFile);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((check.prepare('SELECT count(*) AS n FROM payment_options').get() as { n: number }).n).toBe(0);
    expect((check.prepare('SELECT count(*) AS n FROM import_log').get() as { n: number }).n).toBe(0);
    check.close();
    db = openDatabase(dbFile);
    const r = await importPositionsFile(db, file, { now: NOW });
    expect(r.committed).toBe(true);
    expect(count('payment_options')).toBe(r.rows);
    // That file was a bulk load into an empty cache: its deferred indexes are back and serve lookups.
    const indexes = db
      .prepare(
        `SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
        AND tbl_name IN ('citizens', 'positions', 'payment_options') ORDER BY name`,
      )
      .pluck()
      .all();
    expect(indexes).toEqual([
      'citizens_by_fiscal_code',
      'options_by_nav',
      'options_by_position',
      'positions_by_citizen',
      'positions_by_ext_id',
    ]);
    const plan = new PositionsRepo(db).byFiscalCode(citizenCode(0)).find((p) => p.backendId === 'POS-0')!;
    expect(plan.options).toHaveLength(3);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });

  it('the same file again: unchanged while its positions are cached, loaded again once the purge emptied the cache', async () => {
    const file = join(dir.path, 'again.csv');
    await writeImportCsv(file, importRows(500));
    const first = await importPositionsFile(db, file, { now: NOW, bulkFromBytes: 0 });
    expect(first.committed).toBe(true);
    expect(await importPositionsFile(db, file, { now: NOW, bulkFromBytes: 0 })).toMatchObject({
      unchanged: true,
      committed: false,
    });
    // Retention: a year later every position is older than the cutoff.
    const purged = new PositionsRepo(db).purgeOlderThan('2026-06-15T08:00:00.000Z');
    expect(purged.positions).toBe(500);
    expect(count('payment_options')).toBe(0);
    const later = new Date('2026-06-16T08:00:00Z');
    const again = await importPositionsFile(db, file, { now: later, bulkFromBytes: 0 });
    expect(again).toMatchObject({ committed: true, unchanged: false, rows: first.rows });
    expect(count('payment_options')).toBe(first.rows);
    expect(db.prepare('SELECT rows, imported_at FROM import_log').all()).toEqual([
      { rows: first.rows, imported_at: later.toISOString() },
    ]);
  });

  describe('bulk load (reader thread + multi-row writer) against row-by-row writing', () => {
    /** Every row of the cache tables, ids included, in a stable order. */
    const dump = (d: Db) =>
      Object.fromEntries(
        ['citizens', 'creditors', 'positions', 'payment_options'].map((t) => [
          t,
          d.prepare(`SELECT * FROM ${t} ORDER BY id`).all(),
        ]),
      );

    /** Plans, singles, a citizen renamed by a later row, rows with no name, and a citizen cached before. */
    function* mixedRows(): Generator<string> {
      yield* importRows(900, { citizens: 250 });
      const later = navFor(90_001).nav;
      yield `${later};${EC.fiscalCode};${EC.name};${citizenCode(7)};Nome Cambiato;Bollo;9,99;2099-05-31;;;;`;
      const nameless = navFor(90_005).nav;
      yield `${nameless};${EC.fiscalCode};${EC.name};${citizenCode(8)};;Bollo;1,00;2099-05-31;;;;`;
      const cachedBefore = navFor(90_009).nav;
      yield `${cachedBefore};${EC.fiscalCode};${EC.name};${citizenCode(999)};Già Noto;Bollo;2,00;;;;;`;
    }

    it('writes exactly the rows, ids and values that row-by-row writing writes', async () => {
      const file = join(dir.path, 'mixed.csv');
      await writeImportCsv(file, mixedRows());
      const rowByRow = openDatabase(join(dir.path, 'row-by-row.sqlite'));
      try {
        for (const d of [db, rowByRow]) {
          // A citizen the cache already knows (a typed lookup earlier in the day): found, not duplicated.
          new PositionsRepo(d).citizenId(
            { fiscalCode: citizenCode(999), kind: 'F', name: null },
            '2025-06-14T08:00:00.000Z',
          );
        }
        const bulk = await importPositionsFile(db, file, { now: NOW, bulkFromBytes: 0 });
        const plain = await importPositionsFile(rowByRow, file, { now: NOW, bulkFromBytes: Infinity });
        expect(bulk).toEqual(plain);
        expect(bulk).toMatchObject({ committed: true, errorCount: 0, rows: 900 + 2 * 180 + 3 });
        const a = dump(db);
        expect(a['payment_options']).toHaveLength(bulk.rows);
        expect(a).toEqual(dump(rowByRow));
        const renamed = db.prepare('SELECT name FROM citizens WHERE fiscal_code = ?').pluck();
        expect(renamed.get(citizenCode(7))).toBe('Nome Cambiato');
        expect(renamed.get(citizenCode(8))).toBe('Cittadino 8');
        expect(renamed.get(citizenCode(999))).toBe('Già Noto');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        rowByRow.close();
      }
    });

    it('a JSON Lines file takes the same bulk path and writes the same rows', async () => {
      const columns = HEADER.split(';');
      const file = join(dir.path, 'mixed.jsonl');
      const lines = [...mixedRows()].map((line) => {
        const cells = line.split(';');
        // Empty cells are left out, as an exporter writing JSON would.
        return JSON.stringify(
          Object.fromEntries(columns.flatMap((c, i) => (cells[i] ? [[c, cells[i]]] : []))),
        );
      });
      writeFileSync(file, lines.join('\n'));
      const rowByRow = openDatabase(join(dir.path, 'jsonl-row-by-row.sqlite'));
      try {
        const bulk = await importPositionsFile(db, file, { now: NOW, bulkFromBytes: 0 });
        const plain = await importPositionsFile(rowByRow, file, { now: NOW, bulkFromBytes: Infinity });
        expect(bulk).toMatchObject({ format: 'jsonl', committed: true, errorCount: 0, rows: lines.length });
        expect(bulk).toEqual(plain);
        expect(dump(db)).toEqual(dump(rowByRow));
      } finally {
        rowByRow.close();
      }
    });

    it('an invalid row late in the file: nothing written, the line reported', async () => {
      const file = join(dir.path, 'late-error.csv');
      function* rows(): Generator<string> {
        yield* importRows(3000);
        yield `${navFor(99_999).nav};${EC.fiscalCode};${EC.name};RSSMRA80A01H501X;Rossi;Bollo;1,00;;;;;`;
      }
      const lines = (await writeImportCsv(file, rows())) + 1;
      const r = await importPositionsFile(db, file, { now: NOW, bulkFromBytes: 0 });
      expect(r).toMatchObject({ committed: false, errorCount: 1 });
      expect(r.errors[0]).toMatchObject({ line: lines, field: 'debtor_fiscal_code' });
      expect(count('payment_options')).toBe(0);
      expect(count('citizens')).toBe(0);
      expect(count('import_log')).toBe(0);
      // The indexes dropped for the load came back with the rollback.
      expect(
        db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'options_by_nav'`).pluck().get(),
      ).toBe(1);
    });

    it('a file that is not UTF-8: the reader thread fails it with the line, and nothing is written', async () => {
      const file = join(dir.path, 'latin1.csv');
      const good = [...importRows(2000)].join('\n');
      const bad = Buffer.from(
        `${navFor(88_888).nav};${EC.fiscalCode};Comunit\u00e0;RSSMRA80A01H501U;Rossi;Bollo;1,00;;;;;\n`,
        'latin1',
      );
      writeFileSync(file, Buffer.concat([Buffer.from(`${HEADER}\n${good}\n`), bad]));
      const rejected = importPositionsFile(db, file, { now: NOW, bulkFromBytes: 0 });
      await expect(rejected).rejects.toMatchObject({
        code: 'IMPORT_INVALID',
        details: { reason: 'ENCODING', line: 2 + 2000 + 2 * 400 },
      });
      expect(count('payment_options')).toBe(0);
      expect(db.inTransaction).toBe(false);
    });

    it('a writer that fails stops the reader thread and gets its own error back', async () => {
      const file = join(dir.path, 'writer-fails.csv');
      await writeImportCsv(file, importRows(5000));
      let seen = 0;
      const failing = readImportFileInThread(
        { path: file, connector: 'file', now: NOW.toISOString(), today: '2025-06-15' },
        () => {
          if (++seen === 1234) throw new Error('disk full');
        },
        tsxExecArgv(),
      );
      await expect(failing).rejects.toThrow('disk full');
      // The reader was stopped: no position reaches the callback after the failure.
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toBe(1234);
    });
  });
});
