import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { tempDir } from '../../support/temp';

const data = tempDir('sportello-cli-');
afterAll(() => data.remove());
const env = { ...process.env, SPORTELLO_DATA_DIR: data.path, SPORTELLO_ADMIN_CONFIG: '' };

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sportello CLI', () => {
  it('cf --json decodes a fiscal code', async () => {
    const r = await run('cf', 'RSSMRA80A01H501U', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      kind: 'person',
      canonical: 'RSSMRA80A01H501U',
      birthDate: '1980-01-01',
      sex: 'M',
      birthplace: { name: 'Roma', province: 'RM' },
    });
  });

  it('an omocodic variant decodes the same birth data (it is still another person)', async () => {
    const a = JSON.parse((await run('cf', 'RSSMRA80A01H501U', '--json')).out);
    const b = JSON.parse((await run('cf', 'RSSMRA80A01H50MM', '--json')).out);
    expect(b.omocodic).toBe(true);
    expect({ ...b, code: a.code, omocodic: false }).toEqual(a);
  });

  it('nav --json explains a notice number', async () => {
    const r = await run('nav', '301000000000012373', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      nav: '301000000000012373',
      formatted: '3010 0000 0000 0123 73',
      auxDigit: 3,
      applicationCode: null,
      segregationCode: '01',
      iuv: '01000000000012373',
      checkDigits: '73',
    });
  });

  it.each([
    [['cf', 'RSSMRA80A01H501X'], 1, 'carattere di controllo errato: atteso U, trovato X'],
    [['nav', '301000000000012374'], 1, 'cifre di controllo errate'],
    [['nav', 'RF18539007547034'], 1, 'riferimento RF'],
    [['cf'], 2, 'serve un codice fiscale'],
    [['nonsense'], 2, 'comando sconosciuto'],
    [['cf', 'X', '--bogus'], 2, 'opzione sconosciuta "--bogus"'],
  ])('%j exits %i with one line saying why', async (argv, code, reason) => {
    const r = await run(...argv);
    expect(r.code).toBe(code);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toContain(reason);
  });

  it('with --json a failure is a JSON error too', async () => {
    const r = await run('cf', 'RSSMRA80A01H501X', '--json');
    expect(JSON.parse(r.out)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { reason: 'CHECK_CHARACTER' } },
    });
  });

  it('doctor reports Node, configuration and the database without creating it', async () => {
    const r = await run('doctor', '--json');
    const report = JSON.parse(r.out) as {
      ok: boolean;
      checks: { id: string; status: string; data?: { exists?: boolean } }[];
    };
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId['node']?.status).toBe('ok');
    expect(byId['config']?.status).toBe('ok');
    expect(byId['database']?.data?.exists).toBe(false);
  });

  it('runs as a real process through bin/sportello.js with exit codes', () => {
    const bin = fileURLToPath(new URL('../../../bin/sportello.js', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'nav', '3010 0000 0000 0123 73'], { env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('IUV: 01000000000012373');
    const bad = spawnSync(process.execPath, [bin, 'cf', 'ZZZ'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toBe('sportello cf: codice fiscale non valido: lunghezza errata (3 caratteri)');
  });
});
