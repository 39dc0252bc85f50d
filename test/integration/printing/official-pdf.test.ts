import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pendenza } from '../../support/fake-backends/data';
import { govpayDesk } from '../positions/desk-helpers';

const CF = 'RSSMRA80A01H501U';

let t: Awaited<ReturnType<typeof govpayDesk>>;

beforeEach(async () => {
  t = await govpayDesk([pendenza({ serial: 7, debtor: CF, importo: 25 })], { timeoutMs: 1000, retries: 0 });
});
afterEach(() => t.dispose());

const pdfText = (dataUrl: string) => Buffer.from(dataUrl.split(',')[1]!, 'base64').toString('latin1');

describe('A4 notice from the backend when its connector offers one', () => {
  it("serves GovPay's official PDF, and the locally composed one when GovPay cannot answer", async () => {
    const refreshed = await t.desk.api.positions.refresh({ fiscalCode: CF });
    if (!refreshed.ok) throw new Error(JSON.stringify(refreshed.error));
    const option = refreshed.value.positions[0]!.options[0]!;

    const official = await t.desk.api.notices.pdf({ optionIds: [option.id] });
    if (!official.ok) throw new Error(JSON.stringify(official.error));
    expect(official.value.source).toBe('backend');
    expect(pdfText(official.value.pdf)).toContain('% fake notice');
    const asked = t.fake.server.requests.filter((q) => q.path.includes('/avvisi/'));
    expect(asked.map((q) => q.path.split('/avvisi/')[1])).toEqual([
      `${refreshed.value.positions[0]!.creditor.fiscalCode}/${option.nav}`,
    ]);
    expect(t.fake.server.violations).toEqual([]);

    await t.fake.server.stop();
    const local = await t.desk.api.notices.pdf({ optionIds: [option.id] });
    if (!local.ok) throw new Error(JSON.stringify(local.error));
    expect(local.value.source).toBe('local');
    expect(pdfText(local.value.pdf).startsWith('%PDF-')).toBe(true);
    expect(pdfText(local.value.pdf)).not.toContain('% fake notice');
  });
});
