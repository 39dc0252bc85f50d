import { expect, test } from './fixtures';

test.use({ hostConfig: { desk: { idleClearSeconds: 2 } } });

test('citizen data leave the screen after the configured idle time', async ({ page, host }) => {
  await page.goto(host.url);
  await page.keyboard.type('RSSMRA80A01H501U');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U');
  // No input for longer than the idle period: the panel empties on its own.
  await expect(page.getByTestId('identity-empty')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('cf-input')).toHaveValue('');
});
