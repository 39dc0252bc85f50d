/**
 * A fee at the desk, from the clerk's confirmation to the notice's bytes at the printer: `fees.create` on a
 * loopback fake GovPay (PUT pendenza, NAV read back, cache and audit written), then `notices.print` of the new
 * option to a TCP capture printer, until the capture server has the whole job. Baseline in the same run and
 * against the same server: the bare HTTP round trip of one PUT pendenza (node:http, keep-alive off, as the
 * desk's client does). Alternated, so machine load hits both alike.
 */
import http from 'node:http';
import { startCaptureServer } from '../test/support/escpos/capture-server';
import { GOVPAY_BASE } from '../test/support/fake-backends/govpay';
import { fakeGovPayFees } from '../test/support/fake-backends/govpay-fees';
import { EC, EC_NAME, exampleServices } from '../test/support/fees';
import { deskWith } from '../test/integration/positions/desk-helpers';
import { machineConditions, report, summarize } from './lib/report';

const RUNS = 200;
const WARMUP = 10;

const fake = fakeGovPayFees({
  username: 'desk',
  password: 'pw',
  domini: [{ idDominio: EC, ragioneSociale: EC_NAME }],
  tipiPendenza: ['CIE', 'DIRITTI', 'COPIE'],
});
await fake.server.start();
const capture = await startCaptureServer();
const t = deskWith(
  {
    backend: {
      kind: 'govpay',
      baseUrl: `${fake.server.url}${GOVPAY_BASE}`,
      auth: { mode: 'basic', username: 'desk', passwordSecret: 'gp.pw' },
      idDominio: EC,
      timeoutMs: 5000,
      retries: 0,
    },
    services: exampleServices(),
    printers: {
      list: [{ id: 'banco', name: 'Banco', family: 'epson', width: 80, interface: capture.uri }],
      default: 'banco',
    },
  },
  { 'gp.pw': 'pw' },
);

const auth = 'Basic ' + Buffer.from('desk:pw').toString('base64');
function barePut(i: number): Promise<number> {
  const body = JSON.stringify({
    idTipoPendenza: 'DIRITTI',
    idDominio: EC,
    causale: 'Diritti di segreteria certificato anagrafico',
    soggettoPagatore: { tipo: 'F', identificativo: 'ANONIMO' },
    importo: 0.52,
    voci: [
      {
        idVocePendenza: 'DIR-CERT',
        importo: 0.52,
        descrizione: 'Diritti di segreteria',
        codEntrata: 'DIRITTI-SEGR',
      },
    ],
  });
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const r = http.request(
      `${fake.server.url}${GOVPAY_BASE}pendenze/SPORTELLO/BASE-${i}`,
      {
        method: 'PUT',
        headers: {
          authorization: auth,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(performance.now() - start)
            : reject(new Error(String(res.statusCode))),
        );
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

let jobs = 0;
async function confirmToBytes(i: number): Promise<number> {
  const start = performance.now();
  const c = await t.desk.api.fees.create({
    serviceId: 'certificato-bollo',
    anonymous: true,
    requestKey: `bench-${i}-xxxxxxxx`,
  });
  if (!c.ok) throw new Error(`create: ${c.error.code}`);
  const p = await t.desk.api.notices.print({
    optionIds: [c.value.optionId],
    printerId: 'banco',
    idempotency: `bench-print-${i}`,
  });
  if (!p.ok || p.value.state !== 'sent') throw new Error('print');
  await capture.waitForJobs(++jobs, 10_000);
  return performance.now() - start;
}

const full: number[] = [];
const bare: number[] = [];
for (let i = 0; i < WARMUP + RUNS; i++) {
  const a = await confirmToBytes(i);
  const b = await barePut(i);
  if (i >= WARMUP) {
    full.push(a);
    bare.push(b);
  }
}
await t.dispose();
await capture.close();
await fake.server.stop();

const f = summarize(full);
const b = summarize(bare);
const r = (n: number) => Math.round(n * 100) / 100;
report({
  bench: 'fees-create-print',
  conditions: {
    ...machineConditions(),
    runs: RUNS,
    warmup: WARMUP,
    backend: 'fake GovPay on 127.0.0.1',
    printer: 'TCP capture 80 mm epson',
  },
  figures: [
    {
      name: 'confirmation → notice bytes at printer p50',
      value: r(f.p50),
      unit: 'ms',
      baseline: { name: 'bare PUT pendenza p50', value: r(b.p50), unit: 'ms' },
    },
    {
      name: 'confirmation → notice bytes at printer p95',
      value: r(f.p95),
      unit: 'ms',
      baseline: { name: 'bare PUT pendenza p95', value: r(b.p95), unit: 'ms' },
    },
  ],
});
