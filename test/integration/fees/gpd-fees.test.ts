import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EC, gpdFeeDesk } from '../../support/fees';
import { fakeGpdFees } from '../../support/fake-backends/gpd-fees';
import { tempDir } from '../../support/temp';

const CF = 'RSSMRA80A01H501U';
const CF2 = 'BNCLRA85M41F205C';

let t: Awaited<ReturnType<typeof gpdFeeDesk>>;
beforeEach(async () => {
  t = await gpdFeeDesk({ from: 1_000_000, to: 1_999_999 });
});
afterEach(() => t.dispose());

const posts = () => t.fake.server.requests.filter((r) => r.method === 'POST' && !r.path.endsWith('/publish'));
const publishes = () => t.fake.server.requests.filter((r) => r.path.endsWith('/publish'));

describe('GPD: creating a fee', () => {
  it('POSTs the position with the reserved IUV and the transfers, publishes it, caches it', async () => {
    const r = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF,
      payerName: 'ROSSI MARIO',
      requestKey: 'gpd-key-00001',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.nav).toBe('3010000001000000' + r.value.nav.slice(16));
    const stored = [...t.fake.positions.values()];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.status).toBe('VALID');
    expect(stored[0]!.paymentOption[0]!.installments[0]!.nav).toBe(r.value.nav);
    const body = posts()[0]!.body as {
      iupd: string;
      paymentOption: {
        debtor: unknown;
        installments: { amount: number; transfer: { amount: number; idTransfer: string }[] }[];
      }[];
    };
    expect(body.paymentOption[0]!.debtor).toEqual({ type: 'F', fiscalCode: CF, fullName: 'ROSSI MARIO' });
    expect(body.paymentOption[0]!.installments[0]!.amount).toBe(2221);
    expect(body.paymentOption[0]!.installments[0]!.transfer.map((x) => [x.idTransfer, x.amount])).toEqual([
      ['1', 542],
      ['2', 1679],
    ]);
    expect(t.fake.server.violations).toEqual([]);
    expect(t.desk.services.positions.list(CF).positions.flatMap((p) => p.options.map((o) => o.nav))).toEqual([
      r.value.nav,
    ]);
  });

  it('a POST that created then stalled: the retry meets 409, reads the position back and publishes it', async () => {
    t.fake.server.inject(
      { kind: 'stall-after' },
      1,
      (q) => q.method === 'POST' && !q.path.endsWith('/publish'),
    );
    const r = await t.desk.api.fees.create({
      serviceId: 'copie',
      anonymous: true,
      quantity: 4,
      requestKey: 'gpd-stall-001',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(posts()).toHaveLength(2);
    expect(publishes()).toHaveLength(1);
    expect(t.fake.positions.size).toBe(1);
    expect([...t.fake.positions.values()][0]!.status).toBe('VALID');
    expect(r.value.position.debtor.fiscalCode).toBe('ANONIMO');
    expect((posts()[0]!.body as { paymentOption: { debtor: unknown }[] }).paymentOption[0]!.debtor).toEqual({
      type: 'F',
      fiscalCode: 'ANONIMO',
      fullName: 'ANONIMO',
    });
  });

  it('a payer known only by fiscal code is named by it, not as anonymous (regression)', async () => {
    const r = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF2,
      requestKey: 'gpd-noname-01',
    });
    expect(r.ok).toBe(true);
    expect((posts()[0]!.body as { paymentOption: { debtor: unknown }[] }).paymentOption[0]!.debtor).toEqual({
      type: 'F',
      fiscalCode: CF2,
      fullName: CF2,
    });
  });

  it('a publish that went through then stalled: the retry finds it published and does not publish again', async () => {
    t.fake.server.inject({ kind: 'stall-after' }, 1, (q) => q.path.endsWith('/publish'));
    const r = await t.desk.api.fees.create({
      serviceId: 'certificato-bollo',
      fiscalCode: CF,
      requestKey: 'gpd-stall-002',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(t.fake.positions.size).toBe(1);
    expect([...t.fake.positions.values()][0]!.status).toBe('VALID');
  });

  const refusals = [
    {
      status: 400,
      body: { title: 'Bad Request', status: 400, detail: 'dueDate must be in the future' },
      code: 'BACKEND_REJECTED',
      reason: 'VALIDATION',
      says: 'Bad Request: dueDate must be in the future',
    },
    {
      status: 401,
      body: { statusCode: 401, message: 'Access denied due to invalid subscription key.' },
      code: 'BACKEND_REJECTED',
      reason: 'AUTH',
      says: 'Access denied due to invalid subscription key.',
    },
    {
      status: 409,
      body: { title: 'Conflict', status: 409, detail: 'IUV already used' },
      code: 'BACKEND_REJECTED',
      reason: 'CONFLICT',
      says: 'Conflict: IUV already used',
    },
    {
      status: 500,
      body: { title: 'Internal Server Error', status: 500, detail: 'database down' },
      code: 'BACKEND_UNAVAILABLE',
      reason: 'UNAVAILABLE',
      says: 'Internal Server Error: database down',
    },
  ];
  it.each(refusals)(
    'a $status is shown with GPD’s problem JSON, twice, the IUV burnt not reused',
    async (f) => {
      const iuvs: string[] = [];
      for (const [cf, key] of [
        [CF, `gpd-ref-a-${f.status}`],
        [CF2, `gpd-ref-b-${f.status}`],
      ] as const) {
        // A 5xx is retried once (both attempts refused); the others fail at once.
        t.fake.server.inject(
          { kind: 'refuse', status: f.status, body: f.body },
          f.status >= 500 ? 2 : 1,
          (q) => q.method === 'POST',
        );
        const r = await t.desk.api.fees.create({ serviceId: 'cie', fiscalCode: cf, requestKey: key });
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe(f.code);
        expect(r.error.details).toMatchObject({ reason: f.reason, status: f.status, backendMessage: f.says });
        expect(t.desk.services.positions.list(cf).positions).toHaveLength(0);
        iuvs.push(
          (posts().at(-1)!.body as { paymentOption: { installments: { iuv: string }[] }[] }).paymentOption[0]!
            .installments[0]!.iuv,
        );
      }
      expect(iuvs[0]).not.toBe(iuvs[1]);
      const ok = await t.desk.api.fees.create({
        serviceId: 'cie',
        fiscalCode: CF,
        requestKey: 'gpd-after-' + f.status,
      });
      expect(ok.ok).toBe(true);
      if (ok.ok) expect(iuvs).not.toContain(ok.value.nav.slice(1));
    },
  );
});

describe('GPD: check, receipt, annul', () => {
  it('check reads the position live; the receipt carries the payment date, PSP and receiptId', async () => {
    const c = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF,
      payerName: 'ROSSI MARIO',
      requestKey: 'gpd-chk-00001',
    });
    if (!c.ok) throw new Error(c.error.code);
    expect((await t.desk.api.fees.check({ nav: c.value.nav })).ok && true).toBe(true);
    let k = await t.desk.api.fees.check({ nav: c.value.nav });
    expect(k.ok && k.value).toMatchObject({ state: 'not-paid', backendStatus: 'UNPAID' });
    t.fake.pay(c.value.nav, '2026-12-04T11:20:00');
    k = await t.desk.api.fees.check({ nav: c.value.nav });
    expect(k.ok && k.value.state).toBe('paid');
    const r = await t.desk.api.fees.receipt({ nav: c.value.nav });
    if (!r.ok) throw new Error(r.error.code);
    expect(r.value).toMatchObject({
      amountPaid: 2221,
      psp: 'Poste Italiane',
      paidAt: '2026-12-04T11:20:00',
      receiptId: 'RCPT-' + c.value.nav.slice(-8),
      hasBackendPdf: false,
    });
    const pdf = await t.desk.api.fees.receiptPdf({ nav: c.value.nav });
    const text = execFileSync('pdftotext', ['-', '-'], {
      input: Buffer.from(pdf.ok ? pdf.value.pdfBase64 : '', 'base64'),
      encoding: 'utf8',
    });
    expect(text).toContain('04/12/2026 11:20');
    expect(text).toContain('Poste Italiane');
  });

  it('annul deletes an unpaid position; a paid one is refused', async () => {
    const a = await t.desk.api.fees.create({ serviceId: 'cie', fiscalCode: CF, requestKey: 'gpd-ann-00001' });
    const b = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF2,
      requestKey: 'gpd-ann-00002',
    });
    if (!a.ok || !b.ok) throw new Error('create');
    const r = await t.desk.api.fees.annul({ nav: a.value.nav, reason: 'Servizio non più richiesto' });
    expect(r.ok && r.value.state).toBe('annulled');
    expect(t.fake.server.requests.some((q) => q.method === 'DELETE')).toBe(true);
    expect(t.fake.positions.size).toBe(1);
    t.fake.pay(b.value.nav);
    const p = await t.desk.api.fees.annul({ nav: b.value.nav, reason: 'Servizio non più richiesto' });
    expect(!p.ok && p.error.details?.['reason']).toBe('ALREADY_PAID');
  });
});

describe('GPD: two desks, 10,000 creations', () => {
  it('each desk uses only its own range; no IUV is ever posted for two positions, even after failures', async () => {
    const fake = fakeGpdFees({ organizationFiscalCode: EC, subscriptionKey: 'sub-key' });
    await fake.server.start();
    const dirs = [tempDir('sportello-d1-'), tempDir('sportello-d2-')];
    const ranges = [
      { from: 100_000, to: 109_999 },
      { from: 200_000, to: 209_999 },
    ];
    const desks = await Promise.all(
      ranges.map((r, i) =>
        gpdFeeDesk(r, { fake, dataDir: dirs[i]!.path, deskCode: `D${i + 1}`, timeoutMs: 5000 }),
      ),
    );
    // Every 97th POST is refused as invalid (a 400 is never retried) — those IUVs are burnt.
    let n = 0;
    fake.server.inject(
      { kind: 'refuse', status: 400, body: { title: 'Bad Request', status: 400 } },
      10_000,
      (q) => q.method === 'POST' && !q.path.endsWith('/publish') && ++n % 97 === 0,
    );
    const failed = [0, 0];
    try {
      await Promise.all(
        desks.map(async (d, i) => {
          const jobs = Array.from({ length: 5000 }, (_, k) => k);
          const worker = async () => {
            for (let k = jobs.shift(); k !== undefined; k = jobs.shift()) {
              const r = await d.desk.api.fees.create({
                serviceId: 'certificato-bollo',
                anonymous: true,
                requestKey: `d${i}-k${k}-xxxx`,
              });
              if (!r.ok) failed[i]!++;
            }
          };
          await Promise.all(Array.from({ length: 8 }, worker));
        }),
      );
      const created = [...fake.positions.values()].flatMap((p) =>
        p.paymentOption[0]!.installments.map((x) => x.iuv),
      );
      // A failure is a refusal, or a timeout after which GPD may hold the position as a DRAFT the same key
      // would finish: either way its IUV stays with that request.
      expect(created.length).toBeGreaterThanOrEqual(10_000 - failed[0]! - failed[1]!);
      expect(created.length).toBeLessThanOrEqual(10_000);
      expect(new Set(created).size).toBe(created.length);
      const allRows: string[] = [];
      for (const [i, d] of desks.entries()) {
        const rows = execFileSync(
          'sqlite3',
          [join(d.dir, 'sportello.sqlite'), 'SELECT iuv FROM fee_requests'],
          { encoding: 'utf8' },
        )
          .trim()
          .split('\n');
        expect(rows).toHaveLength(5000);
        expect(new Set(rows).size).toBe(5000);
        allRows.push(...rows);
        for (const iuv of rows) {
          const base = Number(iuv.slice(2, 15));
          expect(base >= ranges[i]!.from && base <= ranges[i]!.to).toBe(true);
        }
      }
      expect(failed[0]! + failed[1]!).toBeGreaterThan(0);
      // The two desks' IUVs never meet, and every IUV GPD holds is one a desk reserved.
      expect(new Set(allRows).size).toBe(10_000);
      const reserved = new Set(allRows);
      for (const iuv of created) expect(reserved.has(iuv)).toBe(true);
    } finally {
      await Promise.all(desks.map((d) => d.dispose()));
      await fake.server.stop();
      dirs.forEach((d) => d.remove());
    }
  }, 600_000);
});
