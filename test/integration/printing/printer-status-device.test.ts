import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { EPSON_QUERY, STAR_QUERY } from '../../../native/printer/status/answers';
import { startPtyPrinter, type PtyPrinter } from '../../support/escpos/pty-printer';
import { startStatusPeer, type PeerCondition, type StatusPeer } from '../../support/escpos/status-peer';
import { tempDir } from '../../support/temp';

/**
 * `sportello printers status` and `sportello doctor` ask a serial printer its condition, as an administrator
 * runs them: two printers on real pseudo-terminals (an Epson and a Star, played by status-peer.ts on the
 * other side), configured in the desk's configuration file with `confirm: "status"`, and a third on the
 * same kind of line without it, whose status is not asked and which says why.
 */
const data = tempDir('sportello-printer-status-');
const env = { ...process.env, SPORTELLO_DATA_DIR: data.path, SPORTELLO_ADMIN_CONFIG: '' };
let epson: PtyPrinter;
let star: PtyPrinter;
let plain: PtyPrinter;
let network: StatusPeer;

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  [epson, star, plain] = await Promise.all([
    startPtyPrinter('epson'),
    startPtyPrinter('star'),
    startPtyPrinter('epson'),
  ]);
  network = await startStatusPeer('custom');
  const printer = (id: string, family: string, path: string, confirm: string) => ({
    id,
    name: `Banco ${id}`,
    family,
    width: 80,
    interface: path,
    timeoutMs: 800,
    confirm,
  });
  writeFileSync(
    join(data.path, 'config.json'),
    JSON.stringify({
      printers: {
        default: 'banco-epson',
        list: [
          printer('banco-epson', 'epson', epson.path, 'status'),
          printer('banco-star', 'star', star.path, 'status'),
          printer('banco-plain', 'epson', plain.path, 'peer-close'),
          printer('banco-rete', 'custom', network.uri, 'status'),
        ],
      },
    }),
  );
});

afterAll(async () => {
  await Promise.all([epson?.close(), star?.close(), plain?.close(), network?.close()]);
  data.remove();
});

const CASES: readonly {
  condition: PeerCondition;
  code: number;
  state: string;
  reason: string;
  it: RegExp;
  en: RegExp;
}[] = [
  {
    condition: 'ok',
    code: 0,
    state: 'ready',
    reason: 'READY',
    it: /pronta: la stampante risponde/,
    en: /ready: the printer answers/,
  },
  {
    condition: 'paper-end',
    code: 1,
    state: 'offline',
    reason: 'PAPER_END',
    it: /carta esaurita/,
    en: /paper end/,
  },
  {
    condition: 'cover-open',
    code: 1,
    state: 'offline',
    reason: 'COVER_OPEN',
    it: /coperchio aperto/,
    en: /cover open/,
  },
  {
    condition: 'silent',
    code: 1,
    state: 'unreachable',
    reason: 'NO_STATUS',
    it: /nessuna risposta alla richiesta di stato/,
    en: /no answer to the status request/,
  },
  {
    condition: 'http',
    code: 1,
    state: 'unreachable',
    reason: 'NOT_A_PRINTER',
    it: /non è una stampante ESC\/POS/,
    en: /not an ESC\/POS printer/,
  },
];

describe('sportello printers status asks a serial printer (issue 20)', () => {
  for (const c of CASES)
    it(`${c.condition}: Epson then Star, in Italian and in English`, async () => {
      for (const [id, p, query] of [
        ['banco-epson', epson, EPSON_QUERY],
        ['banco-star', star, STAR_QUERY],
      ] as const) {
        p.condition = c.condition;
        const before = p.received().length;
        const it = await run('printers', 'status', '--printer', id);
        expect(it.out, id).toMatch(new RegExp(`^${id}: `));
        expect(it.out, id).toMatch(c.it);
        expect(it.code, id).toBe(c.code);
        const en = await run('printers', 'status', '--printer', id, '--lang', 'en');
        expect(en.out, id).toMatch(c.en);
        const json = JSON.parse((await run('printers', 'status', '--printer', id, '--json')).out);
        expect(json, id).toMatchObject({ printerId: id, state: c.state, reason: c.reason, asked: true });
        // The printer really was asked, with its own family's request, once per run.
        const asked = p.received().subarray(before);
        expect(asked.includes(Buffer.from(query)), id).toBe(true);
        expect(asked.includes(Buffer.from(id === 'banco-star' ? EPSON_QUERY : STAR_QUERY)), id).toBe(false);
      }
    });

  it('bytes left on the line before the request (a late answer, junk) are not taken for the answer, twice', async () => {
    for (const [id, p] of [
      ['banco-epson', epson],
      ['banco-star', star],
    ] as const) {
      p.condition = 'ok';
      // A status byte that came after an earlier deadline, and line noise: both wait in the input queue.
      await p.say(Buffer.from([0x12, 0x12, 0x48, 0x54, 0x54, 0x50, 0x0a]));
      const r = await run('printers', 'status', '--printer', id, '--json');
      expect(JSON.parse(r.out), id).toMatchObject({ state: 'ready', reason: 'READY', asked: true });
    }
  });

  it('a printer whose jobs are not confirmed is not asked, and the sentence says why', async () => {
    plain.condition = 'paper-end';
    const before = plain.received().length;
    const it = await run('printers', 'status', '--printer', 'banco-plain');
    expect(it.code).toBe(0);
    expect(it.out).toContain('dispositivo presente e scrivibile');
    expect(it.out).toContain('stato non chiesto alla stampante: la configurazione non ha confirm "status"');
    const en = await run('printers', 'status', '--printer', 'banco-plain', '--lang', 'en');
    expect(en.out).toContain('status not asked of the printer');
    // Nothing was written to it: only the path was checked.
    expect(plain.received().length).toBe(before);
  });
});

describe('sportello doctor asks serial printers (issue 20)', () => {
  type Check = { id: string; status: string; detail: string; data?: Record<string, unknown> };
  const doctor = async () => {
    const r = await run('doctor', '--json');
    const checks = (JSON.parse(r.out) as { checks: Check[] }).checks;
    return Object.fromEntries(checks.map((c) => [c.id, c]));
  };

  it('two runs, each printer in another condition: the doctor reports what each printer answered', async () => {
    for (const [e, s, plainCondition] of [
      ['paper-end', 'ok', 'silent'],
      ['ok', 'cover-open', 'ok'],
    ] as const) {
      epson.condition = e;
      star.condition = s;
      plain.condition = plainCondition;
      const byId = await doctor();
      const want = (c: PeerCondition) => CASES.find((x) => x.condition === c)!;
      for (const [id, c] of [
        ['banco-epson', e],
        ['banco-star', s],
      ] as const) {
        const check = byId[`printer:${id}`]!;
        expect(check.data, id).toMatchObject({ state: want(c).state, reason: want(c).reason, asked: true });
        expect(check.status, id).toBe(c === 'ok' ? 'ok' : 'warn');
        expect(check.detail, id).toMatch(want(c).it);
      }
      const p = byId['printer:banco-plain']!;
      expect(p.data).toMatchObject({ state: 'ready', reason: 'WRITABLE', asked: false });
      expect(p.detail).toContain('stato non chiesto');
    }
  });

  it('a silent printer and one answering like a web server fail the doctor', async () => {
    epson.condition = 'silent';
    star.condition = 'http';
    const byId = await doctor();
    expect(byId['printer:banco-epson']).toMatchObject({ status: 'fail', data: { reason: 'NO_STATUS' } });
    expect(byId['printer:banco-star']).toMatchObject({ status: 'fail', data: { reason: 'NOT_A_PRINTER' } });
  });
});

describe('sportello printers status asks a network printer the same way (issue 20)', () => {
  it('a Custom on TCP: paper end twice, then ready once refilled', async () => {
    for (const [condition, reason, code] of [
      ['paper-end', 'PAPER_END', 1],
      ['paper-end', 'PAPER_END', 1],
      ['ok', 'READY', 0],
    ] as const) {
      network.condition = condition;
      const r = await run('printers', 'status', '--printer', 'banco-rete', '--json');
      expect(r.code).toBe(code);
      expect(JSON.parse(r.out)).toMatchObject({
        state: code === 0 ? 'ready' : 'offline',
        reason,
        asked: true,
      });
    }
  });
});
