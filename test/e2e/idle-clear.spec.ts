import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Stops the page's clock a little after its own "now", however long the page took to load. */
async function pauseNow(page: Page): Promise<void> {
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 2_000);
}

test.use({ hostConfig: { desk: { idleClearSeconds: 10 } } });

/**
 * The page's clock is Playwright's: time stands still while the machine identifies the citizen, however slow,
 * and moves only when the test says so. So the test asks exactly "10 s of nobody touching anything" and does
 * not depend on the speed of a loaded machine.
 */
test('citizen data leave after the idle time, warned 5 s before; a key keeps them; twice', async ({
  page,
  host,
}) => {
  await page.clock.install({ time: new Date('2026-03-02T09:00:00Z') });
  await page.goto(host.url);
  await expect(page.getByTestId('cf-input')).toBeFocused();
  // The idle time is the desk's setting: it is in force only once the desk has answered (late on a loaded machine).
  await expect(page.locator('main[data-idle-seconds="10"]')).toHaveCount(1);
  await pauseNow(page);
  for (const code of ['RSSMRA80A01H501U', 'MRNGPP60A01F839N']) {
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-code')).toHaveText(code);
    await page.clock.runFor(4_000);
    await expect(page.getByTestId('idle-warning')).toHaveCount(0);
    await page.clock.runFor(1_500);
    await expect(page.getByTestId('idle-warning')).toContainText('5 secondi');
    // A key is the clerk still at the desk: no clear, no warning, and the count starts again.
    await page.keyboard.press('Shift');
    await expect(page.getByTestId('idle-warning')).toHaveCount(0);
    await page.clock.runFor(9_000);
    await expect(page.getByTestId('identity-code')).toHaveText(code);
    await expect(page.getByTestId('idle-warning')).toContainText('secondo');
    await page.clock.runFor(1_500);
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('cf-input')).toHaveValue('');
    await expect(page.getByTestId('idle-warning')).toHaveCount(0);
    await expect(page.getByTestId('position')).toHaveCount(0);
  }
});

test('with nobody at the desk the idle time passes without a warning', async ({ page, host }) => {
  await page.clock.install({ time: new Date('2026-03-02T09:00:00Z') });
  await page.goto(host.url);
  await expect(page.getByTestId('cf-input')).toBeFocused();
  await pauseNow(page);
  await page.clock.runFor(7_000);
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
});
