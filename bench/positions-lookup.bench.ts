/**
 * Lookup by fiscal code on a cache of 1,000,000 payment options for 300,000 citizens: in-process (repository +
 * payability rules) and over the contract (dispatch with input/output validation), against the cheapest
 * possible lookup on the same file (one citizen row through its unique fiscal-code index). The data set is
 * generated here into a temp file, in the cache's schema (integer rowid keys, ext_id once per position).
 */
import { join } from 'node:path';
import { createDesk } from '../electron/services/desk';
import { applyPayability } from '../core/positions/payability';
import { openDatabase } from '../electron/store/database';
import { PositionsRepo } from '../electron/store/positions/positions-repo';
import { citizenCode, EC, navFor } from '../test/support/fake-backends/data';
import { testPlatform } from '../test/support/desk';
import { tempDir } from '../test/support/temp';
import { machineConditions, report, summarize } from './lib/report';

const OPTIONS = 1_000_000;
const CITIZENS = 300_000;
const SAMPLES = 20_000;
const dir = tempDir('sportello-bench-lookup-');
const dbFile = join(dir.path, 'sportello.sqlite');
const db = openDatabase(dbFile);

const t0 = Date.now();
db.pragma('foreign_keys = OFF');
db.pragma('cache_size = -262144');
db.transaction(() => {
  db.prepare(`INSERT INTO creditors (id, fiscal_code, name) VALUES (1, ?, ?)`).run(EC.fiscalCode, EC.name);
  const cit = db.prepare(
    `INSERT INTO citizens (id, fiscal_code, kind, name, seen_at) VALUES (?, ?, 'F', ?, ?)`,
  );
  const pos = db.prepare(`INSERT INTO positions (id, ext_id, connector, backend_id, citizen_id, creditor_id,
    subject, status, backend_status, fetched_at) VALUES (?, ?, 'file', NULL, ?, 1, ?, 'payable', NULL, ?)`);
  const opt = db.prepare(`INSERT INTO payment_options (position_id, seq, nav, iuv, amount_cents, due_date,
    kind, plan_size, idx, status, backend_status, description)
    VALUES (?, ?, ?, ?, ?, '2099-12-31', ?, ?, ?, 'unpaid', NULL, NULL)`);
  const now = new Date().toISOString();
  for (let c = 0; c < CITIZENS; c++) cit.run(c + 1, citizenCode(c), `Cittadino ${c}`, now);
  // Positions of 1 or 3 options, spread over the citizens, until a million options.
  let n = 0;
  for (let p = 0; n < OPTIONS; p++) {
    pos.run(p + 1, `file:${EC.fiscalCode}:P${p}`, (p % CITIZENS) + 1, `Posizione ${p}`, now);
    const size = p % 4 === 0 ? 3 : 1;
    for (let k = 0; k < size && n < OPTIONS; k++, n++) {
      const nav = navFor(n);
      opt.run(
        p + 1,
        k,
        nav.nav,
        nav.iuv,
        1000 + (n % 5000),
        size === 1 ? 'single' : 'instalment',
        size,
        size === 1 ? null : k + 1,
      );
    }
  }
})();
db.pragma('foreign_keys = ON');
const buildMs = Date.now() - t0;

const repo = new PositionsRepo(db);
const pick = (i: number) => citizenCode((i * 7919) % CITIZENS);
const pk = db.prepare(`SELECT * FROM citizens WHERE fiscal_code = ?`);
const time = (fn: (i: number) => void): number[] => {
  for (let i = 0; i < 500; i++) fn(i);
  const out: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const s = process.hrtime.bigint();
    fn(i);
    out.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return out;
};
const base = summarize(time((i) => pk.get(pick(i))));
const inproc = summarize(
  time((i) => repo.byFiscalCode(pick(i)).map((p) => applyPayability(p, '2025-06-15'))),
);
db.close();

const platform = testPlatform(dir.path, { backend: { kind: 'file' } });
const desk = createDesk({ platform });
const contract: number[] = [];
for (let i = 0; i < 5000; i++) {
  const s = process.hrtime.bigint();
  const r = await desk.call('positions.list', { fiscalCode: pick(i) });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  contract.push(Number(process.hrtime.bigint() - s) / 1e6);
}
await desk.close();
const over = summarize(contract.slice(500));
dir.remove();

report({
  bench: 'positions lookup by fiscal code (1M options, 300k citizens)',
  conditions: {
    ...machineConditions(),
    options: OPTIONS,
    citizens: CITIZENS,
    samples: SAMPLES,
    buildSeconds: Math.round(buildMs / 1000),
  },
  figures: [
    {
      name: 'in-process p50',
      value: inproc.p50,
      unit: 'ms',
      baseline: { name: 'citizen row by fiscal code p50', value: base.p50, unit: 'ms' },
    },
    {
      name: 'in-process p99',
      value: inproc.p99,
      unit: 'ms',
      baseline: { name: 'citizen row by fiscal code p99', value: base.p99, unit: 'ms' },
      goal: '<= 2 ms',
      met: inproc.p99 <= 2,
    },
    {
      name: 'over the contract p50',
      value: over.p50,
      unit: 'ms',
      baseline: { name: 'in-process p50', value: inproc.p50, unit: 'ms' },
    },
    {
      name: 'over the contract p99',
      value: over.p99,
      unit: 'ms',
      baseline: { name: 'in-process p99', value: inproc.p99, unit: 'ms' },
    },
  ],
});
