import { formatNoticeNumber } from '../../core/notice-number';
import { DEMO_EC } from '../../electron/services/demo/dataset';
import { zbarQr } from '../support/pdf/inspect';
import { tempDir } from '../support/temp';
import { expect, test } from './fixtures';

/**
 * The display page as the app's display window runs it. Electron binary absent: stand-in for the display
 * preload (electron/preload/display.ts), which puts `window.sportelloDisplay.subscribe` on the page and nothing
 * else; here an init script does the same, and the test plays main sending display:state. The page is the real
 * built renderer (served by the browser host only as a file server: it opens no socket in this mode).
 */
test('in the app’s display window the page shows what main sends, validates it, and goes neutral; twice', async ({
  page,
  host,
}) => {
  await page.addInitScript(() => {
    const w = window as unknown as {
      sportelloDisplay: { subscribe(l: (s: unknown) => void): () => void };
      __push: (s: unknown) => void;
      __ready: number;
    };
    let listener: ((s: unknown) => void) | null = null;
    w.__ready = 0;
    w.__push = (s) => listener?.(s);
    w.sportelloDisplay = {
      subscribe(l) {
        listener = l;
        w.__ready++;
        return () => (listener = null);
      },
    };
  });
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`${new URL(host.url).origin}/index.html#display`);
  await expect(page.getByTestId('display-neutral')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __ready: number }).__ready)).toBe(1);
  const dir = tempDir('sportello-display-window-');
  const option = (nav: string, amount: number) => ({
    subject: 'TARI 2026',
    label: 'Unica soluzione',
    nav,
    ecFiscalCode: DEMO_EC.fiscalCode,
    creditor: DEMO_EC.name,
    amount,
    dueDate: '2026-12-31',
  });
  for (const [round, nav, amount] of [
    [1, '301000000000012373', 31250],
    [2, '302000000000045674', 11580],
  ] as const) {
    await page.evaluate((s) => (window as unknown as { __push: (s: unknown) => void }).__push(s), {
      locale: 'it',
      office: DEMO_EC.name,
      options: [option(nav, amount)],
    });
    const first = page.getByTestId('display-option').first();
    await expect(first.getByTestId('display-nav')).toHaveText(formatNoticeNumber(nav));
    const png = `${dir.path}/qr-${round}.png`;
    await first.getByTestId('display-qr').screenshot({ path: png });
    expect(zbarQr(png)).toEqual([`PAGOPA|002|${nav}|${DEMO_EC.fiscalCode}|${amount}`]);
    // Something malformed from the other side of IPC is not shown: the neutral screen instead.
    await page.evaluate(() =>
      (window as unknown as { __push: (s: unknown) => void }).__push({ locale: 'it', options: [{ nav: 1 }] }),
    );
    await expect(page.getByTestId('display-neutral')).toBeVisible();
    expect(await page.content()).not.toContain(nav);
  }
  // The display window's page opens no socket to anything: its one link is the preload.
  expect(sockets).toEqual([]);
  dir.remove();
});
