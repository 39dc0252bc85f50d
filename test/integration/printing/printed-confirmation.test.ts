import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sendConfirmed } from '../../../native/printer/status/confirm';
import { startStatusPeer, type PeerCondition, type PeerFamily } from '../../support/escpos/status-peer';
import { startCaptureServer } from '../../support/escpos/capture-server';

/** A job with text and a raster that happens to hold a real-time status sequence, as images can. */
const JOB = Buffer.concat([
  Buffer.from([0x1b, 0x40]),
  Buffer.from('AVVISO DI PAGAMENTO\n', 'latin1'),
  Buffer.from([
    0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x04, 0x00, 0x10, 0x04, 0x01, 0xff, 0x00, 0x10, 0x04, 0x04,
  ]),
  Buffer.alloc(2048, 0xaa),
  Buffer.from([0x1d, 0x56, 0x42, 0x00]),
]);

async function outcome(family: PeerFamily, condition: PeerCondition) {
  const peer = await startStatusPeer(family, condition);
  try {
    const r = await sendConfirmed('127.0.0.1', peer.port, JOB, family, 1500).then(
      (x) => ({ printed: x.printed, reason: null }),
      (err: { details?: { reason?: string } }) => ({
        printed: null,
        reason: err.details?.reason ?? String(err),
      }),
    );
    // The desk closes the connection when it is done: what the printer received is then complete.
    await peer.waitForConnections(1);
    return { ...r, peer };
  } finally {
    await peer.close();
  }
}

const jobArrived = (p: { connections: Buffer[] }) =>
  p.connections.some((c) => c.includes(JOB.subarray(0, 22)));

describe('"printed" only when the printer says so (issue 20)', () => {
  for (const family of ['epson', 'custom', 'star'] as const) {
    describe(family, () => {
      it('a printer that finishes the job with paper and no error: printed', async () => {
        const r = await outcome(family, 'ok');
        expect(r).toMatchObject({ printed: true, reason: null });
        expect(jobArrived(r.peer)).toBe(true);
      });

      it('no paper before the job: failed PAPER_END, nothing sent; twice in a row the same', async () => {
        for (let k = 0; k < 2; k++) {
          const r = await outcome(family, 'paper-end');
          expect(r.reason).toBe('PAPER_END');
          expect(jobArrived(r.peer)).toBe(false);
        }
      });

      it('paper running out during the job: failed PAPER_END, never printed', async () => {
        const r = await outcome(family, 'paper-out-mid-job');
        expect(r.reason).toBe('PAPER_END');
        expect(jobArrived(r.peer)).toBe(true);
      });

      it('cover open: failed COVER_OPEN before anything is sent', async () => {
        const r = await outcome(family, 'cover-open');
        expect(r.reason).toBe('COVER_OPEN');
        expect(jobArrived(r.peer)).toBe(false);
      });

      it('a peer that never answers: failed NO_STATUS, nothing sent', async () => {
        const r = await outcome(family, 'silent');
        expect(r.reason).toBe('NO_STATUS');
        expect(jobArrived(r.peer)).toBe(false);
      });

      it('an HTTP server on the port: failed NOT_A_PRINTER', async () => {
        const r = await outcome(family, 'http');
        expect(r.reason).toBe('NOT_A_PRINTER');
      });
    });
  }

  it('an Epson-compatible without process-ID answers: status fine, job end unknown → not printed (sent)', async () => {
    const r = await outcome('custom', 'no-completion');
    expect(r).toMatchObject({ printed: false, reason: null });
  });

  it('a real web server (node:http) on the port is not taken for a printer', async () => {
    const web = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    try {
      const port = (web.address() as { port: number }).port;
      const err = await sendConfirmed('127.0.0.1', port, JOB, 'epson', 1000).catch((e: unknown) => e);
      expect(['NOT_A_PRINTER', 'NO_STATUS']).toContain(
        (err as { details: { reason: string } }).details.reason,
      );
    } finally {
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    }
  });

  it('the old capture server (a printer that only reads and closes) is no printer to ask: NO_STATUS', async () => {
    const s = await startCaptureServer();
    try {
      await expect(sendConfirmed('127.0.0.1', s.port, JOB, 'epson', 1000)).rejects.toMatchObject({
        details: { reason: 'NO_STATUS' },
      });
    } finally {
      await s.close();
    }
  });
});
