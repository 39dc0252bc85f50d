import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { DB_FILE } from '../../../electron/services/desk';
import { EC, navFor, pendenza } from '../../support/fake-backends/data';
import { fakeGovPay, GOVPAY_BASE } from '../../support/fake-backends/govpay';
import { HEADER } from '../../support/fake-backends/import-files';
import { tempDir } from '../../support/temp';

// The clerk's and the technician's path (issue 15): `sportello positions|import` as they run them.
const CF = 'RSSMRA80A01H501U';
const OMO = 'RSSMRA80A01H50MM';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function dataDir(backend: Record<string, unknown> | null = null) {
  const d = tempDir('sportello-cli15-');
  cleanup.push(() => d.remove());
  if (backend) writeFileSync(join(d.path, 'config.json'), JSON.stringify({ backend }));
  writeFileSync(join(d.path, 'secrets.json'), JSON.stringify({ 'gp.pw': 'pw' }), { mode: 0o600 });
  const env = { ...process.env, SPORTELLO_DATA_DIR: d.path, SPORTELLO_ADMIN_CONFIG: '' };
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
    return { code, out: out.join('\n'), err };
  };
  return { dir: d.path, run };
}

async function govpay() {
  const fake = fakeGovPay({
    username: 'desk',
    password: 'pw',
    pendenze: [
      pendenza({ serial: 1, debtor: CF, importo: 10, causale: 'Mensa' }),
      pendenza({ serial: 2, debtor: CF, importo: 20, causale: 'Trasporto' }),
    ],
  });
  await fake.server.start();
  cleanup.push(() => fake.server.stop());
  const d = dataDir({
    kind: 'govpay',
    baseUrl: `${fake.server.url}${GOVPAY_BASE}`,
    auth: { mode: 'basic', username: 'desk', passwordSecret: 'gp.pw' },
    retries: 0,
    retryAfterCapSeconds: 5,
  });
  return { fake, ...d };
}

describe('sportello positions', () => {
  it('a partial answer: exit 1, one line on stderr, `partial` in --json with the refused item', async () => {
    const g = await govpay();
    const ok = await g.run('positions', CF, '--json');
    expect(ok.code).toBe(0);
    expect(ok.err).toEqual([]);
    g.fake.state.pendenze[1]!.importo = 12.345;
    for (let round = 0; round < 2; round++) {
      const r = await g.run('positions', CF, '--json');
      expect(r.code).toBe(1);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(/^sportello positions: RISPOSTA PARZIALE: voci scartate/);
      const json = JSON.parse(r.out);
      expect(json.partial).toMatchObject({
        reasons: ['ITEMS_REFUSED'],
        refused: [{ backendId: 'A2A-DEMO/P2', nav: navFor(2).nav, reason: 'AMOUNT' }],
      });
      expect(json.positions).toHaveLength(2);
    }
    const human = await g.run('positions', CF);
    expect(human.out).toContain(`scartata: A2A-DEMO/P2 avviso ${navFor(2).nav} — AMOUNT (importo)`);
  });

  it('a backend failure: exit 1 with exactly one line on stderr, twice in a row', async () => {
    const g = await govpay();
    await g.run('positions', CF);
    g.fake.server.inject({ kind: 'status', status: 503 });
    for (let round = 0; round < 2; round++) {
      const r = await g.run('positions', CF);
      expect(r.code).toBe(1);
      expect(r.err).toEqual([
        'sportello positions: aggiornamento non riuscito (BACKEND_UNAVAILABLE SERVER_ERROR) — mostrate le posizioni dell’archivio locale',
      ]);
      expect(r.out).toContain('2 posizioni');
    }
  });

  it('Retry-After beyond the cap: the line says when to retry, and the backend was asked once', async () => {
    const g = await govpay();
    g.fake.server.inject({ kind: 'status', status: 429, retryAfter: 90 });
    const r = await g.run('positions', CF, '--json');
    expect(r.code).toBe(1);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toContain('riprovare tra 90 s');
    expect(g.fake.server.requests).toHaveLength(1);
  });
});

const row = (serial: number, debtor: string, amount: string, subject = 'Mensa') =>
  `${navFor(serial).nav};${EC.fiscalCode};${EC.name};${debtor};;${subject};${amount};2099-12-31;;;;`;

describe('sportello import', () => {
  it('--dry-run writes nothing at all: no database file on a new desk, no change on an existing one', async () => {
    const d = dataDir({ kind: 'file' });
    const file = join(d.dir, 'in.csv');
    writeFileSync(file, [HEADER, row(1, CF, '10,00')].join('\n') + '\n');
    for (let round = 0; round < 2; round++) {
      const r = await d.run('import', file, '--dry-run', '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ dryRun: true, committed: false, rows: 1, errorCount: 0 });
      expect(existsSync(join(d.dir, DB_FILE))).toBe(false);
      expect(readdirSync(d.dir).sort()).toEqual(['config.json', 'in.csv', 'secrets.json']);
    }
    expect((await d.run('import', file)).code).toBe(0);
    const db = join(d.dir, DB_FILE);
    const before = readFileSync(db);
    const mtime = statSync(db).mtimeMs;
    const other = join(d.dir, 'other.csv');
    writeFileSync(other, [HEADER, row(2, CF, '11,00')].join('\n') + '\n');
    expect((await d.run('import', other, '--dry-run')).code).toBe(0);
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(statSync(db).mtimeMs).toBe(mtime);
  });

  it('two citizens whose codes differ only by omocodia are imported, cached and shown apart', async () => {
    const d = dataDir({ kind: 'file' });
    const file = join(d.dir, 'two.csv');
    writeFileSync(
      file,
      [HEADER, row(1, CF, '10,00', 'Base'), row(2, OMO, '20,00', 'Omocodico')].join('\n') + '\n',
    );
    expect((await d.run('import', file)).code).toBe(0);
    // The database as the sqlite3 CLI reads it: two citizens, each with the code as issued.
    const citizens = execFileSync('sqlite3', [
      join(d.dir, DB_FILE),
      'SELECT fiscal_code FROM citizens ORDER BY 1',
    ])
      .toString()
      .trim()
      .split('\n');
    expect(citizens).toEqual([OMO, CF].sort());
    for (let round = 0; round < 2; round++) {
      const a = JSON.parse((await d.run('positions', CF, '--cache-only', '--json')).out);
      const b = JSON.parse((await d.run('positions', OMO, '--cache-only', '--json')).out);
      expect(a.positions.map((p: { subject: string }) => p.subject)).toEqual(['Base']);
      expect(b.positions.map((p: { subject: string }) => p.subject)).toEqual(['Omocodico']);
      expect(b.query).toEqual({ fiscalCode: OMO });
    }
  });

  it('a zero amount is refused at entry with its line; nothing is written', async () => {
    const d = dataDir({ kind: 'file' });
    const file = join(d.dir, 'zero.csv');
    writeFileSync(file, [HEADER, row(1, CF, '10,00'), row(2, CF, '0,00')].join('\n') + '\n');
    const r = await d.run('import', file, '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).errors).toEqual([{ line: 3, reason: 'AMOUNT', field: 'amount', rule: 'ZERO' }]);
    const n = execFileSync('sqlite3', [
      join(d.dir, DB_FILE),
      'SELECT count(*) FROM payment_options',
    ]).toString();
    expect(n.trim()).toBe('0');
  });

  it('an unterminated quote is reported at the line where the field opened', async () => {
    const d = dataDir({ kind: 'file' });
    const file = join(d.dir, 'quote.csv');
    const rows = Array.from({ length: 300 }, (_, i) => row(10 + i, CF, '1,00'));
    rows[149] = rows[149]!.replace(';Mensa;', ';"Mensa;');
    writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
    const r = await d.run('import', file, '--dry-run', '--json');
    expect(r.code).toBe(1);
    const errors = JSON.parse(r.out).errors as { line: number; reason: string }[];
    expect(errors.find((e) => e.reason === 'UNTERMINATED_QUOTE')?.line).toBe(151);
  });
});
