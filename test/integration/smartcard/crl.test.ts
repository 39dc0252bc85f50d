import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { crlProbe } from '../../../electron/cli/doctor/probes-crl';
import { crlProblemIt, crlProblemOf, downloadCrl } from '../../../electron/services/smartcard/crl-download';
import { createTestDesk } from '../../support/desk';
import { buildCard } from '../../support/softhsm/cards';
import { testCa, testCrl } from '../../support/softhsm/certificates';
import { SoftHsm } from '../../support/softhsm/softhsm';
import { tempDir } from '../../support/temp';
import { waitFor } from '../../support/wait';

/**
 * Revocation from the CA's CRL URL: a local HTTP server plays the distribution point, the desk downloads the
 * CRL, and the real device process checks a SoftHSM card against it. Then the faults: a server error, a body
 * that is not a CRL, a server gone, a server that never answers, a body too large.
 */
const hsm = new SoftHsm();
const dir = tempDir('sportello-crl-');
let server: Server;
let url = '';
let reply: (res: ServerResponse) => unknown = (res) => res.end();
let requests = 0;

beforeAll(async () => {
  process.env['SOFTHSM2_CONF'] = hsm.conf;
  server = createServer((_req, res) => {
    requests++;
    reply(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ca.crl`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  hsm.dispose();
  dir.remove();
});

describe('CRL from a URL', () => {
  test('the desk downloads it, a revoked card reads `revoked`, and a failed refresh keeps the last good CRL', async () => {
    const ca = await testCa();
    const card = await buildCard({ fiscalCode: 'MRNGPP60A01F839N' });
    const crl = await testCrl(ca, [card.objects[0]!.cert]);
    const trustDir = join(dir.path, 'trust');
    mkdirSync(trustDir);
    writeFileSync(join(trustDir, 'ca.pem'), ca.pem);
    reply = (res) => res.end(crl);
    const td = createTestDesk({
      config: {
        smartcard: {
          modules: [hsm.module],
          useDefaultModules: false,
          pollIntervalMs: 100,
          trustDir,
          crlUrl: url,
        },
      },
    });
    const { desk } = td;
    try {
      expect(desk.services.status.get().revocation.state).toBe('pending');
      await desk.start();
      const state = () => desk.services.smartcard.crlState!;
      await waitFor(() => state().lastOkAt ?? undefined, 10_000, 'CRL downloaded');
      expect(state()).toMatchObject({ problem: null, last: { revoked: 1 } });
      expect(desk.services.status.get().revocation).toEqual({
        state: 'current',
        nextUpdate: state().last!.nextUpdate!.toISOString(),
        problem: null,
      });
      const file = state().file;
      expect(readFileSync(file, 'utf8')).toBe(crl);

      await hsm.insert(card, 'T-revoked');
      const id = await waitFor(() => desk.services.identity.get() ?? undefined, 15_000, 'identity');
      expect(id.card?.revocation).toBe('revoked');
      expect(id.warnings).toContain('CERT_REVOKED');

      reply = (res) => res.end('<html>maintenance</html>');
      await desk.services.smartcard.refreshCrl();
      expect(state().problem).toBe('NOT_A_CRL');
      expect(crlProblemIt(state().problem!)).toMatch(/non è una CRL valida/);
      expect(readFileSync(file, 'utf8')).toBe(crl);
      expect(desk.services.status.get().revocation).toMatchObject({
        state: 'failed',
        problem: 'CRL_NOT_A_CRL',
      });

      reply = (res) => {
        res.statusCode = 503;
        res.end();
      };
      await desk.services.smartcard.refreshCrl();
      expect(state().problem).toBe('HTTP_STATUS');
      expect(readFileSync(file, 'utf8')).toBe(crl);
    } finally {
      await td.dispose();
    }
  }, 60_000);

  test('a server that never answers, a body too large, a server gone: typed, and no file written', async () => {
    const file = join(dir.path, 'never.crl');
    const before = requests;
    reply = () => {}; // holds the request open
    const slow = await downloadCrl({ url, file, timeoutMs: 300, maxBytes: 1 << 20 }).catch((e: unknown) => e);
    expect(crlProblemOf(slow)).toBe('TIMEOUT');
    expect(requests).toBe(before + 1);

    reply = (res) => res.end(Buffer.alloc(4096, 0x30));
    const big = await downloadCrl({ url, file, timeoutMs: 5000, maxBytes: 1024 }).catch((e: unknown) => e);
    expect(crlProblemOf(big)).toBe('TOO_LARGE');

    const gone = await downloadCrl({
      url: 'http://127.0.0.1:9/ca.crl',
      file,
      timeoutMs: 5000,
      maxBytes: 1024,
    }).catch((e: unknown) => e);
    expect(crlProblemOf(gone)).toBe('NETWORK');
    expect(existsSync(file)).toBe(false);
  });

  test('doctor: downloads the CRL once and says how many certificates it revokes, or why it could not', async () => {
    const ca = await testCa();
    reply = async (res) => res.end(await testCrl(ca, []));
    const ctx = (crlUrl: string) =>
      ({ platform: null, config: { config: { smartcard: { crlUrl } } } }) as unknown as Parameters<
        typeof crlProbe
      >[0];
    expect(await crlProbe(ctx(url))).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/0 certificati revocati, valida fino al/),
    });
    reply = (res) => {
      res.statusCode = 404;
      res.end();
    };
    expect(await crlProbe(ctx(url))).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/ha risposto con un errore/),
    });
  });
});
