import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { printerConfigSchema } from '../../../core/printers/printer-config';
import { runCli } from '../../../electron/cli/run';
import { startPtyPrinter, type PtyPrinter } from '../../support/escpos/pty-printer';
import { tempDir } from '../../support/temp';

/**
 * `baud`: a serial printer's line speed, set with the raw mode before each job. Checked as an administrator
 * would: the configuration file, `sportello printers test`, `sportello doctor`, and the kernel's own word on
 * the line (`stty -F /dev/pts/N speed`, a pseudo-terminal keeps the speed it is given).
 */
const data = tempDir('sportello-baud-');
const env = { ...process.env, SPORTELLO_DATA_DIR: data.path, SPORTELLO_ADMIN_CONFIG: '' };
const configFile = join(data.path, 'config.json');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const speedOf = (path: string) => execFileSync('stty', ['-F', path, 'speed'], { encoding: 'utf8' }).trim();

const printer = (id: string, iface: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Banco ${id}`,
  family: 'epson',
  width: 80,
  interface: iface,
  timeoutMs: 2000,
  ...extra,
});

const writeConfig = (list: unknown[]) =>
  writeFileSync(configFile, JSON.stringify({ printers: { default: null, list } }));

describe('a serial printer at its configured speed (issue 20)', () => {
  let a: PtyPrinter;
  let b: PtyPrinter;
  beforeAll(async () => {
    [a, b] = await Promise.all([startPtyPrinter('epson'), startPtyPrinter('star')]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('two printers, two speeds: after the test page each line reads back its configured speed', async () => {
    // A pseudo-terminal starts at 38400: both speeds differ from it, and from each other.
    expect(speedOf(a.path)).toBe('38400');
    writeConfig([
      printer('seriale-a', a.path, { baud: 2400, confirm: 'status' }),
      printer('seriale-b', b.path, { family: 'star', baud: 115200 }),
    ]);
    for (const [id, p, baud] of [
      ['seriale-a', a, '2400'],
      ['seriale-b', b, '115200'],
    ] as const) {
      const before = p.received().length;
      const r = await run('printers', 'test', '--printer', id);
      expect(r.code, r.out + r.err).toBe(0);
      // The page crossed the line (relayed to the played printer as it arrives).
      await vi.waitFor(() => expect(p.received().length).toBeGreaterThan(before + 200), { timeout: 5000 });
      expect(speedOf(p.path), id).toBe(baud);
    }
    const doctor = JSON.parse((await run('doctor', '--json')).out) as {
      checks: { id: string; detail: string; data?: { baud?: number | null } }[];
    };
    const byId = Object.fromEntries(doctor.checks.map((c) => [c.id, c]));
    expect(byId['printer:seriale-a']!.detail).toContain(`${a.path} a 2400 baud`);
    expect(byId['printer:seriale-a']!.data?.baud).toBe(2400);
    expect(byId['printer:seriale-b']!.detail).toContain(`${b.path} a 115200 baud`);
  });

  it('without baud the line keeps its speed, and the doctor says so', async () => {
    execFileSync('stty', ['-F', a.path, '4800']);
    writeConfig([printer('seriale-a', a.path)]);
    expect((await run('printers', 'test', '--printer', 'seriale-a')).code).toBe(0);
    expect(speedOf(a.path)).toBe('4800');
    const doctor = JSON.parse((await run('doctor', '--json')).out) as {
      checks: { id: string; detail: string }[];
    };
    expect(doctor.checks.find((c) => c.id === 'printer:seriale-a')!.detail).toContain(
      'velocità della porta invariata: baud non indicato',
    );
  });
});

describe('a bad baud is refused when the configuration is loaded (issue 20)', () => {
  afterEach(() => writeConfig([]));
  afterAll(() => data.remove());

  for (const [what, entry, sentence] of [
    [
      'a speed no printer offers',
      printer('s', '/dev/ttyUSB0', { baud: 9601 }),
      'velocità della linea seriale non standard',
    ],
    ['a speed given as text', printer('s', '/dev/ttyUSB0', { baud: '9600' }), 'baud'],
    [
      'a network printer',
      printer('t', 'tcp://10.0.0.5:9100', { baud: 9600 }),
      'vale solo per una stampante seriale',
    ],
    ['a spooler queue', printer('q', 'printer:EPSON', { baud: 9600 }), 'vale solo per una stampante seriale'],
    [
      'a USB printer-class device',
      printer('u', '/dev/usb/lp0', { baud: 9600 }),
      'vale solo per una stampante seriale',
    ],
  ] as const)
    it(`${what}: the CLI and the doctor refuse the file, in Italian`, async () => {
      writeConfig([entry]);
      const r = await run('printers', 'list');
      expect(r.code).not.toBe(0);
      expect(r.err).toContain(sentence);
      const doctor = JSON.parse((await run('doctor', '--json')).out) as {
        checks: { id: string; status: string; detail: string }[];
      };
      const error = doctor.checks.find((c) => c.id === 'config-error');
      expect(error?.status).toBe('fail');
      expect(error?.detail).toContain('baud');
    });
});

describe("the docs' serial printer example (issue 20)", () => {
  it('passes the configuration as written', () => {
    const md = readFileSync(join(import.meta.dirname, '../../../docs/printing.md'), 'utf8');
    const block = /```json\n(\{\n {2}"id": "cassa-seriale"[\s\S]*?)```/.exec(md);
    expect(block).not.toBeNull();
    const parsed = printerConfigSchema.parse(JSON.parse(block![1]!));
    expect(parsed).toMatchObject({ interface: '/dev/ttyUSB0', baud: 9600, confirm: 'status' });
  });
});
