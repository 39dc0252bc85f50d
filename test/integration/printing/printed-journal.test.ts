import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startStatusPeer, type PeerFamily } from '../../support/escpos/status-peer';
import { startCaptureServer } from '../../support/escpos/capture-server';
import { printingHarness } from '../../support/printing/service';

const key = () => `k-${Math.random().toString(36).slice(2, 12)}`;
let h: ReturnType<typeof printingHarness> | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const printer = (id: string, family: PeerFamily, uri: string, confirm: 'status' | 'peer-close') => ({
  id,
  name: `Banco ${id}`,
  family,
  width: 80 as const,
  interface: uri,
  timeoutMs: 1500,
  confirm,
});

/** The journal as the sqlite3 CLI reads it from the desk's file. */
const journal = (dataDir: string): string =>
  execFileSync(
    'sqlite3',
    [join(dataDir, 'desk.sqlite'), 'SELECT id, state, printed, last_error FROM print_jobs ORDER BY id'],
    {
      encoding: 'utf8',
    },
  ).trim();

describe('the journal says "printed" only on the printer\'s word (issue 20)', () => {
  for (const family of ['epson', 'star'] as const) {
    it(`${family}: printed when it answers so; paper end then cover open fail with their reason; retry prints`, async () => {
      const peer = await startStatusPeer(family, 'ok');
      try {
        h = printingHarness({ default: 'a', list: [printer('a', family, peer.uri, 'status')] });
        const ok = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
        expect(ok).toMatchObject({ state: 'sent', printed: true });
        peer.condition = 'paper-end';
        const noPaper = await h.service.print({ optionIds: ['opt-r1'], reprint: false, idempotency: key() });
        expect(noPaper).toMatchObject({ state: 'failed', printed: false, lastError: 'PAPER_END' });
        peer.condition = 'cover-open';
        const again = await h.service.retry(noPaper.id);
        expect(again).toMatchObject({ state: 'failed', lastError: 'COVER_OPEN', attempts: 2 });
        peer.condition = 'ok';
        const fixed = await h.service.retry(noPaper.id);
        expect(fixed).toMatchObject({ state: 'sent', printed: true, attempts: 3 });
        expect(journal(h.dataDir)).toBe(`${ok.id}|sent|1|\n${noPaper.id}|sent|1|`);
        const audit = h.db
          .prepare(
            "SELECT json_extract(details, '$.printed') AS printed FROM audit_log WHERE action = 'print.sent'",
          )
          .all();
        expect(audit).toEqual([{ printed: 1 }, { printed: 1 }]);
      } finally {
        await peer.close();
      }
    });
  }

  it('an HTTP server on the printer port is failed NOT_A_PRINTER; a silent peer NO_STATUS, twice', async () => {
    const peer = await startStatusPeer('epson', 'http');
    try {
      h = printingHarness({ default: 'a', list: [printer('a', 'epson', peer.uri, 'status')] });
      const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
      expect(job).toMatchObject({
        state: 'failed',
        lastError: 'NOT_A_PRINTER',
        lastErrorCode: 'PRINT_FAILED',
      });
      peer.condition = 'silent';
      for (const attempts of [2, 3])
        expect(await h.service.retry(job.id)).toMatchObject({
          state: 'failed',
          lastError: 'NO_STATUS',
          attempts,
        });
      expect(journal(h.dataDir)).toBe(`${job.id}|failed|0|NO_STATUS`);
    } finally {
      await peer.close();
    }
  });

  it('a transport that cannot answer (peer-close) stays "sent", never "printed"', async () => {
    const server = await startCaptureServer();
    try {
      h = printingHarness({ default: 'a', list: [printer('a', 'epson', server.uri, 'peer-close')] });
      const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
      expect(job).toMatchObject({ state: 'sent', printed: false });
      expect(journal(h.dataDir)).toBe(`${job.id}|sent|0|`);
    } finally {
      await server.close();
    }
  });
});
