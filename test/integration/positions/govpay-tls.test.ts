import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GovPayConnector } from '../../../electron/connectors/govpay';
import { pendenza } from '../../support/fake-backends/data';
import { GOVPAY_BASE } from '../../support/fake-backends/govpay';
import { testCallContext } from '../../support/call-context';
import { tempDir } from '../../support/temp';

const CF = 'RSSMRA80A01H501U';
let dir: ReturnType<typeof tempDir>;
let server: https.Server;
let base: string;
const seen: (string | null)[] = [];
const pem: Record<string, string> = {};

/** A CA and a leaf signed by it, with the openssl CLI (what an administrator would use). */
function issue(name: string, cn: string, ca: string): void {
  const f = (x: string) => join(dir.path, x);
  execFileSync(
    'openssl',
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
      '-subj',
      `/CN=${cn}`,
    ],
    { stdio: 'ignore' },
  );
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f(`${ca}.crt`),
      '-CAkey',
      f(`${ca}.key`),
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      f(`${name}.crt`),
      '-extfile',
      f(`${name}.ext`),
    ],
    { stdio: 'ignore' },
  );
  pem[`${name}.key`] = readFileSync(f(`${name}.key`), 'utf8');
  pem[`${name}.crt`] = readFileSync(f(`${name}.crt`), 'utf8');
}
function ca(name: string): void {
  const f = (x: string) => join(dir.path, x);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.crt`),
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
    ],
    { stdio: 'ignore' },
  );
  pem[`${name}.key`] = readFileSync(f(`${name}.key`), 'utf8');
  pem[`${name}.crt`] = readFileSync(f(`${name}.crt`), 'utf8');
}

beforeAll(async () => {
  dir = tempDir('sportello-govpay-tls-');
  const { writeFileSync } = await import('node:fs');
  ca('ca');
  ca('other-ca');
  writeFileSync(join(dir.path, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir.path, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  writeFileSync(join(dir.path, 'stranger.ext'), 'extendedKeyUsage=clientAuth\n');
  issue('server', '127.0.0.1', 'ca');
  issue('client', 'sportello-desk', 'ca');
  issue('stranger', 'sportello-desk', 'other-ca');
  // GovPay in `ssl` mode: the TLS layer refuses any client without a certificate from its CA.
  server = https.createServer(
    {
      key: pem['server.key'],
      cert: pem['server.crt'],
      ca: pem['ca.crt'],
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      seen.push(typeof peer.subject?.CN === 'string' ? peer.subject.CN : null);
      const u = new URL(req.url ?? '/', 'https://x');
      if (u.pathname !== `${GOVPAY_BASE}pendenze` || u.searchParams.get('idDebitore') !== CF) {
        res.writeHead(404).end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          numRisultati: 1,
          numPagine: 1,
          risultatiPerPagina: 25,
          pagina: 1,
          risultati: [pendenza({ serial: 7, debtor: CF, importo: 12.3 })],
        }),
      );
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}${GOVPAY_BASE}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  dir.remove();
});

const ctx = () => testCallContext();
const connector = (cert: string, key: string) =>
  new GovPayConnector({
    baseUrl: base,
    auth: { mode: 'ssl', cert, key, ca: pem['ca.crt']! },
    idDominio: null,
    pageSize: 25,
  });

describe('GovPay with a client certificate (ssl mode)', () => {
  it('presents the configured certificate and reads the pendenze', async () => {
    const { positions, partial } = await connector(pem['client.crt']!, pem['client.key']!).byFiscalCode(
      CF,
      ctx(),
    );
    expect(partial).toBeNull();
    expect(seen.at(-1)).toBe('sportello-desk');
    expect(positions).toHaveLength(1);
    expect(positions[0]!.options[0]!.amount).toBe(1230);
  });

  it('a certificate the backend does not trust is refused with a clear error, not a crash', async () => {
    const before = seen.length;
    const err = await connector(pem['stranger.crt']!, pem['stranger.key']!)
      .byFiscalCode(CF, ctx())
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: expect.stringMatching(/^BACKEND_(REJECTED|UNAVAILABLE)$/) });
    expect((err as { details: { reason: string } }).details.reason).toMatch(/^(TLS|CONNECTION_RESET)$/);
    // The request never reached the application: the TLS layer stopped it.
    expect(seen.length).toBe(before);
  });

  it('a server certificate outside the configured CA is refused (BACKEND_REJECTED, TLS)', async () => {
    const c = new GovPayConnector({
      baseUrl: base,
      auth: { mode: 'ssl', cert: pem['client.crt']!, key: pem['client.key']!, ca: pem['other-ca.crt']! },
      idDominio: null,
      pageSize: 25,
    });
    await expect(c.byFiscalCode(CF, ctx())).rejects.toMatchObject({
      code: 'BACKEND_REJECTED',
      details: { reason: 'TLS' },
    });
  });
});
