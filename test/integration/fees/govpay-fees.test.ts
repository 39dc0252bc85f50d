import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeReceipt } from '../../../core/fees/receipt';
import type { Cents } from '../../../core/money';
import { receiptPdf, receiptBytes } from '../../../electron/services/fees/receipt-output';
import { decodeEscPos } from '../../support/escpos/decoder';
import { EC, govpayFeeDesk } from '../../support/fees';

const CF = 'RSSMRA80A01H501U';
const CF2 = 'BNCLRA85M41F205C';

let t: Awaited<ReturnType<typeof govpayFeeDesk>>;
beforeEach(async () => {
  t = await govpayFeeDesk();
});
afterEach(() => t.dispose());

const sql = (q: string) =>
  execFileSync('sqlite3', ['-json', join(t.dir, 'sportello.sqlite'), q], { encoding: 'utf8' }).trim();
const puts = () => t.fake.server.requests.filter((r) => r.method === 'PUT');

describe('GovPay: creating a fee', () => {
  it('PUTs a pendenza with the two voci of the CIE, reads the NAV back and caches and audits it', async () => {
    const r = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF,
      payerName: 'ROSSI MARIO',
      requestKey: 'key-cie-0001',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const stored = [...t.fake.byId.values()];
    expect(stored).toHaveLength(1);
    expect(r.value.nav).toBe(stored[0]!.numeroAvviso);
    // What went on the wire, checked against the spec's NuovaPendenza by the fake: amounts in decimal euros.
    const body = puts()[0]!.body as {
      importo: number;
      voci: { importo: number; idDominio?: string }[];
      causale: string;
      idTipoPendenza: string;
    };
    expect(body.importo).toBe(22.21);
    expect(body.voci.map((v) => v.importo)).toEqual([16.79, 5.42]);
    expect(body.voci[0]!.idDominio).toBe('80415740580');
    expect(body.idTipoPendenza).toBe('CIE');
    expect(body.causale).toBe("Carta d'identità elettronica — ROSSI MARIO");
    expect(puts()[0]!.path).toMatch(/\/pendenze\/SPORTELLO\/S-ANAG1-[A-Z0-9]+-[0-9A-F]{8}$/);
    expect(t.fake.server.violations).toEqual([]);
    // At once in the citizen's positions, from the backend's answer.
    const list = t.desk.services.positions.list(CF);
    expect(list.positions.flatMap((p) => p.options.map((o) => o.nav))).toContain(r.value.nav);
    expect(r.value.position.options[0]!.payable).toBe(true);
    // Oracle: the sqlite3 CLI reads the desk's own records.
    expect(JSON.parse(sql(`SELECT state, amount_cents, nav FROM fee_requests`))).toEqual([
      { state: 'created', amount_cents: 2221, nav: r.value.nav },
    ]);
    const audit = JSON.parse(sql(`SELECT action, subject, details FROM audit_log WHERE action LIKE 'fee.%'`));
    expect(audit).toHaveLength(1);
    expect(audit[0].subject).toBe(r.value.nav);
    expect(JSON.parse(audit[0].details)).toMatchObject({
      service: 'cie',
      amountCents: 2221,
      nav: r.value.nav,
    });
  });

  it('a timeout after GovPay created the pendenza is resolved by the retry with the same idPendenza', async () => {
    t.fake.server.inject({ kind: 'stall-after' }, 1, (r) => r.method === 'PUT');
    const r = await t.desk.api.fees.create({
      serviceId: 'copie',
      anonymous: true,
      quantity: 12,
      requestKey: 'key-stall-0001',
    });
    expect(r.ok).toBe(true);
    expect(puts()).toHaveLength(2);
    expect(puts()[0]!.path).toBe(puts()[1]!.path);
    expect(t.fake.byId.size).toBe(1);
    expect([...t.fake.byId.values()][0]!.puts).toBe(2);
    if (r.ok) expect(r.value.position.debtor.fiscalCode).toBe('ANONIMO');
  });

  it('the same confirmation twice creates one debt; a failed one retried later reuses its id', async () => {
    const a = await t.desk.api.fees.create({
      serviceId: 'certificato-bollo',
      anonymous: true,
      requestKey: 'key-twice-001',
    });
    const b = await t.desk.api.fees.create({
      serviceId: 'certificato-bollo',
      anonymous: true,
      requestKey: 'key-twice-001',
    });
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(b.value.nav).toBe(a.value.nav);
      expect(b.value.replayed).toBe(true);
    }
    expect(puts()).toHaveLength(1);
    // Both attempts stall (server did the work): the clerk is told to retry, nothing is cached or printed.
    t.fake.server.inject({ kind: 'stall-after' }, 2, (r) => r.method === 'PUT');
    const c = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF2,
      requestKey: 'key-retry-001',
    });
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.error.code).toBe('BACKEND_TIMEOUT');
    expect(t.desk.services.positions.list(CF2).positions).toHaveLength(0);
    const d = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF2,
      requestKey: 'key-retry-001',
    });
    expect(d.ok).toBe(true);
    const paths = new Set(
      puts()
        .slice(1)
        .map((r) => r.path),
    );
    expect(paths.size).toBe(1);
    expect(t.fake.byId.size).toBe(2);
    // The same key with other data is refused, not silently answered.
    const e = await t.desk.api.fees.create({
      serviceId: 'copie',
      anonymous: true,
      quantity: 3,
      requestKey: 'key-retry-001',
    });
    expect(!e.ok && e.error.details?.['reason']).toBe('REQUEST_KEY_REUSED');
  });

  const refusals = [
    {
      status: 400,
      body: { categoria: 'RICHIESTA', codice: 'SINTASSI', descrizione: 'Il campo causale non è valido' },
      code: 'BACKEND_REJECTED',
      reason: 'VALIDATION',
    },
    {
      status: 403,
      body: { categoria: 'AUTORIZZAZIONE', codice: '403', descrizione: 'Applicazione non autorizzata' },
      code: 'BACKEND_REJECTED',
      reason: 'AUTH',
    },
    {
      status: 409,
      body: { categoria: 'OPERAZIONE', codice: 'PND_001', descrizione: 'Pendenza già presente' },
      code: 'BACKEND_REJECTED',
      reason: 'CONFLICT',
    },
    {
      status: 503,
      body: { categoria: 'INTERNO', codice: 'INTERNO', descrizione: 'Servizio non disponibile' },
      code: 'BACKEND_UNAVAILABLE',
      reason: 'UNAVAILABLE',
    },
  ];
  it.each(refusals)(
    'a $status refusal comes back with GovPay’s own words, twice in a row, nothing cached',
    async (f) => {
      for (const [cf, key] of [
        [CF, 'key-ref-a-' + f.status],
        [CF2, 'key-ref-b-' + f.status],
      ] as const) {
        t.fake.server.inject(
          { kind: 'refuse', status: f.status, body: f.body },
          2,
          (r) => r.method === 'PUT',
        );
        const r = await t.desk.api.fees.create({ serviceId: 'cie', fiscalCode: cf, requestKey: key });
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe(f.code);
        expect(r.error.details).toMatchObject({
          reason: f.reason,
          status: f.status,
          categoria: f.body.categoria,
          codice: f.body.codice,
          backendMessage: f.body.descrizione,
        });
        expect(t.desk.services.positions.list(cf).positions).toHaveLength(0);
      }
      expect(t.fake.byId.size).toBe(0);
    },
  );

  it('a tipo pendenza this A2A client may not use is refused by GovPay (403) and said so', async () => {
    const r = await t.desk.api.fees.create({ serviceId: 'cie', fiscalCode: CF, requestKey: 'key-ok-000001' });
    expect(r.ok).toBe(true);
    // 'sanzione-libera' uses idTipoPendenza LIBERO, which the fake's profile does not grant.
    const s = await t.desk.api.fees.create({
      serviceId: 'sanzione-libera',
      fiscalCode: CF,
      amountCents: 1000,
      requestKey: 'key-libero-01',
    });
    expect(!s.ok && s.error.details).toMatchObject({
      reason: 'AUTH',
      backendMessage: 'Tipo pendenza LIBERO non autorizzato',
    });
  });
});

describe('GovPay: check now, receipt, annul', () => {
  it('not paid, in progress, paid — each read live with its time, and the cache follows', async () => {
    const c = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF,
      payerName: 'ROSSI MARIO',
      requestKey: 'key-chk-00001',
    });
    if (!c.ok) throw new Error(c.error.code);
    const nav = c.value.nav;
    const before = t.fake.server.requests.length;
    let k = await t.desk.api.fees.check({ nav });
    expect(k.ok && k.value).toMatchObject({
      state: 'not-paid',
      backendStatus: 'NON_ESEGUITA',
      source: 'live',
    });
    expect(t.fake.server.requests.length).toBe(before + 1);
    t.fake.startPayment(nav);
    k = await t.desk.api.fees.check({ nav });
    expect(k.ok && k.value.state).toBe('in-progress');
    t.fake.pay(nav);
    k = await t.desk.api.fees.check({ nav });
    expect(k.ok && k.value.state).toBe('paid');
    expect(k.ok && k.value.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const cached = t.desk.services.positions
      .list(CF)
      .positions.flatMap((p) => p.options)
      .find((o) => o.nav === nav);
    expect(cached?.status).toBe('paid');
  });

  it('a backend that does not answer is "unknown" with the reason, never "paid" from the cache (twice)', async () => {
    const c = await t.desk.api.fees.create({ serviceId: 'cie', fiscalCode: CF, requestKey: 'key-unk-00001' });
    if (!c.ok) throw new Error(c.error.code);
    t.fake.pay(c.value.nav);
    await t.desk.api.fees.check({ nav: c.value.nav }); // the cache now says paid
    for (let i = 0; i < 2; i++) {
      t.fake.server.inject(
        { kind: 'refuse', status: 503, body: { categoria: 'INTERNO', codice: 'X', descrizione: 'giù' } },
        2,
      );
      const k = await t.desk.api.fees.check({ nav: c.value.nav });
      expect(k.ok && k.value).toMatchObject({
        state: 'unknown',
        checkedAt: null,
        error: { code: 'BACKEND_UNAVAILABLE' },
      });
    }
  });

  it('the receipt comes from the RT: thermal bytes and A4 PDF say IUR, PSP, amount, date', async () => {
    const c = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF,
      payerName: 'ROSSI MARIO',
      requestKey: 'key-rcp-00001',
    });
    if (!c.ok) throw new Error(c.error.code);
    const none = await t.desk.api.fees.receipt({ nav: c.value.nav });
    expect(!none.ok && none.error.details?.['reason']).toBe('NO_RECEIPT');
    t.fake.pay(c.value.nav, '2026-12-04T10:15:30');
    const r = await t.desk.api.fees.receipt({ nav: c.value.nav });
    if (!r.ok) throw new Error(r.error.code);
    const iuv = c.value.nav.slice(1);
    expect(r.value).toMatchObject({
      amountPaid: 2221,
      psp: 'Banca di Prova S.p.A.',
      receiptId: 'IUR' + iuv.slice(-8),
      iuv,
      payer: { fiscalCode: CF, name: 'ROSSI MARIO' },
      creditor: { fiscalCode: EC },
      hasBackendPdf: true,
    });
    expect(
      t.fake.server.requests.some((q) => q.path.endsWith(`/rpp/${EC}/${iuv}/CCP-${iuv.slice(-6)}/rt`)),
    ).toBe(true);
    const doc = composeReceipt({ ...r.value, amountPaid: r.value.amountPaid as Cents, demo: false });
    const text = decodeEscPos(receiptBytes(doc, { family: 'epson', width: 80, qr: 'raster' }), 'epson').text;
    expect(text).toContain('RICEVUTA DI PAGAMENTO');
    expect(text).toContain('IUR' + iuv.slice(-8));
    expect(text).toContain('22,21');
    expect(text).toContain('04/12/2026 10:15');
    const pdf = await receiptPdf(doc);
    const out = execFileSync('pdftotext', ['-', '-'], { input: pdf, encoding: 'utf8' });
    expect(out).toContain('Banca di Prova S.p.A.');
    expect(out).toContain('€ 22,21');
    const both = await t.desk.api.fees.receiptPdf({ nav: c.value.nav });
    expect(both.ok && Buffer.from(both.value.backendPdfBase64!, 'base64').subarray(0, 5).toString()).toBe(
      '%PDF-',
    );
  });

  it('annuls an unpaid fee with a reason (PATCH to ANNULLATA); a paid one is refused', async () => {
    const a = await t.desk.api.fees.create({ serviceId: 'cie', fiscalCode: CF, requestKey: 'key-ann-00001' });
    const b = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF2,
      requestKey: 'key-ann-00002',
    });
    if (!a.ok || !b.ok) throw new Error('create');
    const r = await t.desk.api.fees.annul({ nav: a.value.nav, reason: 'Richiesta errata dal cittadino' });
    expect(r.ok && r.value.state).toBe('annulled');
    const stored = [...t.fake.byId.values()].find((p) => p.numeroAvviso === a.value.nav)!;
    expect(stored.stato).toBe('ANNULLATA');
    expect(stored.descrizioneStato).toBe('Richiesta errata dal cittadino');
    const opt = t.desk.services.positions
      .list(CF)
      .positions.flatMap((p) => p.options)
      .find((o) => o.nav === a.value.nav);
    expect(opt?.status).toBe('cancelled');
    t.fake.pay(b.value.nav);
    const p = await t.desk.api.fees.annul({ nav: b.value.nav, reason: 'Non dovuto, per errore' });
    expect(!p.ok && p.error.details?.['reason']).toBe('ALREADY_PAID');
    expect(JSON.parse(sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'fee.annulled'`))[0].n).toBe(1);
  });
});

describe('the day’s figures', () => {
  it('count the fees created today, not the failed or annulled ones', async () => {
    const day = new Date().toLocaleDateString('sv-SE');
    const a = await t.desk.api.fees.create({ serviceId: 'cie', fiscalCode: CF, requestKey: 'day-fig-00001' });
    await t.desk.api.fees.create({
      serviceId: 'copie',
      anonymous: true,
      quantity: 4,
      requestKey: 'day-fig-00002',
    });
    t.fake.server.inject(
      { kind: 'refuse', status: 400, body: { categoria: 'RICHIESTA', codice: 'S', descrizione: 'no' } },
      1,
    );
    await t.desk.api.fees.create({ serviceId: 'cie', fiscalCode: CF2, requestKey: 'day-fig-00003' });
    let r = await t.desk.api.fees.day({ day });
    expect(r.ok && r.value).toEqual({ day, count: 2, totalCents: 2221 + 100 });
    if (a.ok) await t.desk.api.fees.annul({ nav: a.value.nav, reason: 'creata per errore' });
    r = await t.desk.api.fees.day({ day });
    expect(r.ok && r.value).toEqual({ day, count: 1, totalCents: 100 });
  });
});
