import { expect, test } from './fixtures';

test.describe('the browser host session', () => {
  test('the page that spent the launch token keeps working across reloads (session secret), twice', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    expect(page.url()).not.toContain('token=');
    for (const code of ['RSSMRA80A01H501U', 'MRNGPP60A01F839N']) {
      await page.reload();
      await expect(page.getByTestId('cf-input')).toBeFocused();
      await page.keyboard.type(code);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('identity-code')).toHaveText(code);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('identity-empty')).toBeVisible();
    }
    // The launch token is spent: another page opening the same URL cannot speak to the desk.
    const other = await page.context().browser()!.newPage();
    const refused = new Promise<number>((resolve) =>
      other.on('websocket', (ws) => ws.on('socketerror', () => resolve(403))),
    );
    await other.goto(host.url);
    await other.keyboard.type('RSSMRA80A01H501U');
    await other.keyboard.press('Enter');
    expect(await refused).toBe(403);
    await expect(other.getByTestId('identity-code')).toHaveCount(0);
    await other.close();
  });
});
