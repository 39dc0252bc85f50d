import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { configSchema } from '../../../electron/services/config/schema';
import { localDay } from '../../../electron/services/positions/dates';
import { EC, gpdPositions, navFor, pendenza } from '../../support/fake-backends/data';
import { fakeGovPay, GOVPAY_BASE } from '../../support/fake-backends/govpay';
import { fakeGpd } from '../../support/fake-backends/gpd';
import { HEADER } from '../../support/fake-backends/import-files';
import { fakeMyPay } from '../../support/fake-backends/mypay';
import { tempDir } from '../../support/temp';

// docs/connectors.md promises that each of its examples works as written: here each one is parsed by the real
// config schema and run by the CLI against the fake backend, with only the address replaced.
const DOC = readFileSync(fileURLToPath(new URL('../../../docs/connectors.md', import.meta.url)), 'utf8');
const CF = 'RSSMRA80A01H501U';

function example(name: string): { backend: Record<string, unknown> } {
  const m = new RegExp(`<!-- example: ${name} -->\\s*\`\`\`json\\n([\\s\\S]*?)\`\`\``).exec(DOC);
  if (!m) throw new Error(`docs/connectors.md has no example "${name}"`);
  return JSON.parse(m[1]!) as { backend: Record<string, unknown> };
}

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function desk(config: unknown, secrets: Record<string, string>) {
  const d = tempDir('sportello-doc-');
  cleanup.push(() => d.remove());
  writeFileSync(join(d.path, 'config.json'), JSON.stringify(config));
  writeFileSync(join(d.path, 'secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
  const env = { ...process.env, SPORTELLO_DATA_DIR: d.path, SPORTELLO_ADMIN_CONFIG: '' };
  return {
    dir: d.path,
    run: async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
      return { code, out: out.join('\n'), err };
    },
  };
}

describe('docs/connectors.md examples', () => {
  it('every example is a valid configuration as written', () => {
    for (const name of ['govpay-basic', 'govpay-ssl', 'mypay', 'gpd', 'file']) {
      const r = configSchema.safeParse(example(name));
      expect(r.success, `${name}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
    }
  });

  it('GovPay (Basic): the example reads the pendenze', async () => {
    const cfg = example('govpay-basic');
    expect(cfg.backend['idDominio']).toBe(EC.fiscalCode);
    const auth = cfg.backend['auth'] as { username: string; passwordSecret: string };
    const fake = fakeGovPay({
      username: auth.username,
      password: 'pw',
      pendenze: [pendenza({ serial: 1, debtor: CF, importo: 12.3, causale: 'Mensa' })],
    });
    await fake.server.start();
    cleanup.push(() => fake.server.stop());
    const d = desk(
      { backend: { ...cfg.backend, baseUrl: `${fake.server.url}${GOVPAY_BASE}` } },
      { [auth.passwordSecret]: 'pw' },
    );
    const r = await d.run('positions', CF, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      source: 'live',
      partial: null,
      positions: [{ subject: 'Mensa' }],
    });
    expect(fake.server.violations).toEqual([]);
  });

  it('MyPay: the example signs its requests and reads the dovuti', async () => {
    const cfg = example('mypay');
    const keys = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const n = navFor(7);
    const fake = fakeMyPay({
      applicationName: cfg.backend['applicationName'] as string,
      publicKeyPem: keys.publicKey,
      today: localDay(new Date()),
      dovuti: [
        {
          stato: { code: 'INSERIMENTO_DOVUTO', descr: 'da pagare' },
          numeroAvviso: n.nav,
          iuv: n.iuv,
          ente: { code: 'C_A010', codiceFiscale: EC.fiscalCode, descrizione: EC.name },
          tipoDovuto: { code: 'TARI', descr: 'Tassa rifiuti' },
          causale: 'TARI 2025',
          codiceFicaleIntestatario: CF,
          anagaraficaIntestatario: 'Mario Rossi',
          dataScadenza: '2099/12/31',
          importo: 9950,
        },
      ],
    });
    await fake.server.start();
    cleanup.push(() => fake.server.stop());
    const d = desk(
      { backend: { ...cfg.backend, baseUrl: fake.server.url } },
      { [cfg.backend['privateKeySecret'] as string]: keys.privateKey },
    );
    const r = await d.run('positions', CF, '--json');
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      source: 'live',
      partial: null,
      positions: [{ subject: 'TARI 2025' }],
    });
    expect(fake.server.violations).toEqual([]);
  });

  it('GPD: the example syncs, then answers from the cache', async () => {
    const cfg = example('gpd');
    expect(cfg.backend['organizationFiscalCode']).toBe(EC.fiscalCode);
    const today = localDay(new Date());
    const positions = gpdPositions(3, today, 1, 1);
    const fake = fakeGpd({ organizationFiscalCode: EC.fiscalCode, subscriptionKey: 'sub', positions });
    await fake.server.start();
    cleanup.push(() => fake.server.stop());
    const d = desk(
      { backend: { ...cfg.backend, baseUrl: fake.server.url, syncEveryMinutes: 0 } },
      { [cfg.backend['subscriptionKeySecret'] as string]: 'sub' },
    );
    const s = await d.run('sync', '--json');
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out)).toMatchObject({ state: 'idle', positionsSeen: 3, partial: null });
    const debtor = positions[0]!.paymentOption[0]!.debtor.fiscalCode;
    const r = await d.run('positions', debtor, '--json');
    expect(JSON.parse(r.out).positions).toHaveLength(3);
    expect(fake.server.violations).toEqual([]);
  });

  it('file: the example imports a file and answers from the cache', async () => {
    const cfg = example('file');
    const d0 = tempDir('sportello-doc-file-');
    cleanup.push(() => d0.remove());
    const csv = join(d0.path, 'posizioni.csv');
    writeFileSync(
      csv,
      `${HEADER}\n${navFor(3).nav};${EC.fiscalCode};${EC.name};${CF};;Mensa;4,20;2099-12-31;;;;\n`,
    );
    const d = desk({ backend: { ...cfg.backend, path: csv } }, {});
    expect((await d.run('import', csv)).code).toBe(0);
    const r = await d.run('positions', CF, '--json');
    expect(JSON.parse(r.out).positions[0].options[0].amount).toBe(420);
  });
});
