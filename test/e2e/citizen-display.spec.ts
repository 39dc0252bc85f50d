import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { methodNames } from '../../core/contract';
import { formatNoticeNumber } from '../../core/notice-number';
import { DEMO_EC } from '../../electron/services/demo/dataset';
import { zbarQr } from '../support/pdf/inspect';
import { tempDir } from '../support/temp';
import { ARTIFACTS, expect, test } from './fixtures';

async function axeClean(page: Page): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
}

/**
 * The citizen's display: a second Chromium page opened with the display-only token, beside the clerk's page.
 * Two citizens in a row: each one's selected options appear with their QR (read back by zbarimg), and nothing
 * of them is left once their session ends.
 */
test('the display shows the selected options with a scannable pagoPA QR, and clears with the citizen; twice', async ({
  page,
  host,
  browser,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(host.url);
  // Its own browser context: the display shares nothing with the clerk's page (as on a second machine too).
  const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const display = await ctx.newPage();
  await display.goto(host.displayUrl);
  await expect(display.getByTestId('display-neutral')).toBeVisible();
  await axeClean(display);
  const dir = tempDir('sportello-display-');
  for (const round of [1, 2]) {
    await page.getByTestId('cf-input').focus();
    await page.keyboard.type('RSSMRA80A01H501U');
    await page.keyboard.press('Enter');
    await expect(display.getByTestId('display-waiting')).toBeVisible();
    await expect(page.getByTestId('position').first()).toBeVisible();
    await page.keyboard.press('Alt+t');
    await expect(display.getByTestId('display-option')).toHaveCount(3);
    await expect(display.getByTestId('display-total')).toHaveText('Totale: € 428,30');
    await expect(display.getByTestId('display-office')).toHaveText(DEMO_EC.name);
    const first = display.getByTestId('display-option').first();
    const nav = (await first.getAttribute('data-nav'))!;
    await expect(first.getByTestId('display-nav')).toHaveText(formatNoticeNumber(nav));
    const amount = (await first.getByTestId('display-amount').textContent())!.replace(/[^\d]/g, '');
    await expect(first.getByTestId('display-qr')).toBeVisible();
    const png = `${dir.path}/qr-${round}.png`;
    await first.getByTestId('display-qr').screenshot({ path: png });
    expect(zbarQr(png)).toEqual([`PAGOPA|002|${nav}|${DEMO_EC.fiscalCode}|${Number(amount)}`]);
    if (round === 1) {
      await display.screenshot({ path: `${ARTIFACTS}/citizen-display-1920.png` });
      await axeClean(display);
    }
    const seen = await display
      .getByTestId('display-option')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')!));
    // The clerk ends the session (Esc): the display goes neutral, and not one notice number stays in it.
    await page.keyboard.press('Escape');
    await expect(display.getByTestId('display-neutral')).toBeVisible();
    const html = await display.content();
    for (const n of seen) {
      expect(html).not.toContain(n);
      expect(html).not.toContain(formatNoticeNumber(n));
    }
    expect(html).not.toContain('data:image/svg');
  }
  // Closing the clerk's page leaves the display neutral too.
  await page.getByTestId('cf-input').focus();
  await page.keyboard.type('RSSMRA80A01H501U');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('position').first()).toBeVisible();
  await page.keyboard.press('Alt+t');
  await expect(display.getByTestId('display-option')).toHaveCount(3);
  await page.close();
  await expect(display.getByTestId('display-neutral')).toBeVisible();
  await ctx.close();
  dir.remove();
});

test('the display token is refused for every contract method and cannot publish a display', async ({
  page,
  host,
  browser,
}) => {
  await page.goto(host.url);
  const ctx = await browser.newContext();
  const display = await ctx.newPage();
  await display.goto(host.displayUrl);
  await expect(display.getByTestId('display-neutral')).toBeVisible();
  const answers = await display.evaluate(async (methods) => {
    const token = sessionStorage.getItem('sportello.displayToken')!;
    const ws = new WebSocket(`ws://${location.host}/ws?display=${encodeURIComponent(token)}`);
    const frames: { t: string; id?: number; response?: { ok: boolean; error?: { code: string } } }[] = [];
    await new Promise((r) => (ws.onopen = r));
    const done = new Promise<void>((resolve) => {
      ws.onmessage = (ev) => {
        frames.push(JSON.parse(String(ev.data)));
        if (frames.filter((f) => f.t === 'result').length === methods.length) resolve();
      };
    });
    methods.forEach((method, id) => ws.send(JSON.stringify({ t: 'call', id, method, payload: {} })));
    await done;
    // A display page trying to put something on the display is refused too.
    ws.send(JSON.stringify({ t: 'display', state: { locale: 'it', office: 'X', options: [] } }));
    await new Promise((r) => setTimeout(r, 200));
    ws.close();
    return frames;
  }, methodNames);
  const results = answers.filter((f) => f.t === 'result');
  expect(results).toHaveLength(methodNames.length);
  expect(results.every((f) => f.response?.ok === false && f.response.error?.code === 'FORBIDDEN')).toBe(true);
  // Nothing but the display state and the refusals reaches a display socket: no desk event.
  expect(new Set(answers.map((f) => f.t))).toEqual(new Set(['display', 'result', 'error']));
  await expect(display.getByTestId('display-neutral')).toBeVisible();
  await expect(display.getByTestId('display-office')).not.toHaveText('X');
  // A wrong display token is refused at the door.
  const refused = await display.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/ws?display=not-the-token`);
        ws.onopen = () => resolve(false);
        ws.onerror = () => resolve(true);
      }),
  );
  expect(refused).toBe(true);
  await ctx.close();
});
