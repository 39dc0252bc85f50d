import { mkdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANCHOR_FILE } from '../../../electron/services/audit/audit-chain';
import { startCaptureServer, type CaptureServer } from '../../support/escpos/capture-server';
import { decodeEscPos } from '../../support/escpos/decoder';
import { govpayFeeDesk } from '../../support/fees';

const CF = 'RSSMRA80A01H501U';

let capture: CaptureServer;
let t: Awaited<ReturnType<typeof govpayFeeDesk>>;
beforeEach(async () => {
  capture = await startCaptureServer();
  t = await govpayFeeDesk({}, undefined, {
    printers: {
      list: [
        { id: 'banco', name: 'Banco', family: 'epson', width: 58, interface: capture.uri },
        { id: 'star', name: 'Star', family: 'star', width: 80, interface: capture.uri },
      ],
      default: 'banco',
    },
  });
});
afterEach(async () => {
  await t.dispose();
  await capture.close();
});

describe('the receipt on thermal printers', () => {
  it('goes to two printers over TCP; the bytes decode to the RT’s data; audited each time', async () => {
    const c = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF,
      payerName: 'ROSSI MARIO',
      requestKey: 'rcpt-print-001',
    });
    if (!c.ok) throw new Error(c.error.code);
    // Not paid yet: nothing goes to the printer.
    const early = await t.desk.api.fees.printReceipt({ nav: c.value.nav });
    expect(!early.ok && early.error.details?.['reason']).toBe('NO_RECEIPT');
    expect(capture.jobs).toHaveLength(0);
    t.fake.pay(c.value.nav, '2026-12-04T10:15:30');
    for (const [i, [printerId, family]] of (
      [
        ['banco', 'epson'],
        ['star', 'star'],
      ] as const
    ).entries()) {
      const r = await t.desk.api.fees.printReceipt({ nav: c.value.nav, printerId });
      expect(r.ok && r.value.printerId).toBe(printerId);
      const [job] = (await capture.waitForJobs(i + 1)).slice(i);
      const text = decodeEscPos(job!, family).text;
      expect(text).toContain('RICEVUTA DI PAGAMENTO');
      expect(text).toContain('Banca di Prova S.p.A.');
      expect(text).toContain('IUR' + c.value.nav.slice(-8));
      expect(text).toContain('€ 22,21');
      expect(text).not.toContain('DEMO');
    }
    const audit = t.desk.services.audit.list().filter((r) => r.action === 'fee.receipt-printed');
    expect(audit.map((a) => JSON.parse(a.details).printerId)).toEqual(['banco', 'star']);
  });

  it('is neither printed nor exported while its act cannot be audited, twice; then it is printed', async () => {
    const c = await t.desk.api.fees.create({
      serviceId: 'cie',
      fiscalCode: CF,
      payerName: 'ROSSI MARIO',
      requestKey: 'rcpt-audit-first',
    });
    if (!c.ok) throw new Error(c.error.code);
    t.fake.pay(c.value.nav, '2026-12-04T10:15:30');
    // The audit anchor swapped for a directory: every audit row is refused until it is back.
    const anchor = join(t.desk.services.platform.paths.dataDir, ANCHOR_FILE);
    renameSync(anchor, `${anchor}.away`);
    mkdirSync(anchor);
    for (const printerId of ['banco', 'star']) {
      const r = await t.desk.api.fees.printReceipt({ nav: c.value.nav, printerId });
      expect(r).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
      const pdf = await t.desk.api.fees.receiptPdf({ nav: c.value.nav });
      expect(pdf).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
    }
    expect(capture.jobs).toHaveLength(0);
    rmdirSync(anchor);
    renameSync(`${anchor}.away`, anchor);
    expect(await t.desk.api.fees.printReceipt({ nav: c.value.nav, printerId: 'banco' })).toMatchObject({
      ok: true,
    });
    expect(await capture.waitForJobs(1)).toHaveLength(1);
  });
});
