import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { parsePagoPaQrPayload } from '../../core/payloads/pagopa-qr';
import { DEMO_EC } from '../../electron/services/demo/dataset';
import { startCaptureServer, type CaptureServer } from '../support/escpos/capture-server';
import { decodeEscPos } from '../support/escpos/decoder';
import { scanQr } from '../support/escpos/scan';
import { GOVPAY_BASE } from '../support/fake-backends/govpay';
import { fakeGovPayFees } from '../support/fake-backends/govpay-fees';
import { EC, EC_NAME, exampleServices } from '../support/fees';
import type { HostProcess } from '../support/host-process';
import { startHostProcess } from '../support/host-process';
import { tempDir } from '../support/temp';
import { ARTIFACTS, expect, test as base } from './fixtures';

const FIRST_LOAD = { timeout: 30_000 };
const CITIZENS = ['RSSMRA80A01H501U', 'BNCLRA85M41F205C'];

const test = base.extend<{ capture: CaptureServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  capture: async ({}, use) => {
    const server = await startCaptureServer();
    await use(server);
    await server.close();
  },
  hostConfig: async ({ capture }, use) =>
    use({
      printers: {
        list: [{ id: 'banco', name: 'Banco 1', family: 'epson', width: 80, interface: capture.uri }],
        default: 'banco',
      },
    }),
});

async function identify(page: Page, cf: string): Promise<void> {
  await expect(page.getByTestId('cf-input')).toBeFocused(FIRST_LOAD);
  await page.keyboard.type(cf);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('identity-code')).toContainText(cf, FIRST_LOAD);
}

test.describe('a fee asked at the desk, keyboard only (demo mode)', () => {
  test('F7, type-ahead, quantity, Enter: the demo position is created and its notice printed; then checked', async ({
    page,
    host,
    capture,
  }) => {
    await page.goto(host.url, FIRST_LOAD);
    for (const [n, cf] of CITIZENS.entries()) {
      await identify(page, cf);
      await page.keyboard.press('F7');
      const dialog = page.getByTestId('fee-dialog');
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('fee-demo')).toContainText('DEMO');
      await expect(dialog.getByTestId('fee-service')).toBeFocused();
      await page.keyboard.type('copie');
      await page.keyboard.press('Enter');
      await expect(dialog.getByTestId('fee-qty')).toBeFocused();
      // Out of range first: refused with the rule's words, nothing can be confirmed.
      await page.keyboard.type('999');
      await expect(dialog.getByTestId('fee-quote-error')).toContainText('Quantità fuori dai limiti');
      await expect(dialog.getByTestId('fee-confirm')).toBeDisabled();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(String(12 + n));
      await expect(dialog.getByTestId('fee-total')).toHaveText(n === 0 ? '€ 3,00' : '€ 3,25');
      await expect(dialog.getByTestId('fee-payer-citizen')).toBeChecked();
      if (n === 0) {
        await page.screenshot({ path: `${ARTIFACTS}/fee-dialog.png` });
        const axe = await new AxeBuilder({ page }).include('[data-testid="fee-dialog"]').analyze();
        expect(
          axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
        ).toEqual([]);
      }
      await page.keyboard.press('Enter');
      const print = page.getByTestId('print-dialog');
      await expect(print).toBeVisible(FIRST_LOAD);
      await expect(dialog).toBeHidden();
      const navText = (await print.getByTestId('print-navs').textContent())!.replace(/\s/g, '');
      const nav = /\d{18}/.exec(navText)![0];
      await expect(print.getByTestId('print-submit')).toBeFocused(FIRST_LOAD);
      await page.keyboard.press('Enter');
      const [job] = await capture.waitForJobs(n + 1).then((jobs) => jobs.slice(n));
      const decoded = decodeEscPos(job!, 'epson');
      expect(decoded.text).toContain('(DEMO)');
      // The raster QR scanned back from the bytes the printer got.
      const scanned = decoded.images.map((i) => scanQr(i.bitmap)?.data).filter((x): x is string => !!x);
      expect(scanned).toHaveLength(1);
      const payload = parsePagoPaQrPayload(scanned[0]!);
      expect(payload.ok && payload.value).toMatchObject({
        nav,
        ecFiscalCode: DEMO_EC.fiscalCode,
        amount: n === 0 ? 300 : 325,
      });
      // The new position is among the citizen's at once; "Verifica pagamento" reads it.
      const row = page.locator(`[data-testid="option"][data-nav="${nav}"]`);
      await expect(row).toBeVisible();
      await row.getByTestId('payment-check').click();
      await expect(row.getByTestId('payment-check-result')).toHaveAttribute('data-state', 'not-paid');
      // Next citizen: nothing of this one (the check result, the fee) stays on screen.
      await page.getByTestId('cf-input').focus();
      await page.keyboard.press('Escape');
      await expect(row).toBeHidden();
      await expect(page.getByTestId('identity-empty')).toBeVisible();
    }
  });
});

const govpayTest = base.extend<{ govpay: ReturnType<typeof fakeGovPayFees>; host: HostProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  govpay: async ({}, use) => {
    const fake = fakeGovPayFees({
      username: 'sportello',
      password: 's3greta',
      domini: [{ idDominio: EC, ragioneSociale: EC_NAME }],
      tipiPendenza: ['CIE', 'DIRITTI', 'COPIE'],
    });
    await fake.server.start();
    await use(fake);
    await fake.server.stop();
  },
  host: async ({ govpay }, use) => {
    const dir = tempDir('sportello-e2e-fees-');
    const secrets = join(dir.path, 'secrets.json');
    writeFileSync(secrets, JSON.stringify({ 'govpay.password': 's3greta' }), { mode: 0o600 });
    const host = await startHostProcess({
      dataDir: dir.path,
      config: {
        backend: {
          kind: 'govpay',
          baseUrl: `${govpay.server.url}${GOVPAY_BASE}`,
          auth: { mode: 'basic', username: 'sportello', passwordSecret: 'govpay.password' },
          idDominio: EC,
          timeoutMs: 1500,
          retries: 0,
        },
        services: exampleServices(),
      },
      env: { SPORTELLO_SECRETS: secrets },
    });
    await use(host);
    await host.stop();
    dir.remove();
  },
});

govpayTest.describe('a fee on GovPay', () => {
  govpayTest(
    'a refusal is shown in the clerk’s words with GovPay’s own; Enter again creates one pendenza',
    async ({ page, host, govpay }) => {
      await page.goto(host.url, FIRST_LOAD);
      await identify(page, CITIZENS[0]!);
      await page.keyboard.press('F7');
      const dialog = page.getByTestId('fee-dialog');
      await expect(dialog.getByTestId('fee-service')).toBeFocused();
      await page.keyboard.type('identit');
      await page.keyboard.press('Enter');
      await expect(dialog.getByTestId('fee-total')).toHaveText('€ 22,21');
      // Anonymous is not allowed for the CIE.
      await expect(dialog.getByTestId('fee-payer-anonymous')).toBeDisabled();
      for (const [status, categoria, descrizione, says] of [
        [
          400,
          'RICHIESTA',
          'Il campo soggettoPagatore non è valido',
          'Il servizio ha rifiutato i dati della posizione.',
        ],
        [503, 'INTERNO', 'Servizio non disponibile', 'Il servizio pagamenti non è disponibile.'],
      ] as const) {
        govpay.server.inject(
          { kind: 'refuse', status, body: { categoria, codice: 'X', descrizione } },
          1,
          (r) => r.method === 'PUT',
        );
        await page.keyboard.press('Enter');
        const error = dialog.getByTestId('fee-error');
        await expect(error).toContainText(says, FIRST_LOAD);
        await expect(error).toContainText(`Il servizio dice: «${descrizione}»`);
        await expect(page.getByTestId('print-dialog')).toBeHidden();
      }
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('print-dialog')).toBeVisible(FIRST_LOAD);
      const puts = govpay.server.requests.filter((r) => r.method === 'PUT');
      expect(puts).toHaveLength(3);
      // One confirmation, three attempts: one idPendenza, one pendenza.
      expect(new Set(puts.map((r) => r.path)).size).toBe(1);
      expect(govpay.byId.size).toBe(1);
      const nav = [...govpay.byId.values()][0]!.numeroAvviso;
      await expect(page.getByTestId('print-dialog').getByTestId('print-navs')).toContainText(nav.slice(0, 4));
    },
  );
});
