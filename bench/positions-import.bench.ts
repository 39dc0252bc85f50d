/**
 * Import of a 1,000,000-row CSV with full validation (core rules on every row, one transaction), against the
 * sqlite3 shell's `.import` of the same file into a plain table of the same database schema: what loading the
 * bytes costs with no validation and no normalisation. Peak RSS of this process is reported (the file is
 * generated as a stream, so it does not inflate it).
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { importPositionsFile } from '../electron/services/positions/import-file';
import { openDatabase } from '../electron/store/database';
import { importRows, writeImportCsv } from '../test/support/fake-backends/import-files';
import { tempDir } from '../test/support/temp';
import { machineConditions, report } from './lib/report';

const POSITIONS = 714_286; // every fifth position is a plan of 3: 1,000,000 rows
const dir = tempDir('sportello-bench-import-');
const file = join(dir.path, 'positions.csv');
const rows = await writeImportCsv(file, importRows(POSITIONS, { citizens: 300_000 }));
const rssBefore = process.resourceUsage().maxRSS;

const db = openDatabase(join(dir.path, 'sportello.sqlite'));
const t0 = process.hrtime.bigint();
const r = await importPositionsFile(db, file, { now: new Date() });
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
db.close();
if (!r.committed) throw new Error(`import failed: ${JSON.stringify(r.errors.slice(0, 3))}`);
const peakMb = process.resourceUsage().maxRSS / 1024;

// Baseline: the sqlite3 shell loading the same rows into a table of the same (migrated) schema.
const base = join(dir.path, 'baseline.sqlite');
openDatabase(base).close();
const cols =
  'nav,ec_fiscal_code,ec_name,debtor_fiscal_code,debtor_name,subject,amount,due_date,position_id,plan_size,instalment,status';
const script = [
  `CREATE TABLE import_rows (${cols
    .split(',')
    .map((c) => `${c} TEXT`)
    .join(', ')});`,
  '.mode csv',
  '.separator ;',
  `.import --skip 1 ${file} import_rows`,
].join('\n');
const b0 = process.hrtime.bigint();
const sh = spawnSync('sqlite3', [base], { input: script, encoding: 'utf8' });
const baseSeconds = Number(process.hrtime.bigint() - b0) / 1e9;
if (sh.status !== 0) throw new Error(`sqlite3: ${sh.stderr}`);
const mb = statSync(file).size / 1024 / 1024;
dir.remove();

report({
  bench: 'positions import (1M-row CSV, full validation, one transaction)',
  conditions: {
    ...machineConditions(),
    rows,
    positions: r.positions,
    fileMB: Math.round(mb),
    rssBeforeImportMB: Math.round(rssBefore / 1024),
  },
  figures: [
    {
      name: 'import throughput',
      value: Math.round(rows / seconds),
      unit: 'rows/s',
      baseline: {
        name: 'sqlite3 .import (no validation)',
        value: Math.round(rows / baseSeconds),
        unit: 'rows/s',
      },
      goal: '>= 100,000 rows/s',
      met: rows / seconds >= 100_000,
    },
    {
      name: 'import time',
      value: Math.round(seconds * 10) / 10,
      unit: 's',
      baseline: { name: 'sqlite3 .import', value: Math.round(baseSeconds * 10) / 10, unit: 's' },
    },
    { name: 'peak RSS', value: Math.round(peakMb), unit: 'MB', goal: '<= 300 MB', met: peakMb <= 300 },
  ],
});
