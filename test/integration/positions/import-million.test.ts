import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPositionsFileInWorker } from '../../../electron/services/positions/import-in-worker';
import { openDatabase } from '../../../electron/store/database';
import { PositionsRepo } from '../../../electron/store/positions/positions-repo';
import { citizenCode } from '../../support/fake-backends/data';
import { importRows, writeImportCsv } from '../../support/fake-backends/import-files';
import { tempDir } from '../../support/temp';

// The 1M-row file, imported for real: one transaction on the worker thread, every row validated.
// Speed is measured in bench/positions-import.bench.ts, not here.
const POSITIONS = 714_286; // every fifth position (142,858) is a plan of 3 instalments: 1,000,002 rows
const ROWS = POSITIONS + 2 * Math.ceil(POSITIONS / 5);
const CITIZENS = 300_000;
const dir = tempDir('sportello-1m-');
afterAll(() => dir.remove());

describe('import of a 1,000,000-row file', () => {
  it(
    'commits every row, stays consistent, answers lookups, and a re-import changes nothing',
    { timeout: 300_000 },
    async () => {
      const file = join(dir.path, 'positions.csv');
      const rows = await writeImportCsv(file, importRows(POSITIONS, { citizens: CITIZENS }));
      expect(rows).toBe(ROWS);
      expect(ROWS).toBeGreaterThanOrEqual(1_000_000);
      const db = join(dir.path, 'sportello.sqlite');
      openDatabase(db).close();

      const now = new Date('2026-11-29T08:00:00Z');
      const first = await importPositionsFileInWorker(db, file, { now });
      expect(first).toMatchObject({
        committed: true,
        unchanged: false,
        rows: ROWS,
        positions: POSITIONS,
        errorCount: 0,
      });

      const raw = new Database(db, { readonly: true });
      expect(raw.pragma('quick_check', { simple: true })).toBe('ok');
      expect(raw.prepare('SELECT count(*) AS n FROM payment_options').get()).toEqual({ n: ROWS });
      expect(raw.prepare('SELECT count(*) AS n FROM citizens').get()).toEqual({ n: CITIZENS });
      raw.close();

      const repo = new PositionsRepo(openDatabase(db));
      const someone = citizenCode(12_345);
      const theirs = repo.byFiscalCode(someone);
      // Citizen k owns positions k, k + 300,000, k + 600,000 (those below 714,286).
      expect(theirs).toHaveLength(3);
      expect(theirs.every((p) => p.debtor.fiscalCode === someone)).toBe(true);
      repo.db.close();

      const again = await importPositionsFileInWorker(db, file, { now });
      expect(again).toMatchObject({ unchanged: true });
    },
  );
});
