/**
 * Child process for the IUV counter's crash test: reserves IUVs of a range in a loop and prints each one once
 * its reservation committed. With `holdAt` N it stops inside the N-th reservation's transaction (the base
 * taken, not yet committed), says `inside` and waits to be killed. Run: `node --import tsx iuv-reserve-child.ts
 * <db> <holdAt|-1>`.
 */
import { navForIuvBase } from '../../core/fees/quote';
import { openDatabase } from '../../electron/store/database';
import { FeeRequests } from '../../electron/store/fees/fee-requests';

const [file, holdRaw] = process.argv.slice(2);
if (!file) throw new Error('database path required');
const holdAt = Number(holdRaw ?? '-1');
const db = openDatabase(file);
const fees = new FeeRequests(db);
const range = { scheme: 'gpd:01199250158:01', from: 1000, to: 999_999 };
for (let i = 1; ; i++) {
  const row = fees.reserve(
    {
      request_key: `child-${process.pid}-${i}`,
      request_hash: 'h',
      backend: 'gpd',
      backend_id: `child-${process.pid}-${i}`,
      service_id: 'cie',
      ec_fiscal_code: '01199250158',
      amount_cents: 100,
      operator: 'child',
      created_at: new Date().toISOString(),
    },
    range,
    (base) => {
      const n = navForIuvBase('01', base);
      if (!n.ok) throw new Error('nav');
      if (i === holdAt) {
        process.stdout.write('inside\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
      return { iuv: n.value.iuv, nav: n.value.nav };
    },
  );
  process.stdout.write(`${row.iuv}\n`);
}
