import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startCaptureServer, type CaptureServer } from '../support/escpos/capture-server';
import { decodeEscPos } from '../support/escpos/decoder';
import { tempDir } from '../support/temp';
import { ARTIFACTS, expect, test as base } from './fixtures';

const FIRST_LOAD = { timeout: 30_000 };

async function seriousViolations(page: Page, selector: string): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).include(selector).analyze();
  return axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

async function openPrinters(page: Page, url: string) {
  await page.goto(url, FIRST_LOAD);
  await page.getByTestId('printers-open').click(FIRST_LOAD);
  const dialog = page.getByRole('dialog', { name: 'Stampanti dello sportello' });
  await expect(dialog.getByTestId('printer-row').first()).toBeVisible(FIRST_LOAD);
  return dialog;
}

const test = base.extend<{ capture: CaptureServer }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  capture: async ({}, use) => {
    const server = await startCaptureServer();
    await use(server);
    await server.close();
  },
});

test.describe('printers edited from the desk', () => {
  test.use({ hostConfig: { deskName: 'Sportello prova' } });

  test('add a printer through the form, see the Italian errors, save, test page, default, edit, delete', async ({
    page,
    host,
    capture,
  }) => {
    const dialog = await openPrinters(page, host.url);
    await expect(dialog.getByTestId('printers-note')).toContainText('valgono subito');
    await expect(dialog.getByTestId('printer-row')).toHaveCount(1);

    await dialog.getByTestId('printer-add').click();
    const form = dialog.getByTestId('printer-form');
    await expect(form.getByRole('heading', { name: 'Nuova stampante' })).toBeVisible();
    await expect(form.getByLabel('Nome')).toBeFocused();
    await page.keyboard.type('Banco nuovo');
    await form.getByLabel('Tipo di stampante').selectOption('epson');
    await form.getByLabel('Collegamento').fill('tcp://127.0.0.1:99999');
    await page.keyboard.press('Enter');
    await expect(form.getByTestId('printer-interface-error')).toHaveText(
      'La porta 99999 non esiste: deve essere tra 1 e 65535.',
    );
    await expect(form.getByLabel('Collegamento')).toHaveAttribute('aria-invalid', 'true');
    await expect(form.getByLabel('Collegamento')).toBeFocused();
    await expect(form.getByTestId('printer-form-error')).toContainText('non è stata salvata');
    await form.getByLabel('Collegamento').fill('http://127.0.0.1');
    await expect(form.getByTestId('printer-interface-error')).toContainText(
      'Collegamento «http://» sconosciuto',
    );
    await form.getByLabel('Collegamento').fill('tcp://127.0.0.1:');
    await expect(form.getByTestId('printer-interface-error')).toContainText('Manca il numero di porta');
    await page.screenshot({ path: `${ARTIFACTS}/printer-form-error.png` });
    expect(await seriousViolations(page, '[data-testid="printers-dialog"]')).toEqual([]);

    // A logo the printer could not load is refused by the desk, under its field.
    await form.getByLabel('Collegamento').fill(capture.uri);
    await form.getByLabel('Logo (facoltativo)').fill(join(host.dataDir, 'manca.png'));
    await page.keyboard.press('Enter');
    await expect(form.getByTestId('printer-logo-error')).toHaveText('Il file del logo non esiste.');
    await form.getByLabel('Logo (facoltativo)').fill('');
    await form.getByTestId('printer-width-58').check();
    await form.getByLabel('Tempo massimo di attesa (millisecondi)').fill('3000');
    await expect(form.getByTestId('printer-interface-error')).toHaveCount(0);
    await page.keyboard.press('Enter');

    await expect(form).toHaveCount(0);
    await expect(dialog.getByTestId('printers-notice')).toContainText('Stampante «Banco nuovo» salvata.');
    const row = dialog.locator('[data-printer-id="banco-nuovo"]');
    await expect(row).toContainText('58 mm');
    await expect(row).toContainText(capture.uri);
    const saved = JSON.parse(readFileSync(join(host.dataDir, 'config.json'), 'utf8')) as {
      deskName: string;
      printers: { list: { id: string; interface: string; width: number; timeoutMs: number }[] };
    };
    expect(saved.deskName).toBe('Sportello prova');
    expect(saved.printers.list).toMatchObject([
      { id: 'banco-nuovo', interface: capture.uri, width: 58, timeoutMs: 3000 },
    ]);

    // Default, then the test page one key away: it reaches the new printer without a restart.
    await row.getByTestId('printer-make-default').click();
    await expect(row.getByTestId('printer-default-badge')).toBeVisible();
    await expect(dialog.getByTestId('printers-notice')).toContainText('ora la stampante predefinita');
    await expect(page.getByTestId('status-printer')).toContainText('Banco nuovo');
    // Focus did not fall to <body> with the "Predefinita" button: it is on "test now", one Enter away.
    await expect(dialog.getByTestId('printer-test-now')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(row.getByTestId('printer-test-result')).toContainText('Pagina di prova inviata', FIRST_LOAD);
    // The test page's outcome checks the printer again: the row no longer says it was never checked.
    await expect(row.getByTestId('printer-status')).not.toContainText('non verificat');
    await expect(row.getByTestId('printer-status')).toContainText(/\d\d:\d\d/);
    const [job] = await capture.waitForJobs(1);
    expect(decodeEscPos(job!, 'epson').text).toContain('Banco nuovo');
    await page.screenshot({ path: `${ARTIFACTS}/printer-saved.png` });

    // Edit keeps the id; Esc leaves the form without saving.
    await row.getByTestId('printer-edit').click();
    await expect(form.getByLabel('Nome')).toHaveValue('Banco nuovo');
    await form.getByTestId('printer-width-80').check();
    await page.keyboard.press('Escape');
    await expect(form).toHaveCount(0);
    await expect(dialog).toBeVisible();
    await expect(row).toContainText('58 mm');
    await row.getByTestId('printer-edit').click();
    await form.getByTestId('printer-width-80').check();
    await page.keyboard.press('Enter');
    await expect(row).toContainText('80 mm');

    // Delete asks first, with Cancel focused.
    await row.getByTestId('printer-remove').click();
    const confirm = page.getByRole('alertdialog', { name: 'Eliminare la stampante?' });
    await expect(confirm).toContainText('È la stampante predefinita');
    await expect(confirm.getByTestId('printer-remove-no')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toHaveCount(0);
    await expect(row).toHaveCount(1);
    await row.getByTestId('printer-remove').click();
    await confirm.getByTestId('printer-remove-yes').click();
    await expect(row).toHaveCount(0);
    await expect(dialog.getByTestId('printers-notice')).toContainText('eliminata');
    await expect(dialog.locator('[data-printer-id="preview"]')).toContainText('predefinita');
    await expect(page.getByTestId('status-printer')).toContainText('anteprima a schermo');
  });

  test('the form speaks English too', async ({ page, host }) => {
    await page.goto(host.url, FIRST_LOAD);
    await page.getByRole('button', { name: 'EN', exact: true }).click(FIRST_LOAD);
    await page.getByTestId('printers-open').click();
    const dialog = page.getByRole('dialog', { name: 'Printers of this desk' });
    await dialog.getByTestId('printer-add').click();
    const form = dialog.getByTestId('printer-form');
    await form.getByLabel('Name').fill('Front desk');
    await expect(form.getByLabel('Model')).toHaveValue('');
    await expect(form.getByTestId('printer-implies')).toContainText('as an image drawn by the desk');
    await form.getByLabel('Model').selectOption('epson-tm-m30');
    await expect(form.getByTestId('printer-implies')).toContainText('reliable command for this model');
    await form.getByLabel('Connection').fill('192.168.1.50:9100');
    await page.keyboard.press('Enter');
    await expect(form.getByTestId('printer-interface-error')).toHaveText(
      '“tcp://” is missing before the network address: did you mean tcp://192.168.1.50:9100?',
    );
    await page.keyboard.press('Escape');
    await expect(form).toHaveCount(0);
  });
});

const admin = tempDir('sportello-admin-');
const adminFile = join(admin.path, 'admin.json');
writeFileSync(
  adminFile,
  JSON.stringify({
    printers: {
      default: 'ufficio',
      list: [{ id: 'ufficio', name: 'Ufficio', family: 'star', width: 58, interface: '/dev/usb/lp9' }],
    },
  }),
);

base.describe('printers fixed by the administrator', () => {
  base.use({ hostEnv: { SPORTELLO_ADMIN_CONFIG: adminFile } });
  base.afterAll(() => admin.remove());

  base('are shown with the fields disabled and the reason given', async ({ page, host }) => {
    const dialog = await openPrinters(page, host.url);
    await expect(dialog.getByTestId('printers-note')).toContainText('fissate dall’assistenza informatica');
    await expect(dialog.getByTestId('printer-add')).toBeDisabled();
    const row = dialog.locator('[data-printer-id="ufficio"]');
    await expect(row.getByTestId('printer-remove')).toBeDisabled();
    await expect(
      dialog.locator('[data-printer-id="preview"]').getByTestId('printer-make-default'),
    ).toBeDisabled();
    await row.getByTestId('printer-edit').click();
    const form = dialog.getByTestId('printer-form');
    await expect(form.getByTestId('printer-form-locked')).toContainText('fissate');
    await expect(form.getByLabel('Nome')).toBeDisabled();
    await expect(form.getByLabel('Collegamento')).toHaveValue('/dev/usb/lp9');
    await expect(form.getByLabel('Collegamento')).toBeDisabled();
    await expect(form.getByTestId('printer-save')).toHaveCount(0);
    expect(await seriousViolations(page, '[data-testid="printers-dialog"]')).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(form).toHaveCount(0);
  });
});
