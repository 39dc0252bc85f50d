import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatEuroSymbol, type Cents } from '../../../core/money';
import { runCli } from '../../../electron/cli/run';
import { DEMO_CITIZENS } from '../../../electron/services/demo/dataset';
import { createDesk, DB_FILE } from '../../../electron/services/desk';
import { columns } from '../../../native/printer';
import { refusedPort, startCaptureServer } from '../../support/escpos/capture-server';
import { decodeEscPos } from '../../support/escpos/decoder';
import { testPlatform } from '../../support/desk';
import { tempDir } from '../../support/temp';

/**
 * `sportello report day --printer ID`: the day's closing slip on the thermal printers of the desk, for each
 * printer's own width; the bytes a real TCP socket received are decoded back and compared with the day's JSON.
 */
const dir = tempDir('sportello-slip-');
afterAll(() => dir.remove());

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...process.env, SPORTELLO_DATA_DIR: dir.path, SPORTELLO_ADMIN_CONFIG: '' };
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

describe('the thermal "chiusura di sportello" slip', () => {
  it('prints the day on a 58 mm Epson and an 80 mm Star, figures as the JSON report, every line within the paper', async () => {
    const capture = await startCaptureServer();
    const refused = await refusedPort();
    const platform = testPlatform(dir.path, {
      deskId: 'sportello-05',
      printers: {
        list: [
          { id: 'banco', name: 'Banco 58', family: 'epson', width: 58, interface: capture.uri },
          { id: 'grande', name: 'Banco 80', family: 'star', width: 80, interface: capture.uri },
          {
            id: 'spenta',
            name: 'Spenta',
            family: 'epson',
            width: 80,
            interface: `tcp://127.0.0.1:${refused}`,
            timeoutMs: 1500,
          },
        ],
      },
    });
    // A short day: two citizens, their payable notices on the preview printer, one reprint.
    const desk = createDesk({ platform });
    desk.services.positions.upkeep();
    let first: string | null = null;
    for (const cf of [DEMO_CITIZENS.mario.fiscalCode, DEMO_CITIZENS.laura.fiscalCode]) {
      expect((await desk.api.identity.fromFiscalCode({ code: cf })).ok).toBe(true);
      const list = await desk.api.positions.list({ fiscalCode: cf });
      if (!list.ok) throw new Error('positions');
      for (const o of list.value.positions.flatMap((p) => p.options).filter((x) => x.payable)) {
        const r = await desk.api.notices.print({
          optionIds: [o.id],
          printerId: 'preview',
          reprint: false,
          idempotency: randomUUID(),
        });
        expect(r).toMatchObject({ ok: true, value: { state: 'sent' } });
        first ??= o.id;
      }
      await desk.api.identity.clear();
    }
    const again = await desk.api.notices.print({
      optionIds: [first!],
      printerId: 'preview',
      reprint: true,
      idempotency: randomUUID(),
    });
    expect(again).toMatchObject({ ok: true, value: { state: 'sent' } });
    await desk.close();

    const json = await cli('report', 'day', '--date', localToday(), '--json');
    expect(json.code, json.err).toBe(0);
    const day = JSON.parse(json.out) as {
      citizensServed: number;
      reprints: number;
      notices: {
        printed: number;
        amountCents: number;
        byCreditor: { fiscalCode: string; notices: number }[];
      };
    };
    expect(day.citizensServed).toBe(2);
    expect(day.reprints).toBe(1);

    for (const [i, [id, family, width]] of (
      [
        ['banco', 'epson', 58],
        ['grande', 'star', 80],
      ] as const
    ).entries()) {
      const r = await cli('report', 'day', '--date', localToday(), '--printer', id);
      expect(r.code, r.err).toBe(0);
      const job = (await capture.waitForJobs(i + 1))[i]!;
      const decoded = decodeEscPos(job, family);
      const lines = decoded.lines.map((l) => l.text);
      const cols = columns({ width, dots: null });
      expect(lines.find((l) => l.includes('CHIUSURA DI SPORTELLO'))).toBeDefined();
      // Every line within the paper's columns (the title is double height, not double width).
      for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(cols);
      const figure = (label: string) =>
        lines
          .find((l) => l.startsWith(label))
          ?.slice(label.length)
          .trim();
      expect(figure('Cittadini serviti')).toBe(String(day.citizensServed));
      expect(figure('Avvisi stampati')).toBe(String(day.notices.printed));
      expect(figure('Importo avvisi')).toBe(formatEuroSymbol(day.notices.amountCents as Cents));
      expect(figure('Ristampe')).toBe(String(day.reprints));
      for (const c of day.notices.byCreditor) expect(decoded.text).toContain(c.fiscalCode);
      expect(decoded.text).toContain('sportello-05');
      expect(decoded.cuts).toBe(1);
    }

    // An unknown printer, then a printer that refuses: typed, nothing sent, the refused attempt audited first.
    const unknown = await cli('report', 'day', '--printer', 'nessuna');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('stampante non configurata');
    for (let k = 0; k < 2; k++) {
      const off = await cli('report', 'day', '--printer', 'spenta');
      expect(off.code).toBe(1);
      expect(off.err).toMatch(/PRINTER_UNREACHABLE|REFUSED|raggiungibile/i);
    }
    expect(capture.jobs).toHaveLength(2);
    const audit = execFileSync(
      'sqlite3',
      [
        '-readonly',
        join(dir.path, DB_FILE),
        "SELECT json_extract(details, '$.printerId') FROM audit_log WHERE action = 'report.day-slip' ORDER BY id",
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n');
    expect(audit).toEqual(['banco', 'grande', 'spenta', 'spenta']);
    await capture.close();
  });
});
