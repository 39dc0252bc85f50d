import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importPositionsFile } from '../../../electron/services/positions/import-file';
import { openDatabase } from '../../../electron/store/database';
import { migrations } from '../../../electron/store/migrations';
import { m006ExactFiscalCodes } from '../../../electron/store/migrations/006-exact-fiscal-codes';
import { PositionsRepo } from '../../../electron/store/positions/positions-repo';
import { EC, navFor } from '../../support/fake-backends/data';
import { HEADER } from '../../support/fake-backends/import-files';
import { tempDir } from '../../support/temp';

// A cache written when omocodic codes were folded: one row may hold two people's positions.
const BASE = 'RSSMRA80A01H501U';
const OMO = 'RSSMRA80A01H50MM';
const COMPANY = '01234567897';
const NOW = new Date('2025-06-15T08:00:00Z');

let dir: { path: string; remove: () => void };
beforeEach(() => (dir = tempDir('sportello-mig15-')));
afterEach(() => dir.remove());

const sql = (file: string, q: string) => execFileSync('sqlite3', [file, q]).toString().trim();

describe('migration: fiscal codes as issued', () => {
  it('drops cached personal citizens (the source code is unknown), keeps companies, and lets everything come back', async () => {
    const file = join(dir.path, 'sportello.sqlite');
    const csv = join(dir.path, 'tari.csv');
    // As the old desk imported it: the omocodic debtor's row folded onto the base code.
    writeFileSync(
      csv,
      [
        HEADER,
        `${navFor(1).nav};${EC.fiscalCode};${EC.name};${BASE};;Base;10,00;2099-12-31;;;;`,
        `${navFor(2).nav};${EC.fiscalCode};${EC.name};${OMO};;Omocodico;20,00;2099-12-31;;;;`,
        `${navFor(3).nav};${EC.fiscalCode};${EC.name};${COMPANY};;Impresa;30,00;2099-12-31;;;;`,
      ].join('\n') + '\n',
    );
    const before = migrations.indexOf(m006ExactFiscalCodes);
    expect(before).toBeGreaterThan(0);
    const old = openDatabase(file, { migrations: migrations.slice(0, before) });
    // Rows as the old desk wrote them (plain SQL: today's repository speaks the newer schema).
    old.exec(`
      INSERT INTO citizens (id, fiscal_code, kind, name, seen_at) VALUES
        (1, '${BASE}', 'F', NULL, 'x'), (2, '${COMPANY}', 'G', 'Ditta', 'x');
      INSERT INTO creditors (id, fiscal_code, name) VALUES (1, '${EC.fiscalCode}', 'Comune');
      INSERT INTO positions (id, ext_id, connector, citizen_id, creditor_id, subject, status, fetched_at) VALUES
        (1, 'file:${EC.fiscalCode}:${navFor(1).nav}', 'file', 1, 1, 'Base', 'payable', '${NOW.toISOString()}'),
        -- the old fold: the omocodic citizen's position under the base code
        (2, 'file:${EC.fiscalCode}:${navFor(2).nav}', 'file', 1, 1, 'Omocodico', 'payable', '${NOW.toISOString()}'),
        (3, 'file:${EC.fiscalCode}:${navFor(3).nav}', 'file', 2, 1, 'Impresa', 'payable', '${NOW.toISOString()}');
      INSERT INTO payment_options (position_id, seq, nav, amount_cents, kind, plan_size, status) VALUES
        (1, 0, '${navFor(1).nav}', 1000, 'single', 1, 'unpaid'),
        (2, 0, '${navFor(2).nav}', 2000, 'single', 1, 'unpaid'),
        (3, 0, '${navFor(3).nav}', 3000, 'single', 1, 'unpaid');
      INSERT INTO lookups VALUES ('govpay', '${BASE}', '${NOW.toISOString()}');
      INSERT INTO import_log VALUES ('${'f'.repeat(64)}', 'tari.csv', 3, '${NOW.toISOString()}');
      INSERT INTO sync_state (connector, cursor, last_completed_at, last_full_at) VALUES
        ('gpd', '{"windowFrom":"2025-06-01","page":2}', '2025-06-14T00:00:00Z', '2025-06-14T00:00:00Z');
    `);
    old.close();

    const db = openDatabase(file);
    db.close();
    // Read back with the sqlite3 CLI: nothing of the merged citizen, the company untouched.
    expect(sql(file, 'SELECT fiscal_code FROM citizens')).toBe(COMPANY);
    expect(sql(file, 'SELECT subject FROM positions')).toBe('Impresa');
    expect(sql(file, 'SELECT count(*) FROM payment_options')).toBe('1');
    expect(sql(file, 'SELECT count(*) FROM lookups')).toBe('0');
    expect(sql(file, 'SELECT count(*) FROM import_log')).toBe('0');
    expect(sql(file, "SELECT coalesce(cursor, '-') || coalesce(last_full_at, '-') FROM sync_state")).toBe(
      '--',
    );
    expect(sql(file, 'PRAGMA foreign_key_check')).toBe('');

    // The same file again: two people, each under their own code (twice: the second import changes nothing).
    for (let round = 0; round < 2; round++) {
      const again = openDatabase(file);
      const r = await importPositionsFile(again, csv, { now: NOW });
      expect(round === 0 ? r.committed : r.unchanged).toBe(true);
      const repo2 = new PositionsRepo(again);
      expect(repo2.byFiscalCode(BASE).map((p) => p.subject)).toEqual(['Base']);
      expect(repo2.byFiscalCode(OMO).map((p) => p.subject)).toEqual(['Omocodico']);
      again.close();
    }
  });
});
