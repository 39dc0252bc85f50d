import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { startCaptureServer, type CaptureServer } from '../support/escpos/capture-server';
import { decodeEscPos } from '../support/escpos/decoder';
import { scanQr } from '../support/escpos/scan';
import { ARTIFACTS, expect, test as base } from './fixtures';

/**
 * Issue 20: the administrator chooses a printer's model in the form. Checked from outside the form: the
 * configuration file the desk wrote, and the test page's bytes as the printer receives them (decoded, the
 * raster QR scanned back).
 */
const FIRST_LOAD = { timeout: 30_000 };
/** The test page's QR payload (printing-service.ts). */
const TEST_QR = 'PAGOPA|002|301000000000012373|01199250158|1250';
const GS_K = Buffer.from([0x1d, 0x28, 0x6b]);

const test = base.extend<{ captures: [CaptureServer, CaptureServer] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  captures: async ({}, use) => {
    const servers = [await startCaptureServer(), await startCaptureServer()] as [
      CaptureServer,
      CaptureServer,
    ];
    await use(servers);
    await Promise.all(servers.map((s) => s.close()));
  },
});

async function allViolations(page: Page, selector: string): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).include(selector).analyze();
  return axe.violations.map((v) => `${v.id} (${v.impact})`);
}

type Saved = { printers: { list: Record<string, unknown>[] } };
const savedPrinter = (dataDir: string, id: string) =>
  (JSON.parse(readFileSync(join(dataDir, 'config.json'), 'utf8')) as Saved).printers.list.find(
    (p) => p['id'] === id,
  );

/**
 * Prints the test page from the row and returns it as the printer received it. The row's status check after
 * the page also connects (a 3-byte status request): the page is the job that says it is one.
 */
async function testPage(row: Locator, capture: CaptureServer) {
  const before = capture.jobs.length;
  await row.getByTestId('printer-test').click();
  await expect(row.getByTestId('printer-test-result')).toContainText('Pagina di prova inviata', FIRST_LOAD);
  const isPage = (b: Buffer) => decodeEscPos(b, 'epson').text.includes('PAGINA DI PROVA');
  await expect.poll(() => capture.jobs.slice(before).filter(isPage).length, FIRST_LOAD).toBe(1);
  const bytes = capture.jobs.slice(before).find(isPage)!;
  return { bytes, decoded: decodeEscPos(bytes, 'epson') };
}

test.describe('the printer model chosen in the form', () => {
  test.use({
    hostConfig: {
      printers: {
        default: null,
        // Keys the form does not show: an edit must keep them.
        list: [
          {
            id: 'cassa',
            name: 'Cassa',
            family: 'epson',
            width: 80,
            interface: 'tcp://127.0.0.1:9',
            dots: 512,
            confirm: 'flushed',
            timeoutMs: 4000,
          },
        ],
      },
    },
  });

  test('two printers: a model with the printer’s QR command, and «altro»; saved, reopened, printed', async ({
    page,
    host,
    captures,
  }) => {
    const [native, other] = captures;
    await page.goto(host.url, FIRST_LOAD);
    await page.getByTestId('printers-open').click(FIRST_LOAD);
    const dialog = page.getByRole('dialog', { name: 'Stampanti dello sportello' });
    await expect(dialog.getByTestId('printer-row').first()).toBeVisible(FIRST_LOAD);
    const form = dialog.getByTestId('printer-form');

    // 1. The existing printer gets a model with a reliable QR command, and its own address.
    const cassa = dialog.locator('[data-printer-id="cassa"]');
    await cassa.getByTestId('printer-edit').click();
    await expect(form.getByLabel('Modello')).toHaveValue('');
    await expect(form.getByTestId('printer-implies')).toContainText('512 punti per riga');
    await expect(form.getByTestId('printer-implies')).toContainText('nessun modello indicato');
    await form.getByLabel('Modello').selectOption('epson-tm-t20iii');
    // The printer's own dots (512, set by IT in the file) win over the model's 576.
    await expect(form.getByTestId('printer-implies')).toHaveText(
      'Con queste scelte: 512 punti per riga; QR con il comando della stampante (circa 1 KB per avviso) (comando affidabile per questo modello).',
    );
    await form.getByLabel('Collegamento').fill(native.uri);
    expect(await allViolations(page, '[data-testid="printers-dialog"]')).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/printer-model-form.png` });
    await form.getByTestId('printer-save').click();
    await expect(form).toHaveCount(0);
    expect(savedPrinter(host.dataDir, 'cassa')).toEqual({
      id: 'cassa',
      name: 'Cassa',
      family: 'epson',
      width: 80,
      interface: native.uri,
      dots: 512,
      charset: 'PC858_EURO',
      logo: null,
      timeoutMs: 4000,
      model: 'epson-tm-t20iii',
      qr: 'auto',
      confirm: 'flushed',
      baud: null,
    });
    let page1 = await testPage(cassa, native);
    expect(page1.bytes.includes(GS_K)).toBe(true);
    expect(page1.decoded.qrs.map((q) => q.data)).toEqual([TEST_QR]);

    // 2. A new printer of a model not in the list: «altro», the QR drawn as an image.
    await dialog.getByTestId('printer-add').click();
    await form.getByLabel('Nome').fill('Sportello due');
    await form.getByLabel('Modello').selectOption('');
    await expect(form.getByTestId('printer-implies')).toContainText(
      'come immagine disegnata dallo sportello',
    );
    await form.getByLabel('Collegamento').fill(other.uri);
    expect(await allViolations(page, '[data-testid="printers-dialog"]')).toEqual([]);
    await page.keyboard.press('Enter');
    await expect(form).toHaveCount(0);
    expect(savedPrinter(host.dataDir, 'sportello-due')).toMatchObject({ model: null, qr: 'auto' });
    const due = dialog.locator('[data-printer-id="sportello-due"]');
    const page2 = await testPage(due, other);
    expect(page2.bytes.includes(GS_K)).toBe(false);
    expect(page2.decoded.qrs).toEqual([]);
    expect(page2.decoded.images.map((i) => scanQr(i.bitmap)?.data).filter(Boolean)).toEqual([TEST_QR]);

    // 3. Reopened, each shows its model; the QR forced to an image on the first stays with its model.
    await cassa.getByTestId('printer-edit').click();
    await expect(form.getByLabel('Modello')).toHaveValue('epson-tm-t20iii');
    await expect(form.getByLabel('Codice QR')).toHaveValue('auto');
    await form.getByLabel('Codice QR').selectOption('raster');
    await expect(form.getByTestId('printer-implies')).toContainText(
      'come immagine disegnata dallo sportello',
    );
    await expect(form.getByTestId('printer-implies')).toContainText('scelto qui sotto');
    await page.keyboard.press('Enter');
    await expect(form).toHaveCount(0);
    expect(savedPrinter(host.dataDir, 'cassa')).toMatchObject({
      model: 'epson-tm-t20iii',
      qr: 'raster',
      dots: 512,
      confirm: 'flushed',
    });
    page1 = await testPage(cassa, native);
    expect(page1.bytes.includes(GS_K)).toBe(false);
    expect(page1.decoded.images.map((i) => scanQr(i.bitmap)?.data).filter(Boolean)).toEqual([TEST_QR]);
    await due.getByTestId('printer-edit').click();
    await expect(form.getByLabel('Modello')).toHaveValue('');
    await page.keyboard.press('Escape');

    // 4. A model picked sets its family: a Star model on an Epson printer cannot be saved by a slip.
    await due.getByTestId('printer-edit').click();
    await form.getByLabel('Modello').selectOption('star-tsp650ii');
    await expect(form.getByLabel('Tipo di stampante')).toHaveValue('star');
    await form.getByLabel('Tipo di stampante').selectOption('epson');
    await page.keyboard.press('Enter');
    await expect(form.getByTestId('printer-form-error')).toContainText('non è stata salvata');
    await expect(form.locator('#printer-model-error')).toContainText('di un’altra famiglia');
    await page.keyboard.press('Escape');
    expect(savedPrinter(host.dataDir, 'sportello-due')).toMatchObject({ family: 'epson', model: null });
  });
});
