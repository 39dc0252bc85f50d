import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PositionsResult } from '../../../core/contract/domains/positions';
import { localDay } from '../../../electron/services/positions/dates';
import { EC, navFor } from '../../support/fake-backends/data';
import { fakeMyPay, type FakeDovuto } from '../../support/fake-backends/mypay';
import { deskWith } from './desk-helpers';
import type { Loose } from '../../support/fake-backends/loose';

const CF = 'RSSMRA80A01H501U';
const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

function dovuto(serial: number, over: Partial<FakeDovuto> = {}): FakeDovuto {
  const n = navFor(serial);
  return {
    stato: { code: 'INSERIMENTO_DOVUTO', descr: 'da pagare' },
    numeroAvviso: n.nav,
    iuv: n.iuv,
    ente: { code: 'C_A010', codiceFiscale: EC.fiscalCode, descrizione: EC.name },
    tipoDovuto: { code: 'TARI', descr: 'Tassa rifiuti' },
    causale: `Dovuto ${serial}`,
    codiceFicaleIntestatario: CF,
    anagaraficaIntestatario: 'Mario Rossi',
    dataScadenza: '2099/12/31',
    importo: 12345,
    ...over,
  };
}

let fake: ReturnType<typeof fakeMyPay>;
let t: ReturnType<typeof deskWith>;
beforeEach(async () => {
  fake = fakeMyPay({
    applicationName: 'sportello-abbiategrasso',
    publicKeyPem: keys.publicKey,
    today: localDay(new Date()),
    dovuti: [dovuto(1), dovuto(2, { importo: 29 }), dovuto(3)],
    pagati: [dovuto(3, { stato: { code: 'PAGATO', descr: 'pagato' } })],
  });
  await fake.server.start();
  t = deskWith(
    {
      backend: {
        kind: 'mypay',
        baseUrl: fake.server.url,
        applicationName: 'sportello-abbiategrasso',
        privateKeySecret: 'mypay.key',
        timeoutMs: 1000,
        retries: 0,
      },
    },
    { 'mypay.key': keys.privateKey },
  );
});
afterEach(async () => {
  await t.dispose();
  await fake.server.stop();
});

describe('MyPay connector through the desk', () => {
  it('signs every request with a fresh RS256 JWT and maps dovuti and pagati', async () => {
    const r = await t.desk.call('positions.refresh', { fiscalCode: CF });
    const v = (r.ok ? r.value : null) as PositionsResult;
    expect(fake.server.violations).toEqual([]);
    expect(v.source).toBe('live');
    expect(v.positions.map((p) => p.options[0]!.amount).sort()).toEqual([12345, 12345, 29]);
    const paid = v.positions.find((p) => p.options[0]!.nav === navFor(3).nav)!;
    expect(paid.options[0]).toMatchObject({ status: 'paid', payable: false, notPayableReason: 'PAID' });
    // Two searches per lookup (dovuti and pagati), each with its own jti; a second lookup uses new ones.
    await t.desk.call('positions.refresh', { fiscalCode: CF });
    expect(fake.seenJti.size).toBe(4);
    expect(fake.server.requests.map((q) => q.path).sort()).toEqual([
      `/a2a/app/dovuti/ricerca/${CF}`,
      `/a2a/app/dovuti/ricerca/${CF}`,
      `/a2a/app/pagati/ricerca/${CF}`,
      `/a2a/app/pagati/ricerca/${CF}`,
    ]);
  });

  it('a token refused by the server becomes BACKEND_REJECTED with the cache served', async () => {
    await t.desk.call('positions.refresh', { fiscalCode: CF });
    fake.server.inject({ kind: 'status', status: 401 });
    const r = await t.desk.call('positions.refresh', { fiscalCode: CF });
    expect(r.ok && (r.value as Loose).error).toMatchObject({
      code: 'BACKEND_REJECTED',
      details: { reason: 'AUTH' },
    });
    expect(r.ok && (r.value as Loose).positions.length).toBe(3);
  });

  it('finds a dovuto by notice number', async () => {
    const r = await t.desk.call('positions.byNotice', { nav: navFor(2).nav });
    expect(r.ok && (r.value as Loose).positions[0]!.options[0]!.amount).toBe(29);
    expect(fake.server.violations).toEqual([]);
  });
});

describe('MyPay: partial answers (issue 15)', () => {
  const refresh = async (cf = CF) => {
    const r = await t.desk.call('positions.refresh', { fiscalCode: cf });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value as PositionsResult;
  };
  const navsOf = (r: PositionsResult) => r.positions.map((p) => p.options[0]!.nav).sort();

  it('`incomplete: true` is a partial answer: shown as such, and the dovuti it left out stay cached', async () => {
    const before = await refresh();
    expect(before.partial).toBeNull();
    expect(navsOf(before)).toHaveLength(3);
    // MyPay now cuts its search at 1 result and says so.
    fake.state.maxResults = 1;
    for (let round = 0; round < 2; round++) {
      const r = await refresh();
      expect(r.source).toBe('live');
      expect(r.partial).toMatchObject({ reasons: ['BACKEND_INCOMPLETE'], refusedCount: 0 });
      expect(navsOf(r)).toEqual(navsOf(before));
    }
    // Complete again: what MyPay no longer lists leaves the cache.
    fake.state.maxResults = Infinity;
    fake.state.dovuti.splice(0, 1);
    const after = await refresh();
    expect(after.partial).toBeNull();
    expect(navsOf(after)).not.toContain(navFor(1).nav);
  });

  it('a dovuto with a zero or fractional amount is refused by IUV and kept as cached', async () => {
    const before = await refresh();
    fake.state.dovuti[1]!.importo = 0;
    fake.state.dovuti[0]!.numeroAvviso = '99';
    const r = await refresh();
    expect(r.partial?.reasons).toEqual(['ITEMS_REFUSED']);
    expect(r.partial?.refused).toEqual([
      { backendId: navFor(1).iuv, nav: '99', reason: 'NAV', field: 'numeroAvviso' },
      { backendId: navFor(2).iuv, nav: navFor(2).nav, reason: 'ZERO_AMOUNT', field: 'importo' },
    ]);
    expect(navsOf(r)).toEqual(navsOf(before));
  });

  it('two citizens whose codes differ only by omocodia each see their own dovuti', async () => {
    const OMO = 'RSSMRA80A01H50MM';
    fake.state.dovuti.push(dovuto(40, { codiceFicaleIntestatario: OMO, anagaraficaIntestatario: 'Altra' }));
    for (let round = 0; round < 2; round++) {
      const a = await refresh(CF);
      const b = await refresh(OMO);
      expect(navsOf(a)).not.toContain(navFor(40).nav);
      expect(navsOf(a)).toHaveLength(3);
      expect(navsOf(b)).toEqual([navFor(40).nav]);
      expect(b.positions[0]!.debtor.fiscalCode).toBe(OMO);
    }
    expect(fake.server.requests.some((q) => q.path === `/a2a/app/dovuti/ricerca/${OMO}`)).toBe(true);
    expect(fake.server.violations).toEqual([]);
  });
});
