import { ARTIFACTS, expect, test } from './fixtures';

const CF = 'RSSMRA80A01H501U';

/** The TARI of the demo: € 312,50 in one payment or 3 instalments (104,50 + 104,00 + 104,00). */
test('a position’s single payment and its instalments are alternatives, never added up; twice', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  for (let round = 0; round < 2; round++) {
    await page.keyboard.type(CF);
    await page.keyboard.press('Enter');
    const tari = page.getByTestId('position').filter({ hasText: 'TARI 2025' });
    await expect(tari.getByTestId('position-ways')).toHaveText(
      '€ 312,50 in un’unica soluzione oppure 3 rate',
    );
    await expect(page.getByTestId('positions-total')).toHaveText('Pagabile ora: € 428,30 — 3 posizioni');
    const single = tari
      .getByTestId('option')
      .filter({ hasText: 'Unica soluzione' })
      .getByTestId('option-select');
    const rata1 = tari.getByTestId('option').filter({ hasText: 'Rata 1 di 3' }).getByTestId('option-select');
    await single.check();
    await expect(page.getByTestId('positions-selected')).toHaveText('Selezionata: 1 opzione — € 312,50');
    // Rata 1 replaces the single payment, and the desk says so.
    await rata1.check();
    await expect(single).not.toBeChecked();
    await expect(page.getByTestId('choice-note')).toContainText('scelte le rate, tolta l’unica soluzione');
    await expect(page.getByTestId('positions-selected')).toHaveText('Selezionata: 1 opzione — € 104,50');
    // And back: the single payment replaces the instalment.
    await single.check();
    await expect(rata1).not.toBeChecked();
    await expect(page.getByTestId('choice-note')).toContainText('scelta l’unica soluzione');
    await expect(page.getByTestId('positions-selected')).toHaveText('Selezionata: 1 opzione — € 312,50');
    // Alt+T: one way per position, adding up to "Pagabile ora".
    await page.keyboard.press('Alt+t');
    await expect(page.getByTestId('positions-selected')).toHaveText('Selezionate: 3 opzioni — € 428,30');
    // Alt+R: the whole plan (the only position with one) replaces its single payment.
    await page.keyboard.press('Alt+r');
    await expect(single).not.toBeChecked();
    await expect(tari.locator('[data-testid="option-select"]:checked')).toHaveCount(3);
    await expect(page.getByTestId('positions-selected')).toHaveText('Selezionate: 5 opzioni — € 428,30');
    if (round === 0) await page.screenshot({ path: `${ARTIFACTS}/choices-whole-plan.png` });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('choice-note')).toHaveCount(0);
  }
});

test('the fastest path: Enter, Ctrl+P (nothing selected: every payable notice), Enter; twice', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  for (const round of [1, 2]) {
    await page.keyboard.type('RSSMRA80A01H501U');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('position').first()).toBeVisible();
    await page.keyboard.press('Control+p');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible({ timeout: 30_000 });
    // One way per position: the three payable notices adding up to "Pagabile ora", never the plan as well.
    await expect(page.getByTestId('positions-selected')).toHaveText('Selezionate: 3 opzioni — € 428,30');
    if (round === 2) {
      await expect(dialog.getByTestId('print-already-sent')).toBeVisible();
      await page.getByTestId('print-confirm-reprint').check();
    }
    await page.keyboard.press('Enter');
    await expect(page.locator('[data-testid="print-notification"][data-state="sent"]')).toHaveCount(1, {
      timeout: 30_000,
    });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
  }
});
