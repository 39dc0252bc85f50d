import { test as base, expect } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/temp';

/**
 * The browser host restarts (update, crash, the clerk's PC woke up) while the page stays open. The page keeps
 * the session secret (the host keeps it 0600 in the data folder), so it reconnects by itself and a reload works
 * too, without the clerk copying a new URL. Two restarts in a row.
 */
base(
  'an open page recovers after the host restarts, twice, and a reload is not refused',
  async ({ page }) => {
    const dir = tempDir('sportello-restart-');
    let host: HostProcess = await startHostProcess({ dataDir: dir.path });
    const port = Number(new URL(host.url).port);
    try {
      await page.goto(host.url);
      for (const code of ['RSSMRA80A01H501U', 'MRNGPP60A01F839N']) {
        await page.keyboard.type(code);
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('identity-code')).toHaveText(code);
        await host.stop();
        await expect(page.locator('.offline-banner')).toBeVisible();
        host = await startHostProcess({ dataDir: dir.path, port });
        // Reconnected on its own with the kept session secret.
        await expect(page.locator('.offline-banner')).toHaveCount(0, { timeout: 15_000 });
        // The restarted desk holds no citizen: the page does not go on showing one.
        await expect(page.getByTestId('identity-empty')).toBeVisible();
        await expect(page.getByTestId('position')).toHaveCount(0);
        await page.getByTestId('cf-input').focus();
        await page.keyboard.type('RSSMRA80A01H501U');
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U');
        await expect(page.getByTestId('position').first()).toBeVisible();
        await page.reload();
        await expect(page.getByTestId('cf-input')).toBeFocused();
        await page.keyboard.type('RSSMRA80A01H501U');
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('position').first()).toBeVisible();
        await page.keyboard.press('Escape');
        await expect(page.getByTestId('identity-empty')).toBeVisible();
      }
    } finally {
      await host.stop();
      dir.remove();
    }
  },
);
