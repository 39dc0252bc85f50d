import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import type { Cents } from '../../core/money';
import { buildPagoPaQrPayload } from '../../core/payloads/pagopa-qr';
import { refusedPort, startCaptureServer, type CaptureServer } from '../support/escpos/capture-server';
import { decodeEscPos } from '../support/escpos/decoder';
import { lateListener } from '../support/escpos/late-listener';
import { scanQr } from '../support/escpos/scan';
import { citizenCode, EC, navFor, pendenza } from '../support/fake-backends/data';
import { fakeGovPay } from '../support/fake-backends/govpay';
import type { FakeServer } from '../support/fake-backends/server';
import { type HostProcess } from '../support/host-process';
import { GIUSEPPE, govPayDeskWithOperators, LAURA, signIn, sql } from '../support/operators-cli';
import { ARTIFACTS } from './fixtures';

/**
 * "Riprova" on a failed forced print, at a desk a clerk holds: the retry goes with the supervisor's approval
 * while it is valid; once the page holds none, the clerk reads that a supervisor must approve again and asks
 * in the same dialog. The slip reaches the capture server and its QR scans to the notice's payload.
 */
const CITIZENS = [citizenCode(21), citizenCode(22)] as const;
/** Each citizen's expired notice (due in 2020, € 10,01). */
const EXPIRED = [navFor(40).nav, navFor(42).nav] as const;
const LOAD = { timeout: 30_000 };

const test = base.extend<{ govpay: FakeServer; capture: CaptureServer; refused: number; host: HostProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures.
  govpay: async ({}, use) => {
    const fake = fakeGovPay({
      username: 'sportello',
      password: 's3greta',
      pendenze: CITIZENS.flatMap((cf, i) => [
        pendenza({ serial: 40 + 2 * i, debtor: cf, causale: `TARI 2019 ${i}`, dataScadenza: '2020-01-31' }),
        pendenza({ serial: 41 + 2 * i, debtor: cf, causale: `Mensa ${i}`, importo: 20 }),
      ]),
    });
    await fake.server.start();
    await use(fake.server);
    await fake.server.stop();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures.
  capture: async ({}, use) => {
    const server = await startCaptureServer();
    await use(server);
    await server.close();
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures.
  refused: async ({}, use) => use(await refusedPort()),
  host: async ({ govpay, refused }, use) => {
    const desk = await govPayDeskWithOperators(govpay.url, 'sportello-e2e-forced-retry-', {
      printers: {
        list: [
          {
            id: 'banco',
            name: 'Banco 3',
            family: 'epson',
            width: 80,
            interface: `tcp://127.0.0.1:${refused}`,
            timeoutMs: 1500,
          },
        ],
        default: 'banco',
      },
    });
    await use(desk.host);
    await desk.stop();
  },
});

async function approve(page: Page, reason: string): Promise<void> {
  await expect(page.getByTestId('force-reason')).toBeFocused();
  await page.getByTestId('force-reason').fill(reason);
  await page.getByTestId('force-code').fill(GIUSEPPE.cf);
  await page.getByTestId('force-password').fill(GIUSEPPE.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('force-dialog')).toHaveCount(0);
}

test('a clerk retries a failed forced print: with the supervisor’s approval it goes, without one the page asks for it again (two citizens)', async ({
  page,
  host,
  capture,
  refused,
}) => {
  await page.goto(host.url);
  await signIn(page, LAURA);
  const printer = lateListener(refused, capture);

  for (const i of [0, 1]) {
    const nav = EXPIRED[i];
    await page.getByTestId('cf-input').fill(CITIZENS[i]);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-code')).toHaveText(CITIZENS[i], LOAD);
    await expect(page.getByTestId('position').first()).toBeVisible(LOAD);
    await page.getByTestId('filter-all').check();
    await page.getByTestId('positions-override').check();
    const expired = page.getByTestId('position').filter({ hasText: `TARI 2019 ${i}` });
    await expired.getByTestId('option-select').check();
    await page.getByTestId('force-ask').click();
    await approve(page, `copia per il cittadino ${i}`);
    await expect(page.getByTestId('force-given')).toContainText(GIUSEPPE.name);

    // The printer refuses: the forced job fails.
    await page.keyboard.press('Control+p');
    const dialog = page.getByTestId('print-dialog');
    await expect(dialog.getByTestId('notice-preview-image')).toBeVisible(LOAD);
    await dialog.getByTestId('print-submit').click();
    const note = page.getByTestId('print-notification').first();
    await expect(note).toHaveAttribute('data-state', 'failed', LOAD);
    await expect(note.getByTestId('print-forced')).toHaveText('forzata');

    // "Riprova" with the approval still valid: the desk takes it (the printer still refuses).
    await note.getByTestId('print-retry').click();
    await page.getByTestId('print-jobs').locator('summary').click();
    await expect(page.getByTestId('print-job').first()).toContainText('tentativi: 2', LOAD);
    await expect(page.getByTestId('retry-refused')).toHaveCount(0);
    await page.getByTestId('print-jobs').locator('summary').click();

    // The clerk unticks the notice: the page's approval goes. "Riprova" now needs a supervisor again, said so.
    await expired.getByTestId('option-select').uncheck();
    await expect(page.getByTestId('force-request')).toHaveCount(0);
    await note.getByTestId('print-retry').click();
    const refusal = page.getByTestId('retry-refused');
    await expect(refusal).toContainText(
      'è forzata: per riprovarla serve di nuovo l’approvazione di un supervisore',
    );
    await expect(note).toHaveAttribute('data-state', 'failed');
    if (i === 0) {
      await page.screenshot({ path: `${ARTIFACTS}/forced-retry-refused.png` });
      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
        .analyze();
      expect(
        axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      ).toEqual([]);
    }

    // The printer is back; the supervisor approves again in the same dialog, and the job goes.
    await printer.listen();
    try {
      await refusal.getByTestId('retry-force-ask').click();
      await expect(page.getByTestId('force-lead')).toContainText('approvazione di un supervisore');
      if (i === 0) {
        const axe = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
          .analyze();
        expect(
          axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        ).toEqual([]);
      }
      await approve(page, `di nuovo, cittadino ${i}`);
      await expect(note).toHaveAttribute('data-state', 'sent', LOAD);
      await expect(note).toContainText('inviato alla stampante Banco 3');
      await expect(page.getByTestId('retry-refused')).toHaveCount(0);
      await capture.waitForJobs(i + 1);
    } finally {
      await printer.close();
    }
    // The slip that reached the printer: its notice number, and its QR scanned back to the payload.
    const slips = capture.jobs
      .map((bytes) => decodeEscPos(bytes, 'epson'))
      .filter((d) => d.text.replace(/\s/g, '').includes(nav));
    expect(slips).toHaveLength(1);
    const built = buildPagoPaQrPayload({ nav, ecFiscalCode: EC.fiscalCode, amount: 1001 as Cents });
    if (!built.ok) throw new Error('payload');
    expect(slips[0]!.images.map((x) => scanQr(x.bitmap)?.data).filter(Boolean)).toEqual([built.value]);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
  }

  // The oracle: the desk's database. Each job sent on its third attempt, forced; each retry audited as forced,
  // with the clerk as operator and the supervisor who approved it.
  expect(
    sql(host.dataDir, "SELECT state || '|' || attempts || '|' || forced FROM print_jobs ORDER BY id"),
  ).toEqual(['sent|3|1', 'sent|3|1']);
  expect(
    sql(
      host.dataDir,
      "SELECT operator || '|' || json_extract(details,'$.method') || '|' || json_extract(details,'$.approvedBy') || '|' || json_extract(details,'$.reason') || '|' || subject FROM audit_log WHERE action = 'selection.forced' AND json_extract(details,'$.method') <> 'preview' ORDER BY id",
    ),
  ).toEqual(
    [0, 1].flatMap((i) => [
      `${LAURA.cf}|print|${GIUSEPPE.cf}|copia per il cittadino ${i}|${CITIZENS[i]}`,
      `${LAURA.cf}|retry|${GIUSEPPE.cf}|copia per il cittadino ${i}|${CITIZENS[i]}`,
      `${LAURA.cf}|retry|${GIUSEPPE.cf}|di nuovo, cittadino ${i}|${CITIZENS[i]}`,
    ]),
  );
});
