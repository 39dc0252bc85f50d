import type { Page } from '@playwright/test';
import { formatNoticeNumber } from '../../core/notice-number';
import { DEMO_CITIZENS } from '../../electron/services/demo/dataset';
import { ARTIFACTS, expect, test } from './fixtures';

const FIRST_LOAD = { timeout: 30_000 };
const { mario, laura, giuseppe } = DEMO_CITIZENS;

/** Types a code in the field (the way a clerk does, whatever is in it) and identifies with Enter. */
async function identify(page: Page, code: string): Promise<void> {
  const field = page.getByTestId('cf-input');
  await field.focus();
  await field.fill(code);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('identity-code')).toHaveText(code, FIRST_LOAD);
  await expect(page.getByTestId('position').first()).toBeVisible(FIRST_LOAD);
}

/** Every notice number of the citizen on screen, payable or not. */
async function navsOnScreen(page: Page): Promise<string[]> {
  await page.getByTestId('filter-all').check();
  const navs = await page
    .getByTestId('option')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-nav') ?? ''));
  await page.getByTestId('filter-payable').check();
  return navs.filter(Boolean);
}

async function selectFirst(page: Page): Promise<void> {
  await page.locator('[data-testid="option-select"]:enabled').first().check();
}

async function printSelection(page: Page): Promise<void> {
  await page.keyboard.press('Control+P');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('notice-preview-image')).toBeVisible(FIRST_LOAD);
  await dialog.getByTestId('print-submit').click();
  await expect(page.getByTestId('print-notification').first()).toHaveAttribute(
    'data-state',
    'sent',
    FIRST_LOAD,
  );
}

async function makePdf(page: Page): Promise<string> {
  await page.getByTestId('print-pdf').click();
  const link = page.getByTestId('print-pdf-link');
  await expect(link).toBeVisible(FIRST_LOAD);
  return (await link.getAttribute('href'))!;
}

/** Everything the page holds: markup with every attribute and hidden element, field values, the Pinia state. */
async function pageMemory(page: Page): Promise<{ dom: string; values: string; stores: string }> {
  return page.evaluate(() => {
    const app = (
      document.querySelector('#app') as unknown as {
        __vue_app__?: { config: { globalProperties: Record<string, unknown> } };
      }
    ).__vue_app__;
    const pinia = app?.config.globalProperties['$pinia'] as { state: { value: unknown } } | undefined;
    if (!pinia) throw new Error('no Pinia on the page');
    const values = [...document.querySelectorAll('input, textarea, select')]
      .map((el) => (el as HTMLInputElement).value)
      .join('\n');
    return {
      dom: document.documentElement.outerHTML,
      values,
      stores: JSON.stringify(pinia.state.value),
    };
  });
}

function tracesOf(who: { fiscalCode: string; name: string }, navs: string[]): string[] {
  return [who.fiscalCode, who.name, ...navs, ...navs.map(formatNoticeNumber)];
}

test('the positions list does not move when the reader’s state arrives after the desk is built', async ({
  page,
  host,
}) => {
  // Every frame from the one where the desk's state is first shown (the page is built and connected): where the
  // positions list starts, and how tall the status bar is. The status bar used to grow or shrink by lines when
  // the reader's state (and its explanation) came in, after the desk was built: the page shifted under the
  // pointer and a click once landed beside its radio.
  await page.addInitScript(() => {
    const seen = { tops: [] as number[], bars: [] as number[] };
    (window as unknown as { layoutSeen: typeof seen }).layoutSeen = seen;
    const note = (list: number[], v: number) => {
      if (list.at(-1) !== v) list.push(v);
    };
    const frame = () => {
      const title = document.getElementById('positions-title');
      const built = document.querySelector('[data-testid="status-reader"]') !== null;
      if (title && built) note(seen.tops, Math.round(title.getBoundingClientRect().top + window.scrollY));
      const bar = document.querySelector('.status-bar');
      if (bar && built) note(seen.bars, Math.round(bar.getBoundingClientRect().height));
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.goto(host.url);
  // The desk starts its devices after it is built: the reader reports "no module" first, then what it found.
  await expect(page.getByTestId('status-reader')).not.toContainText('nessun modulo', FIRST_LOAD);
  await identify(page, mario.fiscalCode);
  await page.getByTestId('filter-all').check();
  await expect(page.getByTestId('filter-all')).toBeChecked();
  const seen = await page.evaluate(
    () => (window as unknown as { layoutSeen: { tops: number[]; bars: number[] } }).layoutSeen,
  );
  expect(seen.tops.length).toBeGreaterThan(0);
  expect(seen.tops).toHaveLength(1);
  expect(seen.bars).toHaveLength(1);
});

test.describe('one citizen at a time', () => {
  test('three citizens in a row: nothing of the first two is in the third one’s page or stores', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('cf-input')).toBeFocused(FIRST_LOAD);

    // Mario: a PDF, a print, a lookup by number; then "next citizen" (F2).
    await identify(page, mario.fiscalCode);
    const marioNavs = await navsOnScreen(page);
    await selectFirst(page);
    const marioPdf = await makePdf(page);
    await printSelection(page);
    await page.getByTestId('notice-nav').fill(marioNavs[1]!);
    await page.getByTestId('notice-search').click();
    await expect(page.getByTestId('notice-result')).toBeVisible(FIRST_LOAD);
    await page.screenshot({ path: `${ARTIFACTS}/session-1-mario.png`, fullPage: true });
    await page.keyboard.press('F2');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('cf-input')).toBeFocused();

    // Laura: the same errands; she leaves because the clerk types the next code over hers.
    await identify(page, laura.fiscalCode);
    const lauraNavs = await navsOnScreen(page);
    await selectFirst(page);
    await makePdf(page);
    await printSelection(page);
    await page.getByTestId('notice-nav').fill(lauraNavs[0]!);
    await page.getByTestId('notice-search').click();
    await expect(page.getByTestId('notice-result')).toBeVisible(FIRST_LOAD);
    await page.screenshot({ path: `${ARTIFACTS}/session-2-laura.png`, fullPage: true });

    // Giuseppe.
    await identify(page, giuseppe.fiscalCode);
    await expect(page.getByTestId('status-served')).toContainText('3');
    await page.getByTestId('print-jobs').locator('summary').click();
    await page.screenshot({ path: `${ARTIFACTS}/session-3-giuseppe.png`, fullPage: true });

    const memory = await pageMemory(page);
    for (const trace of [...tracesOf(mario, marioNavs), ...tracesOf(laura, lauraNavs)]) {
      expect(memory.dom, `page markup holds ${trace}`).not.toContain(trace);
      expect(memory.values, `a field holds ${trace}`).not.toContain(trace);
      expect(memory.stores, `a store holds ${trace}`).not.toContain(trace);
    }
    await expect(page.locator('[href^="blob:"], [src^="blob:"]')).toHaveCount(0);
    // Giuseppe is there: the check above looked at a page that does hold a citizen.
    expect(memory.dom).toContain(giuseppe.fiscalCode);
    expect(memory.stores).toContain(giuseppe.fiscalCode);
    // Mario's PDF was revoked, not just unlinked: the object URL no longer opens.
    const stillOpens = await page.evaluate(async (url) => {
      try {
        await fetch(url);
        return true;
      } catch {
        return false;
      }
    }, marioPdf);
    expect(stillOpens).toBe(false);
  });
});

test.describe('defects seen on the old main', () => {
  test('the PDF link leaves on a change of selection and with the citizen', async ({ page, host }) => {
    await page.goto(host.url);
    await identify(page, mario.fiscalCode);
    await selectFirst(page);
    await makePdf(page);
    await page.locator('[data-testid="option-select"]:enabled').nth(1).check();
    await expect(page.getByTestId('print-pdf-link')).toHaveCount(0);
    await makePdf(page);
    await page.keyboard.press('Escape');
    await identify(page, laura.fiscalCode);
    await expect(page.getByTestId('print-pdf-link')).toHaveCount(0);
    await selectFirst(page);
    await expect(page.getByTestId('print-pdf-link')).toHaveCount(0);
  });

  test('the next citizen sees neither the previous print notification nor its jobs to reprint', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await identify(page, mario.fiscalCode);
    await selectFirst(page);
    await printSelection(page);
    await page.getByTestId('print-jobs').locator('summary').click();
    await expect(page.getByTestId('print-job')).toHaveCount(1);
    await page.keyboard.press('Escape');
    await identify(page, laura.fiscalCode);
    await expect(page.getByTestId('print-notification')).toHaveCount(0);
    await page.getByTestId('print-jobs').locator('summary').click();
    await expect(page.getByTestId('print-job')).toHaveCount(0);
    await expect(page.getByTestId('job-reprint')).toHaveCount(0);
    // Her own print shows, alone.
    await selectFirst(page);
    await printSelection(page);
    await expect(page.getByTestId('print-job')).toHaveCount(1);
    await expect(page.getByTestId('print-notification')).toHaveCount(1);
  });

  test('a notice found by number leaves with Esc, and is not there for the next citizen', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await identify(page, mario.fiscalCode);
    const [nav] = await navsOnScreen(page);
    await page.keyboard.press('Escape');
    for (let round = 0; round < 2; round++) {
      await page.getByTestId('notice-nav').fill(nav!);
      await page.getByTestId('notice-search').click();
      await expect(page.getByTestId('notice-result')).toBeVisible(FIRST_LOAD);
      // Focus is in the notice-number field, not the code field: Esc still closes.
      await page.getByTestId('notice-nav').focus();
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('notice-result')).toHaveCount(0);
      await expect(page.getByTestId('notice-nav')).toHaveValue('');
    }
    await page.getByTestId('notice-nav').fill(nav!);
    await page.getByTestId('notice-search').click();
    await expect(page.getByTestId('notice-result')).toBeVisible(FIRST_LOAD);
    await identify(page, laura.fiscalCode);
    await expect(page.getByTestId('notice-result')).toHaveCount(0);
    await expect(page.getByTestId('notice-nav')).toHaveValue('');
  });

  test('typing a new code takes the previous citizen off the screen at once; Ctrl+P prints nothing of theirs', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await identify(page, mario.fiscalCode);
    await selectFirst(page);
    const field = page.getByTestId('cf-input');
    await field.focus();
    await field.fill('');
    await page.keyboard.type(laura.fiscalCode);
    await expect(page.getByTestId('cf-decoded')).toBeVisible(FIRST_LOAD);
    // No Enter yet: Mario is gone already.
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('position')).toHaveCount(0);
    await expect(page.locator('main')).not.toContainText(mario.fiscalCode);
    await page.keyboard.press('Control+P');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-code')).toHaveText(laura.fiscalCode, FIRST_LOAD);
    await expect(page.getByTestId('positions-selected')).toHaveCount(0);
  });

  test('Esc closes the citizen from anywhere on the desk screen, F2 too, and focus returns to the code field', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await identify(page, mario.fiscalCode);
    await page.locator('[data-testid="option-select"]:enabled').first().focus();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('position')).toHaveCount(0);
    await expect(page.getByTestId('cf-input')).toBeFocused();
    await identify(page, laura.fiscalCode);
    await page.getByTestId('positions-refresh').focus();
    await page.keyboard.press('F2');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('cf-input')).toBeFocused();
    await expect(page.getByTestId('cf-input')).toHaveValue('');
  });

  test('Esc in the print preview closes the preview, not the citizen', async ({ page, host }) => {
    await page.goto(host.url);
    await identify(page, mario.fiscalCode);
    await selectFirst(page);
    await page.keyboard.press('Control+P');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByTestId('identity-code')).toHaveText(mario.fiscalCode);
  });

  test('the identity panel names a typed citizen from their positions', async ({ page, host }) => {
    await page.goto(host.url);
    await identify(page, laura.fiscalCode);
    await expect(page.getByTestId('identity-name')).toContainText(laura.name);
  });
});
