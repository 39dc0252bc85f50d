// Run by test/security/import-disk-full.test.ts inside its own mount namespace (the database on a small tmpfs):
// one phase, its outcome printed as one JSON line.
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import { importPositionsFileInWorker } from '../../../electron/services/positions/import-in-worker';
import { openDatabase } from '../../../electron/store/database';

const [phase, dbFile, csv] = process.argv.slice(2) as [string, string, string];
const out: Record<string, unknown> = { phase };
try {
  if (phase === 'create') openDatabase(dbFile).close();
  if (phase === 'import') {
    try {
      const r = await importPositionsFileInWorker(dbFile, csv, { now: new Date('2026-11-29T08:00:00Z') });
      out['import'] = { ok: true, committed: r.committed, rows: r.rows };
    } catch (err) {
      out['import'] =
        err instanceof AppError ? { ok: false, code: err.code, details: err.details } : String(err);
    }
  }
  const raw = new Database(dbFile, { readonly: true });
  out['check'] = raw.pragma('quick_check', { simple: true });
  out['options'] = (raw.prepare('SELECT count(*) AS n FROM payment_options').get() as { n: number }).n;
  raw.close();
  out['files'] = readdirSync(dirname(dbFile));
} catch (err) {
  out['thrown'] = err instanceof AppError ? { code: err.code, details: err.details } : String(err);
}
process.stdout.write(JSON.stringify(out) + '\n');
