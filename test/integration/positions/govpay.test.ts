import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PositionsResult } from '../../../core/contract/domains/positions';
import { pendenza } from '../../support/fake-backends/data';
import { fakeGovPay, GOVPAY_BASE } from '../../support/fake-backends/govpay';
import type { Fault } from '../../support/fake-backends/server';
import { deskWith } from './desk-helpers';
import { testCallContext } from '../../support/call-context';
import type { Loose } from '../../support/fake-backends/loose';

const CF = 'RSSMRA80A01H501U';
const OMOCODIC = 'RSSMRA80A01H50MM';

let fake: ReturnType<typeof fakeGovPay>;
let t: ReturnType<typeof deskWith>;

beforeEach(async () => {
  fake = fakeGovPay({
    username: 'desk',
    password: 'pw',
    pendenze: [
      pendenza({ serial: 1, debtor: CF, importo: 0.29, causale: 'Mensa' }),
      // A document with a single payment and two instalments.
      pendenza({
        serial: 2,
        debtor: CF,
        importo: 300.1,
        documento: { identificativo: 'TARI-1', descrizione: 'TARI 2025' },
      }),
      pendenza({
        serial: 3,
        debtor: CF,
        importo: 150.05,
        documento: { identificativo: 'TARI-1', descrizione: 'TARI 2025', rata: 1 },
        stato: 'ESEGUITA',
      }),
      pendenza({
        serial: 4,
        debtor: CF,
        importo: 150.05,
        documento: { identificativo: 'TARI-1', descrizione: 'TARI 2025', rata: 2 },
      }),
      ...Array.from({ length: 5 }, (_, i) => pendenza({ serial: 10 + i, debtor: CF, importo: 1 + i })),
      pendenza({ serial: 99, debtor: 'BNCLRA85M41F205Z', importo: 5 }),
    ],
  });
  await fake.server.start();
  t = deskWith(
    {
      backend: {
        kind: 'govpay',
        baseUrl: `${fake.server.url}${GOVPAY_BASE}`,
        auth: { mode: 'basic', username: 'desk', passwordSecret: 'gp.pw' },
        pageSize: 3,
        timeoutMs: 400,
        retries: 1,
      },
    },
    { 'gp.pw': 'pw' },
  );
});
afterEach(async () => {
  await t.dispose();
  await fake.server.stop();
});

const refresh = async (cf = CF) => {
  const r = await t.desk.call('positions.refresh', { fiscalCode: cf });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as PositionsResult;
};

describe('GovPay connector through the desk', () => {
  it('reads every page with Basic auth, maps decimals to exact cents and documents to plans', async () => {
    const r = await refresh();
    expect(r.source).toBe('live');
    expect(fake.server.violations).toEqual([]);
    const searches = fake.server.requests.filter((q) => q.path.endsWith('/pendenze'));
    expect(searches.map((q) => q.query.get('pagina'))).toEqual(['1', '2', '3']);
    expect(searches.every((q) => q.query.get('idDebitore') === CF)).toBe(true);
    const mensa = r.positions.find((p) => p.subject === 'Mensa')!;
    expect(mensa.options[0]!.amount).toBe(29);
    const tari = r.positions.find((p) => p.backendId === 'TARI-1')!;
    expect(tari.options.map((o) => [o.kind, o.index, o.amount, o.payable, o.notPayableReason])).toEqual([
      ['single', null, 30010, false, 'CONFLICT_INSTALMENT_PAID'],
      ['instalment', 1, 15005, false, 'PAID'],
      ['instalment', 2, 15005, true, null],
    ]);
    expect(r.positions.every((p) => p.debtor.fiscalCode === CF)).toBe(true);
  });

  it('answers from the cache at once, then pushes the live answer', async () => {
    await refresh();
    fake.server.inject({ kind: 'latency', ms: 150 }, 1);
    const updated = new Promise<PositionsResult>((resolve) => t.desk.events.on('positions.updated', resolve));
    const first = await t.desk.call('positions.list', { fiscalCode: CF });
    expect(first.ok && (first.value as Loose).source).toBe('cache');
    expect(first.ok && (first.value as Loose).refreshing).toBe(true);
    expect(first.ok && (first.value as Loose).positions.length).toBe(7);
    const live = await updated;
    expect(live.source).toBe('live');
    expect(live.query).toEqual({ fiscalCode: CF });
  });

  it('an omocodic variant is another person: its lookup neither sees nor fetches the base code', async () => {
    await refresh();
    const updated = new Promise<PositionsResult>((resolve) => t.desk.events.on('positions.updated', resolve));
    const first = await t.desk.call('positions.list', { fiscalCode: OMOCODIC });
    expect(first.ok && (first.value as Loose).positions.length).toBe(0);
    const live = await updated;
    expect(live.query).toEqual({ fiscalCode: OMOCODIC });
    expect(live.positions).toEqual([]);
    expect(fake.server.requests.at(-1)!.query.get('idDebitore')).toBe(OMOCODIC);
  });

  const outcomes: [string, Fault, string, string][] = [
    ['latency beyond the timeout', { kind: 'latency', ms: 1000 }, 'BACKEND_TIMEOUT', 'TIMEOUT'],
    ['5xx', { kind: 'status', status: 503 }, 'BACKEND_UNAVAILABLE', 'SERVER_ERROR'],
    ['401', { kind: 'status', status: 401 }, 'BACKEND_REJECTED', 'AUTH'],
    ['403', { kind: 'status', status: 403 }, 'BACKEND_REJECTED', 'AUTH'],
    ['429', { kind: 'status', status: 429, retryAfter: 0 }, 'BACKEND_UNAVAILABLE', 'RATE_LIMITED'],
    ['malformed JSON', { kind: 'malformed' }, 'BACKEND_MALFORMED', 'JSON'],
    ['truncated JSON', { kind: 'truncated' }, 'BACKEND_UNAVAILABLE', 'CONNECTION_RESET'],
    ['wrong schema', { kind: 'wrong-schema' }, 'BACKEND_MALFORMED', 'SCHEMA'],
    ['connection reset', { kind: 'reset' }, 'BACKEND_UNAVAILABLE', 'CONNECTION_RESET'],
  ];
  it.each(outcomes)(
    '%s: the cache is served with the error, and the status says so',
    async (_n, fault, code, reason) => {
      await refresh();
      fake.server.inject(fault);
      const r = await refresh();
      expect(r.source).toBe('cache');
      expect(r.positions.length).toBe(7);
      expect(r.error).toMatchObject({ code, details: { reason } });
      const status = t.desk.services.status.get().backend;
      expect(status.state).toBe(
        code === 'BACKEND_UNAVAILABLE' || code === 'BACKEND_TIMEOUT' ? 'offline' : 'degraded',
      );
      expect(status.dataAsOf).not.toBeNull();
    },
  );

  it('retries a transient failure once and succeeds', async () => {
    fake.server.inject({ kind: 'status', status: 502 }, 1);
    const r = await refresh();
    expect(r.source).toBe('live');
    expect(fake.server.requests[0]!.query.get('pagina')).toBe('1');
    expect(fake.server.requests[1]!.query.get('pagina')).toBe('1');
  });

  it('opens the circuit after repeated failures and stops calling', async () => {
    fake.server.inject({ kind: 'status', status: 500 });
    for (let i = 0; i < 3; i++) await refresh();
    const calls = fake.server.requests.length;
    const r = await refresh();
    expect(r.error).toMatchObject({ code: 'BACKEND_UNAVAILABLE', details: { reason: 'CIRCUIT_OPEN' } });
    expect(fake.server.requests.length).toBe(calls);
    const info = await t.desk.call('backend.status', {});
    expect(info.ok && (info.value as Loose).circuit).toBe('open');
  });

  it('finds a notice anonymously by NAV and EC, and says NOT_FOUND for an unknown one', async () => {
    const nav = fake.state.pendenze[0]!.numeroAvviso;
    const ec = fake.state.pendenze[0]!.dominio.idDominio;
    const r = await t.desk.call('positions.byNotice', { nav, ecFiscalCode: ec });
    expect(r.ok && (r.value as Loose).positions[0]!.options[0]!.nav).toBe(nav);
    const missing = await t.desk.call('positions.byNotice', {
      nav: '302000000000099999'.slice(0, 16) + '00',
      ecFiscalCode: ec,
    });
    expect(missing.ok).toBe(false);
    expect(fake.server.violations).toEqual([]);
  });

  it('fetches the official notice PDF for the A4 path', async () => {
    const { GovPayConnector } = await import('../../../electron/connectors/govpay');
    const c = new GovPayConnector({
      baseUrl: `${fake.server.url}${GOVPAY_BASE}`,
      auth: { mode: 'basic', username: 'desk', password: 'pw' },
      idDominio: null,
      pageSize: 10,
    });
    const p = fake.state.pendenze[0]!;
    const pdf = await c.noticePdf(p.dominio.idDominio, p.numeroAvviso, testCallContext());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(fake.server.violations).toEqual([]);
  });

  it('a missing secret leaves the desk working on its cache with a clear CONFIG_INVALID', async () => {
    const other = deskWith(
      {
        backend: {
          kind: 'govpay',
          baseUrl: `${fake.server.url}${GOVPAY_BASE}`,
          auth: { mode: 'basic', username: 'desk', passwordSecret: 'absent' },
        },
      },
      {},
    );
    try {
      const r = await other.desk.call('positions.list', { fiscalCode: CF });
      expect(r.ok && (r.value as Loose).error).toMatchObject({
        code: 'CONFIG_INVALID',
        details: { reason: 'SECRET_MISSING', secret: 'absent' },
      });
      expect(fake.server.requests.length).toBe(0);
    } finally {
      await other.dispose();
    }
  });
});
