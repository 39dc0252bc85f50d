import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { decodeEscPos } from '../../support/escpos/decoder';
import { govpayFeeDesk, gpdFeeDesk } from '../../support/fees';
import { tempDir } from '../../support/temp';
import { writeFileSync } from 'node:fs';

const CF = 'RSSMRA80A01H501U';

async function cli(dir: string, argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...process.env, SPORTELLO_DATA_DIR: dir, SPORTELLO_ADMIN_CONFIG: '' };
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  const text = out.join('\n');
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    /* human output */
  }
  return { code, json, out: text, err: err.join('\n') };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('sportello services / create / check / receipt / annul on GovPay', () => {
  it('walks the whole path as an administrator would, with its failures', async () => {
    const t = await govpayFeeDesk();
    cleanups.push(() => t.dispose());
    const list = await cli(t.dir, ['services', 'list', '--json']);
    expect(list.code).toBe(0);
    expect((list.json['services'] as { id: string }[]).map((s) => s.id)).toEqual([
      'cie',
      'certificato-bollo',
      'copie',
      'sanzione-libera',
    ]);
    // /profilo grants CIE, DIRITTI, COPIE: the fourth service is flagged, and the exit code says so.
    const check = await cli(t.dir, ['services', 'check', '--json']);
    expect(check.code).toBe(1);
    expect(check.json['findings']).toEqual([
      { serviceId: 'sanzione-libera', problem: 'tipo pendenza LIBERO non autorizzato per desk' },
    ]);
    expect(t.fake.server.requests.some((r) => r.path.endsWith('/profilo'))).toBe(true);

    const made = await cli(t.dir, [
      'create',
      '--service',
      'cie',
      '--cf',
      CF,
      '--name',
      'ROSSI MARIO',
      '--json',
    ]);
    expect(made.code).toBe(0);
    const nav = String(made.json['nav']);
    expect(nav).toBe([...t.fake.byId.values()][0]!.numeroAvviso);
    expect(made.json['total']).toBe(2221);

    let c = await cli(t.dir, ['check', '--nav', nav, '--json']);
    expect(c.json).toMatchObject({ state: 'not-paid', source: 'live' });
    t.fake.pay(nav);
    c = await cli(t.dir, ['check', '--nav', nav]);
    expect(c.out).toMatch(/PAGATA \(ESEGUITA\), letto alle 20\d\d-/);

    const pdf = join(t.dir, 'ricevuta.pdf');
    const bin = join(t.dir, 'ricevuta.bin');
    expect((await cli(t.dir, ['receipt', '--nav', nav, '--pdf', pdf, '--json'])).code).toBe(0);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('IUR' + nav.slice(-8));
    expect((await cli(t.dir, ['receipt', '--nav', nav, '--out', bin])).code).toBe(0);
    expect(decodeEscPos(readFileSync(bin), 'epson').text).toContain('Banca di Prova S.p.A.');

    // A paid fee cannot be annulled; twice, with the same one-line answer.
    for (let i = 0; i < 2; i++) {
      const a = await cli(t.dir, ['annul', '--nav', nav, '--reason', 'errore di sportello']);
      expect(a.code).toBe(1);
      expect(a.err).toBe('sportello annul: la posizione è pagata: non si può annullare');
    }
    const other = await cli(t.dir, ['create', '--service', 'copie', '--anonymous', '--qty', '3', '--json']);
    const a = await cli(t.dir, [
      'annul',
      '--nav',
      String(other.json['nav']),
      '--reason',
      'errore di sportello',
      '--json',
    ]);
    expect(a.code).toBe(0);
    expect(a.json['state']).toBe('annulled');

    // A refusal: the backend's own words on one line, and exit 1.
    t.fake.server.inject(
      {
        kind: 'refuse',
        status: 400,
        body: { categoria: 'RICHIESTA', codice: 'SINTASSI', descrizione: 'Dati non validi' },
      },
      1,
    );
    const bad = await cli(t.dir, ['create', '--service', 'cie', '--cf', CF]);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      'sportello create: dati rifiutati dal servizio — il servizio dice: «Dati non validi» [RICHIESTA/SINTASSI]',
    );
    expect((await cli(t.dir, ['create', '--service', 'cie', '--anonymous'])).err).toBe(
      'sportello create: questo servizio non ammette il pagatore anonimo',
    );
  });

  it('GPD: services check says how much of the IUV range is left', async () => {
    const t = await gpdFeeDesk({ from: 10, to: 12 });
    cleanups.push(() => t.dispose());
    await cli(t.dir, ['create', '--service', 'copie', '--anonymous', '--qty', '2']);
    const r = await cli(t.dir, ['services', 'check', '--json']);
    expect(r.json['iuvRange']).toMatchObject({ from: 10, to: 12, next: 11, left: 2 });
    // 'sanzione-libera' has no GPD accounting data.
    expect(r.json['findings']).toEqual([
      { serviceId: 'sanzione-libera', problem: 'manca la sezione gpd (transfers)' },
    ]);
  });

  it('MyPay: services check says why fees cannot be created there', async () => {
    const dir = tempDir('sportello-mypay-');
    cleanups.push(() => dir.remove());
    writeFileSync(
      join(dir.path, 'config.json'),
      JSON.stringify({
        backend: {
          kind: 'mypay',
          baseUrl: 'http://127.0.0.1:9/',
          applicationName: 'sportello',
          privateKeySecret: 'k',
        },
      }),
    );
    writeFileSync(join(dir.path, 'secrets.json'), JSON.stringify({ k: 'x' }), { mode: 0o600 });
    const r = await cli(dir.path, ['services', 'check']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('paaSILImportaDovuto');
  });

  it('demo mode: creates a labelled local position and writes its notice as PDF', async () => {
    const dir = tempDir('sportello-demo-');
    cleanups.push(() => dir.remove());
    const r = await cli(dir.path, [
      'create',
      '--service',
      'copie',
      '--anonymous',
      '--qty',
      '3',
      '--pdf',
      join(dir.path, 'a.pdf'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ demo: true, total: 75 });
    const text = execFileSync('pdftotext', [join(dir.path, 'a.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('(DEMO)');
    expect(text.replace(/\s+/g, '')).toContain(String(r.json['nav']).slice(0, 4));
  });
});
