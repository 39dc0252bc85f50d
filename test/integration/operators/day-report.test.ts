import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PaymentOption, Position } from '../../../core/contract/domains/positions';
import { computeCheckCharacter } from '../../../core/fiscal-code';
import { runCli } from '../../../electron/cli/run';
import { DEMO_CITIZENS } from '../../../electron/services/demo/dataset';
import { createDesk, type Desk } from '../../../electron/services/desk';
import { refusedPort } from '../../support/escpos/capture-server';
import { testPlatform } from '../../support/desk';
import { tempDir } from '../../support/temp';
import { waitFor } from '../../support/wait';

const dir = tempDir('sportello-day-');
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

/** Seventeen more citizens with valid codes (no positions): a queue, not only the demo's three. */
function queue(): string[] {
  return [...'BCDFGHJKLMNPQRSTV'].map((c) => {
    const first15 = `${c}TSCTZ80A01H501`;
    return first15 + computeCheckCharacter(first15);
  });
}

async function printed(desk: Desk, optionIds: string[], printerId: string, reprint = false) {
  const r = await desk.api.notices.print({ optionIds, printerId, reprint, idempotency: randomUUID() });
  if (!r.ok) throw new Error(`print refused: ${r.error.code}`);
  // The attempt runs on its own: wait for its outcome in the journal the report reads.
  let job = r.value;
  const off = desk.events.on('print.job', (j) => {
    if (j.id === job.id) job = j;
  });
  try {
    return await waitFor(() => job.state !== 'queued' && job, 30_000, `print job ${job.id}`);
  } finally {
    off();
  }
}

describe('report day against a scripted day', () => {
  it('20 citizens, a lookup by notice number, the notices printed with amounts by creditor, 3 reprints, 2 failures, a PDF', async () => {
    const refused = await refusedPort();
    const platform = testPlatform(dir.path, {
      deskId: 'sportello-01',
      printers: {
        list: [
          {
            id: 'guasta',
            name: 'Banco 2',
            family: 'epson',
            width: 80,
            interface: `tcp://127.0.0.1:${refused}`,
            timeoutMs: 1500,
          },
        ],
      },
    });
    const desk = createDesk({ platform });
    desk.services.positions.upkeep();
    const api = desk.api;

    const expected = {
      notices: 0,
      amount: 0,
      byCreditor: new Map<string, { notices: number; amount: number }>(),
    };
    const firstPrints: string[][] = [];
    const citizens = [
      DEMO_CITIZENS.mario.fiscalCode,
      DEMO_CITIZENS.laura.fiscalCode,
      DEMO_CITIZENS.giuseppe.fiscalCode,
      ...queue(),
    ];
    expect(citizens).toHaveLength(20);
    let failed = 0;
    for (const cf of citizens) {
      expect((await api.identity.fromFiscalCode({ code: cf })).ok).toBe(true);
      const list = await api.positions.list({ fiscalCode: cf });
      if (!list.ok) throw new Error('positions');
      const payable: [Position, PaymentOption][] = list.value.positions.flatMap((p) =>
        p.options.filter((o) => o.payable).map((o) => [p, o] as [Position, PaymentOption]),
      );
      // Two prints fail on the refused printer before the day's first prints go to the preview printer.
      for (const [, o] of payable.slice(0, 2 - failed)) {
        const job = await printed(desk, [o.id], 'guasta');
        expect(job.state).toBe('failed');
        failed++;
      }
      for (const [p, o] of payable) {
        const job = await printed(desk, [o.id], 'preview');
        expect(job.state).toBe('sent');
        firstPrints.push([o.id]);
        expected.notices++;
        expected.amount += o.amount;
        const c = expected.byCreditor.get(p.creditor.fiscalCode) ?? { notices: 0, amount: 0 };
        c.notices++;
        c.amount += o.amount;
        expected.byCreditor.set(p.creditor.fiscalCode, c);
      }
      if (cf === DEMO_CITIZENS.mario.fiscalCode && payable[0])
        expect((await api.notices.pdf({ optionIds: [payable[0][1].id] })).ok).toBe(true);
      await api.identity.clear();
    }
    expect(failed).toBe(2);
    expect(firstPrints.length).toBeGreaterThanOrEqual(3);
    for (const ids of firstPrints.slice(0, 3))
      expect((await printed(desk, ids, 'preview', true)).state).toBe('sent');

    // One more citizen, by notice number only.
    const mario = await api.positions.list({ fiscalCode: DEMO_CITIZENS.mario.fiscalCode });
    if (!mario.ok) throw new Error('positions');
    await api.identity.clear();
    expect((await api.positions.byNotice({ nav: mario.value.positions[0]!.options[0]!.nav })).ok).toBe(true);
    await api.identity.clear();
    await desk.close();

    const r = await cli('report', 'day', '--date', localToday(), '--json');
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as {
      citizensServed: number;
      identifications: { card: number; typed: number; noticeNumber: number };
      notices: {
        printed: number;
        amountCents: number;
        byCreditor: { fiscalCode: string; notices: number; amountCents: number }[];
        unresolved: number;
      };
      reprints: number;
      pdfExports: number;
      failedPrints: { attempts: number; byReason: Record<string, number> };
      deskId: string;
    };
    expect(report.citizensServed).toBe(21);
    expect(report.identifications).toEqual({ card: 0, typed: 20, noticeNumber: 1 });
    expect(report.notices.printed).toBe(expected.notices);
    expect(report.notices.amountCents).toBe(expected.amount);
    expect(Number.isInteger(report.notices.amountCents)).toBe(true);
    expect(report.notices.unresolved).toBe(0);
    expect(
      Object.fromEntries(
        report.notices.byCreditor.map((c) => [c.fiscalCode, { notices: c.notices, amount: c.amountCents }]),
      ),
    ).toEqual(Object.fromEntries(expected.byCreditor));
    expect(report.reprints).toBe(3);
    expect(report.pdfExports).toBe(1);
    expect(report.failedPrints.attempts).toBe(2);
    expect(Object.values(report.failedPrints.byReason).reduce((a, b) => a + b, 0)).toBe(2);
    expect(report.deskId).toBe('sportello-01');

    // Another day, another clerk: nothing.
    const other = JSON.parse((await cli('report', 'day', '--date', '2001-02-03', '--json')).out) as {
      citizensServed: number;
    };
    expect(other.citizensServed).toBe(0);
    const nobody = JSON.parse(
      (await cli('report', 'day', '--operator', DEMO_CITIZENS.laura.fiscalCode, '--json')).out,
    ) as { citizensServed: number; notices: { printed: number } };
    expect(nobody).toMatchObject({ citizensServed: 0, notices: { printed: 0 } });
    expect((await cli('report', 'day', '--date', '2026-02-30', '--json')).code).toBe(2);

    // The PDF, read back by pdftotext.
    const pdf = join(dir.path, 'chiusura.pdf');
    expect((await cli('report', 'day', '--pdf', pdf)).code).toBe(0);
    expect(existsSync(pdf)).toBe(true);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Cittadini serviti: 21');
    expect(text).toContain('Ristampe: 3');
    expect(text).toContain('Stampe non riuscite: 2');
  });
});
