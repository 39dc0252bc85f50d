/**
 * Import of a 1,000,000-row CSV with full validation (core rules on every row, one transaction, on a worker
 * thread that writes while a second one reads and validates) in a process of its own, whose peak RSS is
 * reported; three runs, the median time. Baselines, same rows, same run: the same import with the bulk path
 * off (row by row, one thread), and with the sqlite3 shell:
 * `.import` into a plain table (loading the bytes, nothing else), and `.import` then INSERT … SELECT into the
 * same cache tables (citizens, positions, payment_options with their indexes): what SQLite alone needs to write
 * what the import writes, with no validation.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../electron/store/database';
import { importRows, writeImportCsv } from '../test/support/fake-backends/import-files';
import { tempDir } from '../test/support/temp';
import { machineConditions, report } from './lib/report';

const POSITIONS = 714_286; // every fifth position is a plan of 3: 1,000,000 rows
const dir = tempDir('sportello-bench-import-');
const file = join(dir.path, 'positions.csv');
const rows = await writeImportCsv(file, importRows(POSITIONS, { citizens: 300_000 }));
const load = () =>
  process.platform === 'linux'
    ? Number(spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.split(' ')[0])
    : NaN;
const loadBefore = load();

interface ChildResult {
  seconds: number;
  committed: boolean;
  positions: number;
  errors: unknown[];
  maxRssKb: number;
}
/** One import in a fresh process, into a fresh database. */
function importOnce(name: string, mode: 'bulk' | 'row-by-row'): ChildResult & { dbMb: number } {
  const dbFile = join(dir.path, `${name}.sqlite`);
  openDatabase(dbFile).close();
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', new URL('./positions-import-child.ts', import.meta.url).pathname, dbFile, file, mode],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`import process: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as ChildResult;
  if (!r.committed) throw new Error(`import failed: ${JSON.stringify(r.errors)}`);
  // The child closed its connection: the WAL is checkpointed and the main file holds everything.
  const dbMb = statSync(dbFile).size / 1024 / 1024;
  rmSync(dbFile, { force: true });
  return { ...r, dbMb };
}
// This VM's disk and neighbours make single runs vary by ±20 %: three runs, the median reported.
const runs = [1, 2, 3].map((i) => importOnce(`bulk-${i}`, 'bulk'));
const sorted = runs.map((x) => x.seconds).sort((a, b) => a - b);
const seconds = sorted[1]!;
const r = runs[0]!;
const peakMb = Math.max(...runs.map((x) => x.maxRssKb)) / 1024;
const dbMb = r.dbMb;
const rowByRow = importOnce('row-by-row', 'row-by-row');

const cols =
  'nav,ec_fiscal_code,ec_name,debtor_fiscal_code,debtor_name,subject,amount,due_date,position_id,plan_size,instalment,status';
const stage = [
  `CREATE TEMP TABLE import_rows (${cols
    .split(',')
    .map((c) => `${c} TEXT`)
    .join(', ')});`,
  '.mode csv',
  '.separator ;',
  `.import --skip 1 ${file} import_rows`,
];
function sqlite3(db: string, script: string[]): number {
  openDatabase(db).close();
  const t0 = process.hrtime.bigint();
  const sh = spawnSync('sqlite3', [db], { input: script.join('\n'), encoding: 'utf8' });
  if (sh.status !== 0) throw new Error(`sqlite3: ${sh.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
// Plain table: loading the bytes.
const rawSeconds = sqlite3(join(dir.path, 'raw.sqlite'), stage);
// Same schema: the rows the import writes, computed in SQL without any validation, into the tables with their
// indexes in place (the rowid keys are found through the same unique indexes the import probes).
const ext = `'file:' || ec_fiscal_code || ':' || coalesce(nullif(position_id, ''), nav)`;
const schemaSeconds = sqlite3(join(dir.path, 'schema.sqlite'), [
  'PRAGMA cache_size = -65536;',
  ...stage,
  'BEGIN;',
  `INSERT INTO creditors (fiscal_code, name) SELECT DISTINCT ec_fiscal_code, ec_name FROM import_rows;`,
  `INSERT INTO citizens (fiscal_code, kind, name, seen_at)
     SELECT debtor_fiscal_code, 'F', max(debtor_name), '2025-06-15T08:00:00Z' FROM import_rows GROUP BY 1;`,
  // backend_id NULL: it is ext_id's tail, as the repository stores it.
  `INSERT INTO positions (ext_id, connector, backend_id, citizen_id, creditor_id, subject, status, fetched_at)
     SELECT ${ext}, 'file', NULL, (SELECT id FROM citizens WHERE fiscal_code = debtor_fiscal_code),
       (SELECT id FROM creditors WHERE fiscal_code = ec_fiscal_code), subject, 'payable', '2025-06-15T08:00:00Z'
     FROM import_rows WHERE true GROUP BY 1 ORDER BY min(rowid);`,
  // iuv NULL: these NAVs' IUVs are the ones inside them, which the cache does not store twice.
  `INSERT INTO payment_options (position_id, seq, nav, iuv, amount_cents, due_date, kind, plan_size, idx, status)
     SELECT (SELECT id FROM positions WHERE ext_id = ${ext}), coalesce(nullif(instalment, ''), 0), nav,
       NULL, CAST(replace(amount, ',', '') AS INTEGER), due_date,
       CASE WHEN instalment = '' THEN 'single' ELSE 'instalment' END, coalesce(nullif(plan_size, ''), 1),
       nullif(instalment, ''), 'unpaid' FROM import_rows;`,
  'COMMIT;',
]);
const mb = statSync(file).size / 1024 / 1024;
const schemaDbMb = statSync(join(dir.path, 'schema.sqlite')).size / 1024 / 1024;
const loadAfter = load();
dir.remove();

report({
  bench: 'positions import (1M-row CSV, full validation, one transaction, worker thread)',
  conditions: {
    ...machineConditions(),
    rows,
    positions: r.positions,
    fileMB: Math.round(mb),
    importRunsSeconds: sorted.map((x) => Math.round(x * 10) / 10).join(', '),
    loadavg1Before: loadBefore,
    loadavg1After: loadAfter,
  },
  figures: [
    {
      name: 'import throughput',
      value: Math.round(rows / seconds),
      unit: 'rows/s',
      baseline: {
        name: 'sqlite3 .import + INSERT…SELECT into the same tables (no validation)',
        value: Math.round(rows / schemaSeconds),
        unit: 'rows/s',
      },
      goal: '>= 100,000 rows/s',
      met: rows / seconds >= 100_000,
    },
    {
      name: 'import throughput, row by row on one thread (the bulk path off)',
      value: Math.round(rows / rowByRow.seconds),
      unit: 'rows/s',
    },
    {
      name: 'import time',
      value: Math.round(seconds * 10) / 10,
      unit: 's',
      baseline: {
        name: 'sqlite3 .import into a plain table',
        value: Math.round(rawSeconds * 10) / 10,
        unit: 's',
      },
    },
    {
      name: 'sqlite3 same-schema load time',
      value: Math.round(schemaSeconds * 10) / 10,
      unit: 's',
    },
    {
      name: 'database size after the import',
      value: Math.round(dbMb),
      unit: 'MB',
      baseline: {
        name: 'sqlite3 same-schema load (import_rows was a TEMP table)',
        value: Math.round(schemaDbMb),
        unit: 'MB',
      },
    },
    {
      name: 'peak RSS (importing process, highest of the three runs)',
      value: Math.round(peakMb),
      unit: 'MB',
      goal: '<= 300 MB',
      met: peakMb <= 300,
    },
  ],
});
