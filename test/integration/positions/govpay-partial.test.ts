import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PositionsResult } from '../../../core/contract/domains/positions';
import { DB_FILE } from '../../../electron/services/desk';
import { navFor, pendenza } from '../../support/fake-backends/data';
import type { FakePendenza } from '../../support/fake-backends/govpay';
import { tempDir } from '../../support/temp';
import { deskWith, govpayDesk } from './desk-helpers';

// Issue 15: four ways a GovPay lookup showed a citizen less than they owe and deleted the rest from the cache.
const CF = 'RSSMRA80A01H501U';
// The same person's data with omocodia in the last digit slots: another person, issued to tell them apart.
const OMO = 'RSSMRA80A01H50MM';

const plan = (): FakePendenza[] => [
  ...[1, 2, 3].map((rata) =>
    pendenza({
      serial: rata,
      debtor: CF,
      importo: 400_000,
      causale: `TARI rata ${rata}`,
      documento: { identificativo: 'TARI-2025', descrizione: 'TARI 2025', rata },
    }),
  ),
  pendenza({ serial: 10, debtor: CF, importo: 12.5, causale: 'Mensa' }),
  pendenza({ serial: 11, debtor: CF, importo: 30, causale: 'Trasporto' }),
];

let disposers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const d of disposers.reverse()) await d();
  disposers = [];
});

async function desk(pendenze: FakePendenza[], backend: Record<string, unknown> = {}) {
  const t = await govpayDesk(pendenze, { retries: 0, timeoutMs: 2000, ...backend });
  disposers.push(t.dispose);
  const refresh = async (cf = CF) => {
    const r = await t.desk.call('positions.refresh', { fiscalCode: cf });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as PositionsResult;
  };
  return { ...t, refresh };
}

const navs = (r: PositionsResult) => r.positions.flatMap((p) => p.options.map((o) => o.nav)).sort();
const cachedOptions = (dir: string): number => {
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM payment_options').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('GovPay: a partial answer is shown as partial and deletes nothing', () => {
  it('one instalment with an amount that is not whole cents keeps the plan, names the instalment', async () => {
    const t = await desk(plan());
    const before = await t.refresh();
    expect(before.partial).toBeNull();
    expect(navs(before)).toHaveLength(5);
    // The backend now holds a bad amount for instalment 2 (12.345 €: not whole cents).
    t.fake.state.pendenze[1]!.importo = 12.345;
    const r = await t.refresh();
    expect(r.source).toBe('live');
    expect(r.partial).toMatchObject({
      reasons: ['ITEMS_REFUSED'],
      refusedCount: 1,
      refused: [{ backendId: 'A2A-DEMO/P2', nav: navFor(2).nav, reason: 'AMOUNT', field: 'importo' }],
    });
    // The plan is still there, all three instalments: the second as the cache last knew it.
    const tari = r.positions.find((p) => p.backendId === 'TARI-2025')!;
    expect(tari.options.map((o) => [o.index, o.planSize, o.amount])).toEqual([
      [1, 3, 40_000_000],
      [2, 3, 40_000_000],
      [3, 3, 40_000_000],
    ]);
    expect(navs(r)).toEqual(navs(before));
    expect(cachedOptions(t.dir)).toBe(5);
  });

  it('a refused pendenza (no valid notice number, zero amount) stays in the cache and is named', async () => {
    const t = await desk(plan());
    const before = await t.refresh();
    t.fake.state.pendenze[3]!.numeroAvviso = '123';
    t.fake.state.pendenze[4]!.importo = 0;
    const r = await t.refresh();
    expect(r.partial?.reasons).toEqual(['ITEMS_REFUSED']);
    expect(r.partial?.refused).toEqual([
      { backendId: 'A2A-DEMO/P10', nav: '123', reason: 'NAV', field: 'numeroAvviso' },
      { backendId: 'A2A-DEMO/P11', nav: navFor(11).nav, reason: 'ZERO_AMOUNT', field: 'importo' },
    ]);
    expect(navs(r)).toEqual(navs(before));
    // Twice in a row: the second partial answer still deletes nothing.
    const again = await t.refresh();
    expect(again.partial?.refusedCount).toBe(2);
    expect(navs(again)).toEqual(navs(before));
  });

  it('a complete answer still removes what the backend no longer holds', async () => {
    const t = await desk(plan());
    await t.refresh();
    t.fake.state.pendenze.splice(3, 1);
    const r = await t.refresh();
    expect(r.partial).toBeNull();
    expect(navs(r)).not.toContain(navFor(10).nav);
    expect(navs(r)).toHaveLength(4);
  });

  it('more pages than the limit: a partial answer (PAGE_LIMIT) that keeps the cached rest', async () => {
    const many = Array.from({ length: 50 }, (_, i) =>
      pendenza({ serial: 100 + i, debtor: CF, importo: 1 + i }),
    );
    const dir = tempDir('sportello-pages-');
    disposers.push(async () => dir.remove());
    // First a desk without a tight limit fills the cache with all 50.
    const wide = await govpayDesk(many, { pageSize: 2, retries: 0 });
    const first = await wide.desk.call('positions.refresh', { fiscalCode: CF });
    expect(first.ok && (first.value as PositionsResult).positions).toHaveLength(50);
    const cacheDir = wide.dir;
    // Same database, limit of 20 pages (25 needed).
    const narrow = deskWith(
      {
        backend: {
          kind: 'govpay',
          baseUrl: `${wide.fake.server.url}/govpay/backend/api/pendenze/rs/basic/v2/`,
          auth: { mode: 'basic', username: 'desk', passwordSecret: 'gp.pw' },
          pageSize: 2,
          maxPages: 20,
          retries: 0,
        },
      },
      { 'gp.pw': 'pw' },
      cacheDir,
    );
    await wide.desk.close();
    disposers.push(async () => {
      await narrow.desk.close();
      await wide.dispose();
    });
    const before = wide.fake.server.requests.length;
    const r = await narrow.desk.call('positions.refresh', { fiscalCode: CF });
    const v = r.ok ? (r.value as PositionsResult) : null;
    expect(v?.partial).toMatchObject({ reasons: ['PAGE_LIMIT'], pagesRead: 20, pagesTotal: 25 });
    expect(wide.fake.server.requests.length - before).toBe(20);
    expect(v?.positions).toHaveLength(50);
  });

  it('six slow pages each within the request deadline: the listing completes (no whole-listing timeout)', async () => {
    const six = Array.from({ length: 6 }, (_, i) => pendenza({ serial: 200 + i, debtor: CF, importo: 5 }));
    // Each page takes 0.5 s against a 2 s request deadline; the six together take longer than 2 s.
    const t = await desk(six, { pageSize: 1, timeoutMs: 2000 });
    t.fake.server.inject({ kind: 'latency', ms: 500 });
    const r = await t.refresh();
    expect(r.error).toBeNull();
    expect(r.partial).toBeNull();
    expect(r.source).toBe('live');
    expect(r.positions).toHaveLength(6);
    expect(t.fake.server.requests.filter((q) => q.path.endsWith('/pendenze'))).toHaveLength(6);
  });

  it('a listing that runs out of its own time is partial (LISTING_TIMEOUT) and keeps the cached pages', async () => {
    const six = Array.from({ length: 6 }, (_, i) => pendenza({ serial: 300 + i, debtor: CF, importo: 5 }));
    const t = await desk(six, { pageSize: 1, timeoutMs: 5000, listingTimeoutMs: 1500 });
    t.fake.server.inject({ kind: 'latency', ms: 50 });
    expect((await t.refresh()).positions).toHaveLength(6);
    t.fake.server.clearFaults();
    t.fake.server.inject({ kind: 'latency', ms: 600 });
    const r = await t.refresh();
    expect(r.source).toBe('live');
    expect(r.partial?.reasons).toEqual(['LISTING_TIMEOUT']);
    expect(r.partial?.pagesRead).toBeGreaterThanOrEqual(1);
    expect(r.partial?.pagesRead).toBeLessThan(6);
    expect(r.positions).toHaveLength(6);
  });

  it('a body over the size limit is BACKEND_MALFORMED "too large", never retried; on a later page, partial', async () => {
    const items = [
      ...[0, 1, 2].map((i) => pendenza({ serial: 400 + i, debtor: CF, importo: 5, causale: 'a' })),
      ...[3, 4, 5].map((i) =>
        pendenza({ serial: 400 + i, debtor: CF, importo: 5, causale: 'x'.repeat(140) }),
      ),
    ];
    const t = await desk(items, { pageSize: 3, retries: 2 });
    // The size of each page as the fake sends it, to put the limit between them.
    const page = async (n: number) => {
      const res = await fetch(
        `${t.fake.server.url}/govpay/backend/api/pendenze/rs/basic/v2/pendenze?idDebitore=${CF}&pagina=${n}&risultatiPerPagina=3`,
        { headers: { authorization: 'Basic ' + Buffer.from('desk:pw').toString('base64') } },
      );
      return (await res.arrayBuffer()).byteLength;
    };
    const [small, large] = [await page(1), await page(2)];
    expect(large).toBeGreaterThan(small + 100);
    expect(small).toBeGreaterThan(1024);
    const limited = await desk(items, { pageSize: 3, retries: 2, maxResponseBytes: small + 50 });
    // Page 2 too large: a partial answer with page 1.
    const r = await limited.refresh();
    expect(r.partial).toMatchObject({
      reasons: ['SIZE_LIMIT'],
      pagesRead: 1,
      error: { code: 'BACKEND_MALFORMED', details: { reason: 'TOO_LARGE' } },
    });
    expect(limited.fake.server.requests.filter((q) => q.path.endsWith('/pendenze'))).toHaveLength(2);
    // Page 1 too large: the lookup fails as too large after one request, not as a reset retried.
    const tiny = await desk(items, { pageSize: 3, retries: 2, maxResponseBytes: 1024 });
    const f = await tiny.refresh();
    expect(f.source).toBe('cache');
    expect(f.error).toMatchObject({ code: 'BACKEND_MALFORMED', details: { reason: 'TOO_LARGE' } });
    expect(tiny.fake.server.requests).toHaveLength(1);
  });

  it('Retry-After beyond the cap ends the lookup as "retry after N s" at once; within it, it is waited', async () => {
    const t = await desk(plan(), { retries: 2, retryAfterCapSeconds: 5 });
    await t.refresh();
    t.fake.server.inject({ kind: 'status', status: 429, retryAfter: 120 });
    const before = t.fake.server.requests.length;
    const r = await t.refresh();
    expect(r.source).toBe('cache');
    expect(r.error).toMatchObject({
      code: 'BACKEND_UNAVAILABLE',
      details: { reason: 'RATE_LIMITED', retryAfterSeconds: 120 },
    });
    expect(t.fake.server.requests.length - before).toBe(1);
    expect(navs(r)).toHaveLength(5);
    t.fake.server.clearFaults();
    t.fake.server.inject({ kind: 'status', status: 429, retryAfter: 1 }, 1);
    const ok = await t.refresh();
    expect(ok.error).toBeNull();
    expect(ok.source).toBe('live');
  });

  it('two citizens whose codes differ only by omocodia each see their own positions', async () => {
    const t = await desk([
      ...plan(),
      pendenza({ serial: 50, debtor: OMO, importo: 77, causale: 'Omocodico' }),
    ]);
    for (let round = 0; round < 2; round++) {
      const a = await t.refresh(CF);
      const b = await t.refresh(OMO);
      expect(a.query).toEqual({ fiscalCode: CF });
      expect(b.query).toEqual({ fiscalCode: OMO });
      expect(navs(a)).toHaveLength(5);
      expect(navs(a)).not.toContain(navFor(50).nav);
      expect(navs(b)).toEqual([navFor(50).nav]);
      expect(b.positions[0]!.debtor.fiscalCode).toBe(OMO);
      expect(a.partial).toBeNull();
      expect(b.partial).toBeNull();
    }
    const searched = t.fake.server.requests.map((q) => q.query.get('idDebitore')).filter(Boolean);
    expect(new Set(searched)).toEqual(new Set([CF, OMO]));
  });
});
