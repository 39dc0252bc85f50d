import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { citizenCode, EC, navFor } from './data';

export const HEADER =
  'nav;ec_fiscal_code;ec_name;debtor_fiscal_code;debtor_name;subject;amount;due_date;position_id;plan_size;instalment;status';

/**
 * Rows of a valid import file: one position per citizen-slot, every fifth a plan of three instalments.
 * `serialBase` keeps NAVs of different files apart.
 */
export function* importRows(
  positions: number,
  opts: { citizens?: number; serialBase?: number } = {},
): Generator<string> {
  const citizens = opts.citizens ?? Math.max(1, Math.floor(positions / 3));
  const base = opts.serialBase ?? 0;
  for (let i = 0; i < positions; i++) {
    const cf = citizenCode(i % citizens);
    const plan = i % 5 === 0;
    if (plan) {
      for (let k = 1; k <= 3; k++) {
        const n = navFor(base + i * 4 + k);
        yield `${n.nav};${EC.fiscalCode};${EC.name};${cf};Cittadino ${i % citizens};TARI ${i};${(100 + (i % 50)).toString()},${String(k * 7).padStart(2, '0')};2099-0${k}-15;POS-${i};3;${k};`;
      }
    } else {
      const n = navFor(base + i * 4);
      yield `${n.nav};${EC.fiscalCode};${EC.name};${cf};Cittadino ${i % citizens};Refezione ${i};${12 + (i % 30)}.50;2099-12-31;;;;`;
    }
  }
}

/** Writes a CSV import file as a stream (a large one never sits in memory). Returns the number of rows. */
export async function writeImportCsv(path: string, rows: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  let n = 0;
  let buf = HEADER + '\n';
  for (const r of rows) {
    buf += r + '\n';
    n++;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return n;
}
