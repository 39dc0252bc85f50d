import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { navForIuvBase } from '../../../core/fees/quote';
import { openDatabase } from '../../../electron/store/database';
import { FeeRequests } from '../../../electron/store/fees/fee-requests';
import { tempDir } from '../../support/temp';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('sportello-iuv-');
});
afterEach(() => dir.remove());

const CHILD = fileURLToPath(new URL('../../support/iuv-reserve-child.ts', import.meta.url));

/** Runs the child until it printed `lines` committed IUVs (or said `inside`), then SIGKILLs it. */
async function runAndKill(file: string, holdAt: number, lines: number): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(holdAt)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const seen: string[] = [];
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (l === 'inside') return resolve();
      seen.push(l);
      if (holdAt < 0 && seen.length >= lines) resolve();
    });
  });
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  return seen;
}

describe('IUV counter', () => {
  it('killed with SIGKILL inside a reservation and again mid-loop, never hands out a committed IUV twice', async () => {
    const file = join(dir.path, 'desk.sqlite');
    openDatabase(file).close();
    const first = await runAndKill(file, 150, 0);
    expect(first).toHaveLength(149);
    const second = await runAndKill(file, -1, 300);
    const db = openDatabase(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const fees = new FeeRequests(db);
    const range = { scheme: 'gpd:01199250158:01', from: 1000, to: 999_999 };
    const after: string[] = [];
    for (let i = 0; i < 500; i++)
      after.push(
        fees.reserve(
          {
            request_key: `parent-${i}`,
            request_hash: 'h',
            backend: 'gpd',
            backend_id: `parent-${i}`,
            service_id: 'cie',
            ec_fiscal_code: '01199250158',
            amount_cents: 100,
            operator: 'parent',
            created_at: new Date().toISOString(),
          },
          range,
          (base) => {
            const n = navForIuvBase('01', base);
            if (!n.ok) throw new Error('nav');
            return { iuv: n.value.iuv, nav: n.value.nav };
          },
        ).iuv!,
      );
    const all = [...first, ...second, ...after];
    expect(new Set(all).size).toBe(all.length);
    // Every IUV a process was told about is in the table; the table holds no IUV twice (UNIQUE) and nothing
    // past the counter.
    const rows = db.prepare('SELECT iuv FROM fee_requests').pluck().all() as string[];
    for (const iuv of all) expect(rows).toContain(iuv);
    const counter = fees.counter(range.scheme)!;
    const bases = rows.map((iuv) => Number(iuv.slice(2, 15)));
    expect(Math.max(...bases)).toBe(counter.next - 1);
    db.close();
  }, 120_000);

  it('refuses once the range is used up, and a new lower range does not take the counter back', () => {
    const db = openDatabase(join(dir.path, 'r.sqlite'));
    const fees = new FeeRequests(db);
    const iuvOf = (base: number) => {
      const n = navForIuvBase('07', base);
      if (!n.ok) throw new Error('nav');
      return { iuv: n.value.iuv, nav: n.value.nav };
    };
    const row = (i: number) => ({
      request_key: `k${i}`,
      request_hash: 'h',
      backend: 'gpd' as const,
      backend_id: `b${i}`,
      service_id: 's',
      ec_fiscal_code: '01199250158',
      amount_cents: 1,
      operator: 't',
      created_at: 'now',
    });
    fees.reserve(row(1), { scheme: 's', from: 10, to: 11 }, iuvOf);
    fees.reserve(row(2), { scheme: 's', from: 10, to: 11 }, iuvOf);
    expect(() => fees.reserve(row(3), { scheme: 's', from: 10, to: 11 }, iuvOf)).toThrow(/exhausted/);
    expect(() => fees.reserve(row(4), { scheme: 's', from: 0, to: 11 }, iuvOf)).toThrow(/exhausted/);
    expect(fees.reserve(row(5), { scheme: 's', from: 0, to: 20 }, iuvOf).iuv).toBe(iuvOf(12).iuv);
    db.close();
  });
});
