import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { DEMO_CITIZENS } from '../../electron/services/demo/dataset';
import { citizenCode, pendenza } from '../support/fake-backends/data';
import { fakeGovPay } from '../support/fake-backends/govpay';
import type { FakeServer } from '../support/fake-backends/server';
import { type HostProcess } from '../support/host-process';
import { GIUSEPPE, govPayDeskWithOperators, LAURA, signIn, sql } from '../support/operators-cli';
import { ARTIFACTS, test as demoTest } from './fixtures';

/**
 * Forcing an expired notice (issue 17's supervisor act) from the clerk's page: the clerk holds the desk, a
 * supervisor approves with their own password, the citizen stays; a clerk's own password approves nothing.
 */
const CITIZENS = [citizenCode(11), citizenCode(12), citizenCode(13)] as const;
const LOAD = { timeout: 30_000 };

/** Per citizen: an expired notice (due in 2020) and one that can be paid. */
const test = base.extend<{ govpay: FakeServer; host: HostProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures.
  govpay: async ({}, use) => {
    const fake = fakeGovPay({
      username: 'sportello',
      password: 's3greta',
      pendenze: CITIZENS.flatMap((cf, i) => [
        pendenza({ serial: 10 + 2 * i, debtor: cf, causale: `TARI 2019 ${i}`, dataScadenza: '2020-01-31' }),
        pendenza({ serial: 11 + 2 * i, debtor: cf, causale: `Mensa ${i}`, importo: 20 }),
      ]),
    });
    await fake.server.start();
    await use(fake.server);
    await fake.server.stop();
  },
  host: async ({ govpay }, use) => {
    const desk = await govPayDeskWithOperators(govpay.url, 'sportello-e2e-force-');
    await use(desk.host);
    await desk.stop();
  },
});

/** Identifies the citizen and ticks their expired notice (shown with "Tutte", selectable with the override). */
async function selectExpired(page: Page, cf: string, i: number): Promise<void> {
  await page.getByTestId('cf-input').fill(cf);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('identity-code')).toHaveText(cf, LOAD);
  await expect(page.getByTestId('position').first()).toBeVisible(LOAD);
  await page.getByTestId('filter-all').check();
  await page.getByTestId('positions-override').check();
  const expired = page.getByTestId('position').filter({ hasText: `TARI 2019 ${i}` });
  await expect(expired.getByTestId('option-status')).toHaveText('scaduta');
  await expired.getByTestId('option-select').check();
  await expect(page.getByTestId('force-request')).toBeVisible();
}

test('a clerk forces an expired notice with a supervisor’s approval, for two citizens; a clerk alone cannot', async ({
  page,
  host,
}) => {
  await page.goto(host.url);
  await signIn(page, LAURA);

  for (const i of [0, 1]) {
    await selectExpired(page, CITIZENS[i], i);
    // Without the supervisor the desk refuses to draw the notice.
    await page.keyboard.press('Control+p');
    await expect(page.getByTestId('print-preview-error')).toContainText('non è pagabile', LOAD);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('print-dialog')).toHaveCount(0);

    await page.getByTestId('force-ask').click();
    await expect(page.getByTestId('force-reason')).toBeFocused();
    if (i === 0) {
      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      expect(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
    }
    await page.getByTestId('force-reason').fill(`copia per il cittadino ${i}`);
    await page.getByTestId('force-code').fill(GIUSEPPE.cf);
    await page.getByTestId('force-password').fill(GIUSEPPE.password);
    // Keyboard first: Enter in the form confirms (the second time), as a click does.
    if (i === 1) await page.keyboard.press('Enter');
    else await page.getByTestId('force-confirm').click();
    await expect(page.getByTestId('force-given')).toContainText(
      `Forzatura approvata da ${GIUSEPPE.name}: «copia per il cittadino ${i}»`,
    );
    // The desk stays Laura's and the citizen stays on screen.
    await expect(page.getByTestId('operator-name')).toContainText(LAURA.name);
    await expect(page.getByTestId('identity-code')).toHaveText(CITIZENS[i]);

    await page.keyboard.press('Control+p');
    const dialog = page.getByTestId('print-dialog');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible(LOAD);
    await dialog.getByTestId('print-submit').click();
    const note = page.getByTestId('print-notification').first();
    await expect(note).toHaveAttribute('data-state', 'sent', LOAD);
    await expect(note.getByTestId('print-forced')).toHaveText('forzata');
    if (i === 0) await page.screenshot({ path: `${ARTIFACTS}/forced-selection.png` });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
  }

  // The third citizen: Laura's own password approves nothing, and nothing is printed.
  await selectExpired(page, CITIZENS[2], 2);
  for (const attempt of [LAURA, { ...GIUSEPPE, password: 'sbagliata' }]) {
    await page.getByTestId('force-ask').click();
    await page.getByTestId('force-reason').fill('vorrei stamparlo lo stesso');
    await page.getByTestId('force-code').fill(attempt.cf);
    await page.getByTestId('force-password').fill(attempt.password);
    await page.getByTestId('force-confirm').click();
    await expect(page.getByTestId('force-error')).toContainText(
      attempt === LAURA ? 'non è un supervisore' : 'non corretti',
    );
    await expect(page.getByTestId('force-password')).toHaveValue('');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('force-dialog')).toHaveCount(0);
    await expect(page.getByTestId('force-given')).toHaveCount(0);
  }
  await page.keyboard.press('Control+p');
  await expect(page.getByTestId('print-preview-error')).toContainText('non è pagabile', LOAD);

  // The oracle: the desk's own database, read with sqlite3.
  expect(sql(host.dataDir, 'SELECT forced FROM print_jobs ORDER BY id')).toEqual(['1', '1']);
  const forced = sql(
    host.dataDir,
    "SELECT json_extract(details,'$.method') || '|' || json_extract(details,'$.approvedBy') || '|' || " +
      "json_extract(details,'$.reason') || '|' || subject FROM audit_log WHERE action = 'selection.forced' ORDER BY id",
  );
  expect(forced).toEqual([
    `preview|${GIUSEPPE.cf}|copia per il cittadino 0|${CITIZENS[0]}`,
    `print|${GIUSEPPE.cf}|copia per il cittadino 0|${CITIZENS[0]}`,
    `preview|${GIUSEPPE.cf}|copia per il cittadino 1|${CITIZENS[1]}`,
    `print|${GIUSEPPE.cf}|copia per il cittadino 1|${CITIZENS[1]}`,
  ]);
  // The approval names the supervisor (subject) and the clerk holding the desk (operator).
  expect(
    sql(
      host.dataDir,
      "SELECT action || '|' || subject || '|' || operator FROM audit_log WHERE action LIKE 'operator.approve%' ORDER BY id",
    ),
  ).toEqual([
    `operator.approve|${GIUSEPPE.cf}|${LAURA.cf}`,
    `operator.approve|${GIUSEPPE.cf}|${LAURA.cf}`,
    `operator.approve-refused|${LAURA.cf}|${LAURA.cf}`,
  ]);
});

demoTest(
  'a desk held by a supervisor (here the demo’s implicit one) forces with a reason only',
  async ({ page, host }) => {
    await page.goto(host.url);
    await page.getByTestId('cf-input').fill(DEMO_CITIZENS.mario.fiscalCode);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('position').first()).toBeVisible(LOAD);
    await page.getByTestId('filter-all').check();
    await page.getByTestId('positions-override').check();
    const paid = page.locator('[data-testid="option"]', { hasText: 'già pagata' });
    await paid.getByTestId('option-select').check();
    await page.getByTestId('force-ask').click();
    await expect(page.getByTestId('force-code')).toHaveCount(0);
    await page.getByTestId('force-reason').fill('x');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('force-error')).toContainText('almeno 3 caratteri');
    await page.getByTestId('force-reason').fill('ricevuta contestata');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('force-given')).toContainText('«ricevuta contestata»');
    await page.keyboard.press('Control+p');
    const dialog = page.getByTestId('print-dialog');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible(LOAD);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('print-notification').first().getByTestId('print-forced')).toBeVisible(
      LOAD,
    );
    // Unticking the paid notice drops the forced selection: nothing is forced any more.
    await paid.getByTestId('option-select').uncheck();
    await expect(page.getByTestId('force-request')).toHaveCount(0);
    await paid.getByTestId('option-select').check();
    await expect(page.getByTestId('force-ask')).toBeVisible();
  },
);
