import AxeBuilder from '@axe-core/playwright';
import { ARTIFACTS, expect, test } from './fixtures';

test.describe('desk shell in Chromium through the browser host', () => {
  test('loads in Italian with focus in the fiscal-code field and the DEMO banner', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sportello pagoPA');
    await expect(page.getByTestId('demo-banner')).toContainText('MODALITÀ DEMO');
    await expect(page.getByTestId('cf-input')).toBeFocused();
    await expect(page.getByTestId('status-reader')).toContainText('Lettore carte');
    // The token leaves the address bar once read.
    expect(page.url()).not.toContain('token=');
  });

  test('a valid typed fiscal code is decoded live and identifies the citizen on Enter', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await page.keyboard.type('RSSMRA80A01H501U');
    await expect(page.getByTestId('cf-decoded')).toContainText('Nato il 01/01/1980');
    await expect(page.getByTestId('cf-decoded')).toContainText('Roma (RM)');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U');
    await expect(page.getByTestId('identity-source')).toHaveText('digitato');
    await page.screenshot({ path: `${ARTIFACTS}/desk-identified.png` });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('cf-input')).toHaveValue('');
  });

  test('an omocodic code identifies its own person, exactly as issued', async ({ page, host }) => {
    await page.goto(host.url);
    // RSSMRA80A01H501U with the last two digit slots as omocodia letters and the check character recomputed:
    // issued to another person, whose base code would collide with Mario Rossi's.
    await page.keyboard.type('RSSMRA80A01H50MM');
    await expect(page.getByTestId('cf-decoded')).toContainText('un’altra persona');
    await expect(page.getByTestId('cf-decoded')).toContainText('Roma');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H50MM');
  });

  test('a code typed with a Unicode look-alike (long s) is refused, not read as RSSMRA…', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await page.keyboard.type('R\u017f\u017fMRA80A01H501U');
    await expect(page.getByTestId('cf-input')).toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
  });

  test('a wrong check character is explained in Italian, without giving the expected character away', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await page.keyboard.type('RSSMRA80A01H501X');
    await expect(page.getByTestId('cf-error')).toContainText('l’ultimo carattere (di controllo)');
    // A clerk told "it should be U" changes the last letter instead of finding the real typo.
    await expect(page.getByTestId('cf-error')).not.toContainText('«U»');
    await expect(page.getByTestId('cf-error')).not.toContainText('U,');
    await expect(page.getByTestId('cf-input')).toHaveAttribute('aria-invalid', 'true');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/desk-invalid-code.png` });
  });

  test('a misplaced character is flagged while typing', async ({ page, host }) => {
    await page.goto(host.url);
    await page.keyboard.type('RSS1');
    await expect(page.getByTestId('cf-error')).toContainText('posizione 4');
  });

  test('switches to English and back', async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('pagoPA Desk');
    await page.getByRole('button', { name: 'IT', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sportello pagoPA');
  });

  test('has no serious accessibility violations', async ({ page, host }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('cf-input')).toBeFocused();
    const result = await new AxeBuilder({ page }).analyze();
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });

  test('refuses a WebSocket without the launch token or from another origin', async ({ page, host }) => {
    await page.goto(`${host.origin}/index.html`);
    const outcome = await page.evaluate(async (origin) => {
      const tryOpen = (url: string) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        });
      return tryOpen(`${origin.replace('http', 'ws')}/ws?token=wrong`);
    }, host.origin);
    expect(outcome).toBe('refused');
  });
});
