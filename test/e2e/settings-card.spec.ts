import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { buildCard } from '../support/softhsm/cards';
import { SoftHsm } from '../support/softhsm/softhsm';

const WAITING = 'in attesa della carta';

async function setCardRemoval(page: Page, choice: 'clear' | 'keep'): Promise<void> {
  await page.getByTestId('settings-open').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId(`setting-card-${choice}`).check();
  await dialog.getByTestId('settings-save').click();
  await expect(dialog.getByTestId('settings-note')).toContainText('Impostazioni salvate');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/**
 * What card removal does, chosen on the settings screen, is in force for the very next card: the desk's card
 * service reads the setting at each removal. Keep, then clear, then keep again, each with a real (SoftHSM) card.
 */
test.describe('card removal chosen on the settings screen', () => {
  const hsm = new SoftHsm();
  test.use({
    hostConfig: { smartcard: { modules: [hsm.module], useDefaultModules: false, pollIntervalMs: 200 } },
    hostEnv: hsm.env,
  });
  test.afterAll(() => hsm.dispose());

  test('keep, clear, keep: each change holds for the next card, without a restart', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('status-reader')).toContainText(WAITING, { timeout: 20_000 });
    const rounds = [
      { choice: 'keep', code: 'VRDLGU75C41F205E' },
      { choice: 'clear', code: 'BNCLRA85T50L219P' },
      { choice: 'keep', code: 'BNCLRA85T50L219P' },
    ] as const;
    for (const r of rounds) {
      await setCardRemoval(page, r.choice);
      const token = await hsm.insert(await buildCard({ fiscalCode: r.code }));
      await expect(page.getByTestId('identity-code')).toHaveText(r.code, { timeout: 15_000 });
      hsm.remove(token);
      // The reader back to waiting proves the removal reached the desk: only then is the panel's state news.
      await expect(page.getByTestId('status-reader')).toContainText(WAITING, { timeout: 10_000 });
      if (r.choice === 'keep') {
        await expect(page.getByTestId('identity-code')).toHaveText(r.code);
        await expect(page.getByTestId('identity-source')).toContainText('carta tolta dal lettore');
        await page.getByTestId('identity-clear').click();
      }
      await expect(page.getByTestId('identity-empty')).toBeVisible();
    }
  });
});
