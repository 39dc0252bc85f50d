import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatNoticeNumber } from '../../core/notice-number';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const FIRST_LOAD = { timeout: 30_000 };

/** The demo notices of Mario Rossi, read from his list (the demo data are dated from today). */
async function demoNavs(page: Page): Promise<string[]> {
  await page.keyboard.type('RSSMRA80A01H501U');
  await page.keyboard.press('Enter');
  const rows = page.locator('[data-testid="option"]:has([data-testid="option-select"]:enabled)');
  await expect(rows.first()).toBeVisible();
  const navs = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')!));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('identity-empty')).toBeVisible();
  return navs;
}

test('a notice found by number is previewed, printed and exported like a citizen’s option; two notices', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  const navs = await demoNavs(page);
  for (const nav of [navs[0]!, navs[navs.length - 1]!]) {
    await page.getByTestId('notice-nav').fill(nav);
    await page.getByTestId('notice-search').click();
    const found = page.getByTestId('notice-result');
    // The notice typed is selected at once: Ctrl+P previews it.
    await expect(found.locator(`[data-testid="notice-option"][data-nav="${nav}"] input`)).toBeChecked();
    await page.keyboard.press('Control+P');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible(FIRST_LOAD);
    await expect(dialog.getByTestId('print-navs')).toContainText(formatNoticeNumber(nav));
    // Legible: one screen pixel per printer dot (it was half size, where commas read as full stops).
    const scale = await dialog
      .getByTestId('notice-preview-image')
      .evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width / img.naturalWidth);
    expect(scale).toBeGreaterThanOrEqual(0.99);
    await page.keyboard.press('Enter');
    const note = page.getByTestId('print-notification').first();
    await expect(note).toHaveAttribute('data-state', 'sent', FIRST_LOAD);
    await expect(note).toContainText(formatNoticeNumber(nav));
    // The A4 PDF of the same notice, read back by pdftotext.
    await page.getByTestId('notice-print-bar').getByTestId('print-pdf').click();
    const link = page.getByTestId('notice-print-bar').getByTestId('print-pdf-link');
    await expect(link).toBeVisible(FIRST_LOAD);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const dir = mkdtempSync(join(tmpdir(), 'sportello-e2e-notice-'));
    copyFileSync(await download.path(), join(dir, 'n.pdf'));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'n.pdf'), '-']).toString();
    expect(text.replace(/\s+/g, '')).toContain(nav);
    // Esc ends the errand: nothing of this notice is left for the next one.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('notice-result')).toHaveCount(0);
    await expect(page.getByTestId('print-notification')).toHaveCount(0);
  }
});

test('the notice-number form says which field is wrong and why; F5 says the list was refreshed', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  for (const [nav, ec, navWhy, ecWhy] of [
    ['30170000000000099', '', 'servono 18 cifre, ne hai scritte 17', ''],
    ['', '123', 'scrivilo (18 cifre)', ''],
  ] as const) {
    await page.getByTestId('notice-nav').fill(nav);
    await page.getByTestId('notice-ec').fill(ec);
    await page.getByTestId('notice-search').click();
    await expect(page.getByTestId('notice-nav-error')).toContainText(navWhy);
    await expect(page.getByTestId('notice-nav')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('notice-ec-error')).toHaveText(ecWhy);
  }
  await page.getByTestId('cf-input').focus();
  await page.keyboard.type('RSSMRA80A01H501U');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('position').first()).toBeVisible();
  await page.keyboard.press('F5');
  await expect(page.getByTestId('positions-refreshed')).toContainText('Aggiornato ora');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('positions-refreshed')).toHaveCount(0);
});
