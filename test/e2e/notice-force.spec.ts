import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { formatNoticeNumber } from '../../core/notice-number';
import { citizenCode, EC, navFor, pendenza } from '../support/fake-backends/data';
import { fakeGovPay } from '../support/fake-backends/govpay';
import type { FakeServer } from '../support/fake-backends/server';
import { type HostProcess } from '../support/host-process';
import { GIUSEPPE, govPayDeskWithOperators, LAURA, signIn, sql } from '../support/operators-cli';
import { ARTIFACTS } from './fixtures';

/**
 * A notice found by its number that cannot be paid (expired, already paid) is forced like a citizen's option:
 * a supervisor approves at the clerk's desk, then the same preview, print (to the preview printer) and A4 PDF.
 * Without the approval the clerk cannot tick it, and a clerk's own password approves nothing.
 */
const CITIZENS = [citizenCode(31), citizenCode(32)] as const;
/** An expired notice (due in 2020) and a paid one, each a different citizen's. */
const NAVS = [navFor(60).nav, navFor(61).nav] as const;
const STATE = ['scaduta', 'già pagata'] as const;
const LOAD = { timeout: 30_000 };

const test = base.extend<{ govpay: FakeServer; host: HostProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures.
  govpay: async ({}, use) => {
    const fake = fakeGovPay({
      username: 'sportello',
      password: 's3greta',
      pendenze: [
        pendenza({ serial: 60, debtor: CITIZENS[0], causale: 'TARI 2019', dataScadenza: '2020-01-31' }),
        pendenza({ serial: 61, debtor: CITIZENS[1], causale: 'Mensa 2025', stato: 'ESEGUITA' }),
      ],
    });
    await fake.server.start();
    await use(fake.server);
    await fake.server.stop();
  },
  host: async ({ govpay }, use) => {
    const desk = await govPayDeskWithOperators(govpay.url, 'sportello-e2e-notice-force-');
    await use(desk.host);
    await desk.stop();
  },
});

async function ask(page: Page, who: { cf: string; password: string }, reason: string): Promise<void> {
  await page.getByTestId('notice-force-ask').click();
  await expect(page.getByTestId('force-reason')).toBeFocused();
  await page.getByTestId('force-reason').fill(reason);
  await page.getByTestId('force-code').fill(who.cf);
  await page.getByTestId('force-password').fill(who.password);
  await page.keyboard.press('Enter');
}

test('a paid or expired notice found by number is forced with a supervisor’s approval: preview, print, PDF; a clerk alone cannot (two notices)', async ({
  page,
  host,
  govpay,
}) => {
  await page.goto(host.url);
  await signIn(page, LAURA);

  for (const i of [0, 1]) {
    const nav = NAVS[i];
    await page.getByTestId('notice-nav').fill(nav);
    // GovPay finds a notice by its creditor and number.
    await page.getByTestId('notice-ec').fill(EC.fiscalCode);
    await page.getByTestId('notice-search').click();
    const found = page.getByTestId('notice-result');
    const option = found.locator(`[data-testid="notice-option"][data-nav="${nav}"]`);
    await expect(option).toContainText(STATE[i], LOAD);
    const box = option.getByTestId('notice-option-select');
    const bar = page.getByTestId('notice-print-bar');
    // Without a supervisor: not selectable, nothing to preview or print.
    await expect(box).toBeDisabled();
    await expect(bar.getByTestId('print-open')).toBeDisabled();
    await expect(found.getByTestId('notice-force')).toContainText('serve la forzatura di un supervisore');

    // The clerk's own password approves nothing (and a wrong one neither).
    await ask(page, i === 0 ? LAURA : { ...GIUSEPPE, password: 'sbagliata' }, 'vorrei stamparlo');
    await expect(page.getByTestId('force-error')).toContainText(
      i === 0 ? 'non è un supervisore' : 'non corretti',
    );
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('force-dialog')).toHaveCount(0);
    await expect(box).toBeDisabled();
    await expect(found.getByTestId('notice-force-given')).toHaveCount(0);

    // The supervisor approves: the notice is ticked, and the lookup stays as it was.
    await ask(page, GIUSEPPE, `copia richiesta ${i}`);
    await expect(found.getByTestId('notice-force-given')).toContainText(
      `Forzatura approvata da ${GIUSEPPE.name}: «copia richiesta ${i}»`,
    );
    await expect(box).toBeChecked();
    await expect(option.getByTestId('notice-option-forced')).toHaveText('forzata');
    await expect(page.getByTestId('operator-name')).toContainText(LAURA.name);
    if (i === 0) {
      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      expect(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
    }

    // The same preview and print as a citizen's option, to the preview printer.
    await bar.getByTestId('print-open').click();
    const dialog = page.getByTestId('print-dialog');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible(LOAD);
    await expect(dialog.getByTestId('print-navs')).toContainText(formatNoticeNumber(nav));
    if (i === 0) await page.screenshot({ path: `${ARTIFACTS}/notice-forced.png` });
    await dialog.getByTestId('print-submit').click();
    const note = page.getByTestId('print-notification').first();
    await expect(note).toHaveAttribute('data-state', 'sent', LOAD);
    await expect(note.getByTestId('print-forced')).toHaveText('forzata');

    // And the A4 PDF: GovPay has the creditor's official one for this notice, which the desk hands over.
    await bar.getByTestId('print-pdf').click();
    const link = bar.getByTestId('print-pdf-link');
    await expect(link).toBeVisible(LOAD);
    await expect(link).toContainText('PDF ufficiale dell’ente');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(
      readFileSync(await download.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(govpay.requests.filter((r) => r.path.endsWith(`/avvisi/${EC.fiscalCode}/${nav}`))).toHaveLength(1);

    // The errand ends: the approval goes with it.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('notice-result')).toHaveCount(0);
  }

  // The oracle: the desk's database, read with sqlite3.
  expect(
    sql(host.dataDir, "SELECT printer_id || '|' || forced || '|' || state FROM print_jobs ORDER BY id"),
  ).toEqual(['preview|1|sent', 'preview|1|sent']);
  expect(
    sql(
      host.dataDir,
      "SELECT operator || '|' || json_extract(details,'$.method') || '|' || json_extract(details,'$.approvedBy') || '|' || json_extract(details,'$.reason') || '|' || subject || '|' || json_extract(details,'$.options[0].notPayableReason') FROM audit_log WHERE action = 'selection.forced' ORDER BY id",
    ),
  ).toEqual(
    [0, 1].flatMap((i) =>
      ['preview', 'print', 'pdf'].map(
        (m) =>
          `${LAURA.cf}|${m}|${GIUSEPPE.cf}|copia richiesta ${i}|${CITIZENS[i]}|${i === 0 ? 'EXPIRED' : 'PAID'}`,
      ),
    ),
  );
  expect(
    sql(
      host.dataDir,
      "SELECT action || '|' || subject FROM audit_log WHERE action LIKE 'operator.approve%' ORDER BY id",
    ),
  ).toEqual([
    `operator.approve-refused|${LAURA.cf}`,
    `operator.approve|${GIUSEPPE.cf}`,
    `operator.approve|${GIUSEPPE.cf}`,
  ]);
});
