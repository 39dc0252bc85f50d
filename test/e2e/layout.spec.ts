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
