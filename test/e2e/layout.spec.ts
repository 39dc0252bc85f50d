import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ARTIFACTS, expect, test } from './fixtures';

/** axe with its best practices too, on the whole page. */
async function axeClean(page: Page): Promise<void> {
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
] as const;

for (const size of SIZES) {
  test(`at ${size.width}×${size.height} the list, the selection total and the print action are in view`, async ({
    page,
    host,
  }) => {
    await page.setViewportSize(size);
    await page.goto(host.url);
    await expect(page.getByTestId('cf-input')).toBeFocused();
    // "Identifica" whole, inside its panel (it was clipped at 1024 wide).
    const button = (await page.getByTestId('cf-submit').boundingBox())!;
    const panel = (await page.getByTestId('cf-submit').locator('xpath=ancestor::section[1]').boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(panel.x + panel.width);
    await expect(page.getByTestId('cf-submit')).toBeInViewport({ ratio: 1 });
    await axeClean(page);
    await page.keyboard.type('RSSMRA80A01H501U');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('position').first()).toBeInViewport();
    await page.keyboard.press('Alt+t');
    await expect(page.getByTestId('positions-selected')).toBeInViewport();
    await expect(page.getByTestId('print-open')).toBeInViewport();
    await expect(page.getByTestId('print-open')).toBeEnabled();
    await page.screenshot({ path: `${ARTIFACTS}/layout-${size.width}x${size.height}.png` });
    await axeClean(page);
    // English: one language for the page, <html lang> included.
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByTestId('positions-selected')).toContainText('Selected: 3 options');
    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  });
}

test('at 1366×768 the print dialog’s reprint checkbox and its actions are in view with six notices', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  await expect(page.getByTestId('cf-input')).toBeFocused();
  await page.keyboard.type('RSSMRA80A01H501U');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('position').first()).toBeVisible();
  // Every payable notice that can go together: the fine's two amounts, the school meals, TARI's three instalments.
  for (const row of await page.locator('[data-testid="option"]:not(:has-text("Unica soluzione"))').all())
    await row.getByTestId('option-select').check();
  const fine = page.getByTestId('position').filter({ hasText: 'codice della strada' });
  for (const box of await fine.getByTestId('option-select').all()) await box.check();
  await page.getByTestId('position').filter({ hasText: 'Refezione' }).getByTestId('option-select').check();
  await expect(page.getByTestId('positions-selected')).toContainText('6 opzioni');
  const dialog = page.getByTestId('print-dialog');
  for (const time of ['first', 'again']) {
    await page.keyboard.press('Control+p');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible();
    if (time === 'again') {
      // Printed once already: the confirmation is asked, next to "Stampa", without scrolling.
      await expect(dialog.getByTestId('print-confirm-reprint')).toBeInViewport({ ratio: 1 });
      await expect(dialog.getByTestId('print-submit')).toBeInViewport({ ratio: 1 });
      await page.screenshot({ path: `${ARTIFACTS}/layout-1366x768-reprint.png` });
      await axeClean(page);
      await dialog.getByTestId('print-confirm-reprint').check();
    }
    await expect(dialog.getByTestId('print-submit')).toBeEnabled();
    await dialog.getByTestId('print-submit').click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('print-notification').first()).toHaveAttribute('data-state', 'sent');
  }
});
