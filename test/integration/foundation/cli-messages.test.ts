import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { tempDir } from '../../support/temp';

const roots: { remove(): void }[] = [];
afterAll(() => roots.forEach((r) => r.remove()));

/** A fresh desk folder per test: the CLI as an administrator runs it, with its own config file. */
function desk(config?: unknown) {
  const dir = tempDir('sportello-msg-');
  roots.push(dir);
  if (config !== undefined) writeFileSync(join(dir.path, 'config.json'), JSON.stringify(config));
  const env = { ...process.env, SPORTELLO_DATA_DIR: dir.path, SPORTELLO_ADMIN_CONFIG: '' };
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  return { dir: dir.path, run };
}

/** Words of zod's and Node's English messages that must never reach an Italian line. */
const ENGLISH = /\b(Unknown|option|expected|Too small|Invalid|received|argument|undefined)\b/;
/** A line that is nothing but codes: "PRINTER_UNREACHABLE (REFUSED)", "NOT_PAYABLE". */
const BARE = /^sportello \w+: [A-Z_]+( \([A-Z_]+\))?$/;

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('CLI messages for IT staff', () => {
  it('an unknown option is said in Italian, in one line, with the usage; in English with --lang en', async () => {
    const { run } = desk();
    for (const flag of ['--bogus', '--altro']) {
      const r = await run('cf', 'X', flag);
      expect(r.code).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toBe(`sportello cf: opzione sconosciuta "${flag}"; uso: sportello cf <codice> [--json]`);
      expect(r.err).not.toMatch(ENGLISH);
    }
    const en = await run('cf', 'X', '--bogus', '--lang', 'en');
    expect(en.err).toBe('sportello cf: unknown option "--bogus"; usage: sportello cf <codice> [--json]');
    expect((await run('--lang=en', 'help')).out).toContain('Usage: sportello <command>');
  });

  it('CONFIG_INVALID names the key, the file and what to write, twice in a row, in Italian', async () => {
    const { dir, run } = desk({ retentionDays: 0, deskName: 5 });
    for (let i = 0; i < 2; i++) {
      const r = await run('printers', 'list');
      expect(r.code).toBe(1);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toContain(join(dir, 'config.json'));
      expect(r.err).toContain('retentionDays: deve essere almeno 1');
      expect(r.err).toContain('deskName: serve un testo');
      expect(r.err).not.toMatch(ENGLISH);
      expect(r.err).not.toContain('SCHEMA');
    }
    const en = await run('printers', 'list', '--lang', 'en');
    expect(en.err).toContain('retentionDays: must be at least 1');
  });

  it('a missing import file names its path', async () => {
    const { dir, run } = desk();
    for (const name of ['nessuno.csv', 'altro.jsonl']) {
      const path = join(dir, name);
      const r = await run('import', path);
      expect(r.code).toBe(1);
      expect(r.err).toContain(`file non leggibile: ${path}`);
      expect(r.err).not.toMatch(BARE);
    }
  });

  it('counts agree with their nouns: "1 riga, 1 errore" and "2 righe, 2 errori"', async () => {
    const { dir, run } = desk();
    const head = 'nav;ec_fiscal_code;ec_name;debtor_fiscal_code;subject;amount';
    const bad = '301000000000000171;82000990158;Comune di Esempio;RSSMRA80A01H501U;TARI;10,00';
    writeFileSync(join(dir, 'one.csv'), `${head}\n${bad}\n`);
    writeFileSync(join(dir, 'two.csv'), `${head}\n${bad}\n${bad.replace('0171', '0272')}\n`);
    const one = await run('import', join(dir, 'one.csv'), '--dry-run');
    expect(one.out).toContain('one.csv: 1 riga, 0 posizioni, 1 errore');
    expect(one.out).toContain('riga 2, colonna nav: codice avviso non valido: cifre di controllo errate');
    expect(one.out).not.toMatch(/CHECK_DIGITS|\bNAV\b/);
    const two = await run('import', join(dir, 'two.csv'), '--dry-run');
    expect(two.out).toContain('two.csv: 2 righe, 0 posizioni, 2 errori');
  });

  it('a refused printer and an unknown printer are said in words, not codes, for two printers in a row', async () => {
    const ports = [await closedPort(), await closedPort()];
    const { run } = desk({
      printers: {
        list: ports.map((p, i) => ({
          id: `cassa${i}`,
          name: `Cassa ${i}`,
          family: 'epson',
          width: 80,
          interface: `tcp://127.0.0.1:${p}`,
        })),
      },
    });
    for (const id of ['cassa0', 'cassa1']) {
      const r = await run('printers', 'test', '--printer', id);
      expect(r.code).toBe(1);
      expect(`${r.out}\n${r.err}`).toContain('connessione rifiutata');
      expect(`${r.out}\n${r.err}`).not.toMatch(/REFUSED|PRINTER_UNREACHABLE/);
    }
    const unknown = await run('printers', 'test', '--printer', 'nessuna');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('sportello printers list');
    expect(unknown.err).not.toMatch(BARE);
  });

  it('printers test on the preview printer says where the PNG went, and the file is a PNG there', async () => {
    const { dir, run } = desk();
    mkdirSync(dir, { recursive: true });
    const seen = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const r = await run('printers', 'test', '--printer', 'preview');
      expect(r.code).toBe(0);
      const path = /salvata in (.+\.png)$/.exec(r.out)?.[1];
      expect(path).toBeDefined();
      expect(path!.startsWith(join(dir, 'print-preview'))).toBe(true);
      expect(existsSync(path!)).toBe(true);
      // pngjs (not the desk's code) decodes the bytes at that path as a PNG image of a receipt's width.
      const png = PNG.sync.read(readFileSync(path!));
      expect(png.width).toBeGreaterThan(300);
      expect(png.height).toBeGreaterThan(100);
      seen.add(path!);
    }
    expect(seen.size).toBe(2);
  });
});
