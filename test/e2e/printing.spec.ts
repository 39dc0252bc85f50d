import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Cents } from '../../core/money';
import { A4_IT } from '../../core/notice/a4-texts';
import { formatEuroSymbol } from '../../core/money';
import { buildPagoPaQrPayload, parsePagoPaQrPayload } from '../../core/payloads/pagopa-qr';
import { DEMO_EC } from '../../electron/services/demo/dataset';
import { refusedPort, startCaptureServer, type CaptureServer } from '../support/escpos/capture-server';
import { decodeEscPos } from '../support/escpos/decoder';
import { lateListener } from '../support/escpos/late-listener';
import { scanQr } from '../support/escpos/scan';
import { inspectPdf, zbarQr } from '../support/pdf/inspect';
import { ARTIFACTS, expect, test as base } from './fixtures';

const CF = 'RSSMRA80A01H501U';
const FIRST_LOAD = { timeout: 30_000 };

/**
 * The capture server and the refused port exist before the host: the host's configuration is a fixture that
 * depends on them, so each test gets a printer whose port is known when the desk starts.
 */
const test = base.extend<{ capture: CaptureServer; refused: number }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  capture: async ({}, use) => {
    const server = await startCaptureServer();
    await use(server);
    await server.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  refused: async ({}, use) => use(await refusedPort()),
  hostConfig: async ({ capture, refused }, use) =>
    use({
      printers: {
        list: [
          { id: 'banco', name: 'Banco 1', family: 'epson', width: 80, interface: capture.uri },
          {
            id: 'guasta',
            name: 'Banco 2',
            family: 'epson',
            width: 80,
            interface: `tcp://127.0.0.1:${refused}`,
            timeoutMs: 1500,
          },
        ],
        default: 'banco',
      },
    }),
});

async function identify(page: Page, url: string): Promise<void> {
  await page.goto(url, FIRST_LOAD);
  await expect(page.getByTestId('cf-input')).toBeFocused(FIRST_LOAD);
  await page.keyboard.type(CF);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('position').first()).toBeVisible(FIRST_LOAD);
}

/** Selects the n-th payable option of the demo municipality and returns its NAV and the QR payload it must print. */
async function selectOption(page: Page, n: number): Promise<{ nav: string; payload: string }> {
  const row = page
    .locator('[data-testid="position"]', { hasText: DEMO_EC.name })
    .locator('[data-testid="option"]', { has: page.locator('[data-testid="option-select"]:enabled') })
    .nth(n);
  const nav = (await row.getAttribute('data-nav'))!;
  const shown = (await row.getByTestId('option-amount').textContent())!.trim();
  await row.getByTestId('option-select').check();
  // The amount the clerk sees, in cents, must be the one the QR carries: find it among plausible cents.
  const cents = Number(shown.replace(/[^\d]/g, '')) as Cents;
  expect(formatEuroSymbol(cents)).toBe(shown);
  const built = buildPagoPaQrPayload({ nav, ecFiscalCode: DEMO_EC.fiscalCode, amount: cents });
  if (!built.ok) throw new Error(`demo option ${nav} has no valid payload`);
  return { nav, payload: built.value };
}

function jobsWith(capture: CaptureServer, nav: string) {
  return capture.jobs
    .map((bytes) => decodeEscPos(bytes, 'epson'))
    .filter((d) => d.text.replace(/\s/g, '').includes(nav));
}

test.describe('printing notices on a thermal printer through the desk', () => {
  test('preview, print with Enter (once), sent notification, raster QR scans to the payload, reprint with confirmation', async ({
    page,
    host,
    capture,
  }) => {
    await identify(page, host.url);
    await expect(page.getByTestId('status-printer')).toContainText('Banco 1');
    await expect(page.getByTestId('print-open')).toBeDisabled();
    const { nav, payload } = await selectOption(page, 0);

    await page.keyboard.press('Control+P');
    const dialog = page.getByRole('dialog', { name: 'Anteprima dell’avviso' });
    await expect(dialog).toBeVisible();
    const img = dialog.getByTestId('notice-preview-image');
    await expect(img).toBeVisible(FIRST_LOAD);
    expect(await img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(576);
    await expect(dialog.getByTestId('print-printer')).toHaveValue('banco');
    await expect(dialog.getByTestId('print-submit')).toBeFocused();
    await page.screenshot({ path: `${ARTIFACTS}/print-preview.png` });
    const axe = await new AxeBuilder({ page }).include('[data-testid="print-dialog"]').analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);

    // Focus stays in the dialog.
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await dialog.getByTestId('print-submit').focus();

    // A double Enter is one clerk action: one job, one slip.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const note = page.getByTestId('print-notification').first();
    await expect(note).toHaveAttribute('data-state', 'sent', FIRST_LOAD);
    await expect(note).toContainText('inviato alla stampante Banco 1');
    await expect(note).not.toContainText('stampato');
    await expect(dialog).toHaveCount(0);
    await capture.waitForJobs(1);
    const [slip] = jobsWith(capture, nav);
    expect(slip, 'the captured job carries the NAV').toBeDefined();
    const scanned = slip!.images.map((i) => scanQr(i.bitmap)?.data).filter((x): x is string => !!x);
    expect(scanned).toEqual([payload]);
    expect(parsePagoPaQrPayload(scanned[0]!).ok).toBe(true);
    expect(slip!.cuts).toBeGreaterThan(0);
    await page.getByTestId('print-jobs').locator('summary').click();
    await expect(page.getByTestId('print-job')).toHaveCount(1);
    await page.screenshot({ path: `${ARTIFACTS}/print-sent.png`, fullPage: true });

    // Printing the same options again from the dialog needs an explicit confirmation.
    await page.keyboard.press('Control+P');
    await expect(dialog.getByTestId('print-already-sent')).toBeVisible();
    await expect(dialog.getByTestId('print-submit')).toBeDisabled();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    // Reprint from the jobs list: asks, then sends a new job recorded as a reprint.
    await page.getByTestId('job-reprint').first().click();
    const confirm = page.getByRole('alertdialog');
    await expect(confirm).toContainText('già stato inviato alla stampante Banco 1');
    await expect(confirm.getByTestId('reprint-no')).toBeFocused();
    await confirm.getByTestId('reprint-yes').click();
    await expect(confirm).toHaveCount(0);
    await expect(page.getByTestId('print-job')).toHaveCount(2);
    await expect(page.getByTestId('print-job').first()).toHaveAttribute('data-state', 'sent');
    await expect(page.getByTestId('print-job').first()).toContainText('ristampa');
    await capture.waitForJobs(2);
    expect(jobsWith(capture, nav)).toHaveLength(2);
  });

  test('a refused printer fails with the Italian reason and Retry sends the same job once it listens', async ({
    page,
    host,
    capture,
    refused,
  }) => {
    await identify(page, host.url);
    const { nav } = await selectOption(page, 1);
    await page.getByTestId('print-open').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible(FIRST_LOAD);
    await dialog.getByTestId('print-printer').selectOption('guasta');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible();
    await dialog.getByTestId('print-printer').focus();
    await page.keyboard.press('Enter');
    const note = page.getByTestId('print-notification').first();
    await expect(note).toHaveAttribute('data-state', 'failed', FIRST_LOAD);
    await expect(note).toContainText('Invio non riuscito a Banco 2');
    await expect(note).toContainText('rifiuta la connessione');
    await expect(page.getByTestId('status-printer')).toContainText('non raggiungibile');
    await page.screenshot({ path: `${ARTIFACTS}/print-failed.png`, fullPage: true });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);

    const late = lateListener(refused, capture);
    await late.listen();
    try {
      await note.getByTestId('print-retry').click();
      await expect(note).toHaveAttribute('data-state', 'sent', FIRST_LOAD);
      await expect(note).toContainText('inviato alla stampante Banco 2');
      await capture.waitForJobs(1);
      expect(jobsWith(capture, nav)).toHaveLength(1);
      await page.getByTestId('print-jobs').locator('summary').click();
      await expect(page.getByTestId('print-job')).toHaveCount(1);
      await expect(page.getByTestId('print-job').first()).toContainText('tentativi: 2');
    } finally {
      await late.close();
    }
  });

  test('printers section with status and test page; A4 PDF offered as a download', async ({
    page,
    host,
    capture,
  }) => {
    await identify(page, host.url);
    await page.getByTestId('printers-open').click();
    const dialog = page.getByRole('dialog', { name: 'Stampanti dello sportello' });
    await expect(dialog.getByTestId('printers-note')).toContainText('file di configurazione');
    await expect(dialog.getByTestId('printer-row')).toHaveCount(3);
    const banco = dialog.locator('[data-printer-id="banco"]');
    await expect(banco).toContainText('predefinita');
    await expect(banco).toContainText('80 mm');
    await banco.getByTestId('printer-check').click();
    await expect(banco.getByTestId('printer-status')).toContainText('raggiungibile');
    await banco.getByTestId('printer-test').click();
    await expect(banco.getByTestId('printer-test-result')).toContainText(
      'Pagina di prova inviata',
      FIRST_LOAD,
    );
    await expect
      .poll(() => capture.jobs.some((j) => decodeEscPos(j, 'epson').text.includes('Banco 1')))
      .toBe(true);
    const guasta = dialog.locator('[data-printer-id="guasta"]');
    await guasta.getByTestId('printer-check').click();
    await expect(guasta.getByTestId('printer-status')).toContainText('non raggiungibile');
    await page.screenshot({ path: `${ARTIFACTS}/printers.png` });
    const axe = await new AxeBuilder({ page }).include('[data-testid="printers-dialog"]').analyze();
    expect(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);

    await selectOption(page, 0);
    await page.getByTestId('print-pdf').click();
    const link = page.getByTestId('print-pdf-link');
    await expect(link).toBeVisible(FIRST_LOAD);
    expect(await link.getAttribute('href')).toMatch(/^blob:/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('avviso-pagopa.pdf');
    const path = await download.path();
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('the demo fine prints as the Codice della Strada A4 model: both amounts, both codes scan', async ({
    page,
    host,
  }) => {
    await identify(page, host.url);
    const fine = page.locator('[data-testid="position"]', { hasText: 'Sanzione codice della strada' });
    const boxes = fine.locator('[data-testid="option-select"]:enabled');
    await expect(boxes).toHaveCount(2);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.getByTestId('print-pdf').click();
    const link = page.getByTestId('print-pdf-link');
    await expect(link).toBeVisible(FIRST_LOAD);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const { copyFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'sportello-e2e-cds-'));
    const pdf = join(dir, 'cds.pdf');
    copyFileSync(await download.path(), pdf);
    const pages = inspectPdf(readFileSync(pdf), dir, 'cds');
    for (const s of [
      A4_IT.howMuchWhen,
      A4_IT.fine.discounted,
      A4_IT.fine.reduced,
      '29,40 Euro',
      '42,00 Euro',
    ])
      expect(pages.flat).toContain(s);
    const qrs = pages.pages.flatMap(zbarQr).map((q) => q.split('|').pop());
    expect(qrs.sort()).toEqual(['2940', '4200']);
  });
});

base.describe('printing in demo mode', () => {
  base(
    'the preview printer is the default, says no paper is printed, and the dialog speaks English too',
    async ({ page, host }) => {
      await identify(page, host.url);
      await expect(page.getByTestId('status-printer')).toContainText('anteprima a schermo');
      await page.locator('[data-testid="option-select"]:enabled').first().check();
      await page.keyboard.press('Control+P');
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByTestId('notice-preview-image')).toBeVisible(FIRST_LOAD);
      await expect(dialog.getByTestId('print-printer')).toHaveValue('preview');
      await expect(dialog.getByTestId('print-preview-printer')).toContainText('nessun foglio');
      await page.keyboard.press('Enter');
      const note = page.getByTestId('print-notification').first();
      await expect(note).toHaveAttribute('data-state', 'sent', FIRST_LOAD);
      await expect(note).toContainText('stampante di anteprima');

      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await expect(note).toContainText('preview printer');
      await page.getByTestId('print-open').click();
      await expect(page.getByRole('dialog', { name: 'Notice preview' })).toBeVisible();
      await expect(page.getByTestId('print-already-sent')).toContainText('already sent');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    },
  );
});
