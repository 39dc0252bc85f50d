import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTransport } from '../../../native/printer/transport';
import { startPtyPrinter, type PtyPrinter } from '../../support/escpos/pty-printer';
import type { PeerCondition, PeerFamily } from '../../support/escpos/status-peer';
import { printingHarness } from '../../support/printing/service';

/**
 * "Printed" confirmed on a serial printer: the desk prints to a real pseudo-terminal (`/dev/pts/N`, what a
 * serial port or a serial bridge is to it), and a played Epson, Custom or Star printer answers on the other
 * side (test/support/escpos/pty-printer.ts).
 */

/** Text, line feeds and a raster holding 0x0A and a real-time status sequence, as images can. */
const JOB = Buffer.concat([
  Buffer.from([0x1b, 0x40]),
  Buffer.from('AVVISO DI PAGAMENTO\nCodice avviso 3012 0000 0000 1234 56\n', 'latin1'),
  Buffer.from([0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x04, 0x00, 0x0a, 0x0d, 0x10, 0x04, 0x01, 0x0a]),
  Buffer.alloc(1024, 0x0a),
  Buffer.from([0x1d, 0x56, 0x42, 0x00]),
]);

async function send(p: PtyPrinter, family: PeerFamily, confirm: 'status' | 'flushed' = 'status') {
  const t = openTransport(p.path, { timeoutMs: 1500, confirm, family });
  return t.send(JOB).then(
    (r) => ({ printed: r.printed ?? null, reason: null as string | null, bytes: r.bytes }),
    (err: { details?: { reason?: string } }) => ({
      printed: null,
      reason: err.details?.reason ?? String(err),
      bytes: 0,
    }),
  );
}

async function withPrinter<T>(
  family: PeerFamily,
  condition: PeerCondition,
  run: (p: PtyPrinter) => Promise<T>,
): Promise<T> {
  const p = await startPtyPrinter(family, condition);
  try {
    return await run(p);
  } finally {
    await p.close();
  }
}

/** How many times the job reached the printer byte for byte (no 0x0A turned into 0x0D 0x0A on the way). */
function copies(received: Buffer): number {
  let n = 0;
  for (let at = received.indexOf(JOB); at >= 0; at = received.indexOf(JOB, at + 1)) n++;
  return n;
}

describe('"printed" confirmed on a serial device (issue 20)', () => {
  for (const family of ['epson', 'custom', 'star'] as const) {
    describe(family, () => {
      it('a printer that finishes the job: printed, the job arrived byte for byte', async () => {
        await withPrinter(family, 'ok', async (p) => {
          expect(await send(p, family)).toMatchObject({ printed: true, reason: null, bytes: JOB.length });
          expect(copies(p.received())).toBe(1);
        });
      });

      it('two jobs in a row on the same line: printed both times', async () => {
        await withPrinter(family, 'ok', async (p) => {
          expect((await send(p, family)).printed).toBe(true);
          expect((await send(p, family)).printed).toBe(true);
          expect(copies(p.received())).toBe(2);
        });
      });

      it('no paper: failed PAPER_END before anything is sent, twice in a row', async () => {
        await withPrinter(family, 'paper-end', async (p) => {
          expect((await send(p, family)).reason).toBe('PAPER_END');
          expect((await send(p, family)).reason).toBe('PAPER_END');
          expect(copies(p.received())).toBe(0);
        });
      });

      it('cover open, then closed: COVER_OPEN with nothing sent, then printed', async () => {
        await withPrinter(family, 'cover-open', async (p) => {
          expect((await send(p, family)).reason).toBe('COVER_OPEN');
          expect(copies(p.received())).toBe(0);
          p.condition = 'ok';
          expect((await send(p, family)).printed).toBe(true);
          expect(copies(p.received())).toBe(1);
        });
      });

      it('paper running out during the job: failed PAPER_END', async () => {
        await withPrinter(family, 'paper-out-mid-job', async (p) => {
          expect((await send(p, family)).reason).toBe('PAPER_END');
          expect(copies(p.received())).toBe(1);
        });
      });

      it('a line where nothing answers: failed NO_STATUS, nothing sent, twice in a row', async () => {
        await withPrinter(family, 'silent', async (p) => {
          expect((await send(p, family)).reason).toBe('NO_STATUS');
          expect((await send(p, family)).reason).toBe('NO_STATUS');
          expect(copies(p.received())).toBe(0);
        });
      });
    });
  }

  it('two printers at once, Epson and Star, each confirms its own job', async () => {
    await withPrinter('epson', 'ok', (a) =>
      withPrinter('star', 'paper-end', async (b) => {
        const [ra, rb] = await Promise.all([send(a, 'epson'), send(b, 'star')]);
        expect(ra.printed).toBe(true);
        expect(rb.reason).toBe('PAPER_END');
        expect(copies(a.received())).toBe(1);
        expect(copies(b.received())).toBe(0);
      }),
    );
  });

  it('a device that answers something no printer sends: failed NOT_A_PRINTER', async () => {
    await withPrinter('epson', 'http', async (p) => {
      expect((await send(p, 'epson')).reason).toBe('NOT_A_PRINTER');
    });
  });

  it('without status confirmation the serial line is set raw too: sent, never printed, bytes intact', async () => {
    // Regression: in the terminal's cooked mode every 0x0A of the job reached the printer as 0x0D 0x0A.
    await withPrinter('epson', 'silent', async (p) => {
      const r = await send(p, 'epson', 'flushed');
      expect(r).toMatchObject({ printed: null, reason: null, bytes: JOB.length });
      // The bytes were handed to the line; the relay delivers them in order.
      await expect.poll(() => p.received().length, { timeout: 5000 }).toBeGreaterThanOrEqual(JOB.length);
      expect(copies(p.received())).toBe(1);
    });
  });
});

describe('the desk journals a serial printer\'s jobs "printed" on its word (issue 20)', () => {
  const key = () => `k-${Math.random().toString(36).slice(2, 12)}`;
  const journal = (dataDir: string): string =>
    execFileSync(
      'sqlite3',
      [join(dataDir, 'desk.sqlite'), 'SELECT id, state, printed, last_error FROM print_jobs ORDER BY id'],
      { encoding: 'utf8' },
    ).trim();

  for (const family of ['epson', 'star'] as const)
    it(`${family} on a serial line: printed; paper end twice; printed again once refilled`, async () => {
      await withPrinter(family, 'ok', async (p) => {
        const h = printingHarness({
          default: 's',
          list: [
            {
              id: 's',
              name: 'Seriale',
              family,
              width: 80,
              interface: p.path,
              timeoutMs: 1500,
              confirm: 'status',
            },
          ],
        });
        try {
          const ok = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
          expect(ok).toMatchObject({ state: 'sent', printed: true });
          p.condition = 'paper-end';
          const out = await h.service.print({ optionIds: ['opt-r1'], reprint: false, idempotency: key() });
          expect(out).toMatchObject({ state: 'failed', printed: false, lastError: 'PAPER_END' });
          expect(await h.service.retry(out.id)).toMatchObject({ state: 'failed', lastError: 'PAPER_END' });
          p.condition = 'ok';
          expect(await h.service.retry(out.id)).toMatchObject({ state: 'sent', printed: true, attempts: 3 });
          expect(journal(h.dataDir)).toBe(`${ok.id}|sent|1|\n${out.id}|sent|1|`);
        } finally {
          h.close();
        }
      });
    });
});
