import { expect, test } from './fixtures';

const FIRST_LOAD = { timeout: 30_000 };
const pad = (n: number) => String(n).padStart(2, '0');
/** Day-first, as both desk locales write it; computed by hand, not by Intl (the thing under test). */
function dayAfter(base: Date, days: number): string {
  const x = new Date(base.getFullYear(), base.getMonth(), base.getDate() + days);
  return `${pad(x.getDate())}/${pad(x.getMonth() + 1)}/${x.getFullYear()}`;
}
/** A 24-hour time at the end of the text: "06:26 PM" (US English) does not match. */
const TIME_24H = /(?:[01]\d|2[0-3]):[0-5]\d$/;

/**
 * One locale per language (issue 18): English mode used to write US dates ("12/04/2026", "06:26 PM") beside
 * Italian amounts ("€ 312,50"). The browser itself is US English here (Playwright's default), so nothing may
 * come from it. EN and back to IT, twice, on the same citizen.
 */
test('English writes amounts, dates and times as en-IE, Italian as it-IT, back and forth twice', async ({
  page,
  host,
}) => {
  await page.goto(host.url, FIRST_LOAD);
  await expect(page.getByTestId('cf-input')).toBeFocused(FIRST_LOAD);
  // TARI's single payment (€ 312,50) falls due 45 days from the desk's today (demo data).
  const today = new Date();
  const due = [dayAfter(today, 45), dayAfter(today, 46)]; // a run across midnight
  await page.keyboard.type('RSSMRA80A01H501U');
  await page.keyboard.press('Enter');
  const tari = page.getByTestId('position').filter({ hasText: 'TARI 2025' });
  await expect(tari).toBeVisible(FIRST_LOAD);
  const fresh = page.getByTestId('positions-freshness');
  const statusData = page.getByTestId('status-data');

  for (let round = 0; round < 2; round++) {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(tari).toContainText('€312.50');
    await expect(tari).not.toContainText('312,50');
    const enText = await tari.innerText();
    expect(
      due.some((d) => enText.includes(d)),
      `${enText} has none of ${due.join(', ')}`,
    ).toBe(true);
    await expect(fresh).toHaveText(/^updated at /);
    await expect(fresh).toHaveText(TIME_24H);
    await expect(statusData).toContainText('refreshed at');
    await expect(statusData.locator('.value')).toHaveText(TIME_24H);

    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'it');
    await expect(tari).toContainText('€ 312,50');
    await expect(tari).not.toContainText('312.50');
    const itText = await tari.innerText();
    expect(
      due.some((d) => itText.includes(d)),
      `${itText} has none of ${due.join(', ')}`,
    ).toBe(true);
    await expect(fresh).toHaveText(/^aggiornato alle /);
    await expect(fresh).toHaveText(TIME_24H);
    await expect(statusData.locator('.value')).toHaveText(/^aggiornati alle (?:[01]\d|2[0-3]):[0-5]\d$/);
  }
});

/** The citizen's display follows the desk's language with the same locale: amounts, due dates, total. */
test('the citizen display writes en-IE in English and it-IT in Italian, twice', async ({
  page,
  host,
  browser,
}) => {
  await page.goto(host.url, FIRST_LOAD);
  await expect(page.getByTestId('cf-input')).toBeFocused(FIRST_LOAD);
  const ctx = await browser.newContext();
  const display = await ctx.newPage();
  await display.goto(host.displayUrl);
  await expect(display.getByTestId('display-neutral')).toBeVisible(FIRST_LOAD);
  const today = new Date();
  const due = [dayAfter(today, 45), dayAfter(today, 46)];
  await page.keyboard.type('RSSMRA80A01H501U');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('position').first()).toBeVisible(FIRST_LOAD);
  await page.keyboard.press('Alt+t');
  const tari = display.getByTestId('display-option').filter({ hasText: 'TARI 2025' });
  for (let round = 0; round < 2; round++) {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(display.getByTestId('display-total')).toHaveText('Total: €428.30');
    await expect(tari.getByTestId('display-amount')).toHaveText('€312.50');
    await expect(tari).toContainText(new RegExp(`Due (${due.join('|')})`));
    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await expect(display.getByTestId('display-total')).toHaveText('Totale: € 428,30');
    await expect(tari.getByTestId('display-amount')).toHaveText('€ 312,50');
    await expect(tari).toContainText(new RegExp(`Scadenza (${due.join('|')})`));
  }
  await ctx.close();
});
