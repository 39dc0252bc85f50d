import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { pendenza } from '../support/fake-backends/data';
import { fakeGovPay, GOVPAY_BASE } from '../support/fake-backends/govpay';
import type { FakeServer } from '../support/fake-backends/server';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/temp';
import itPositions from '../../renderer/src/i18n/it/positions';
import { ARTIFACTS, test as demoTest } from './fixtures';

const CF = 'RSSMRA80A01H501U';

demoTest.describe('positions in demo mode', () => {
  demoTest(
    'the sample positions of RSSMRA80A01H501U appear, grouped, with the plan and the total',
    async ({ page, host }) => {
      await page.goto(host.url);
      await page.keyboard.type(CF);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('position').first()).toBeVisible();
      await expect(page.getByTestId('positions-total')).toContainText('Pagabile ora: € 428,30');
      await expect(page.getByText('Rata 1 di 3')).toBeVisible();
      // Payable only by default: the paid water bill shows up with "Tutte".
      await expect(page.getByText('già pagata')).toHaveCount(0);
      await page.getByTestId('filter-all').check();
      await expect(page.getByText('già pagata')).toBeVisible();
      // Selecting options keeps their ids in the store; the paid one cannot be selected without override.
      const paidRow = page.locator('[data-testid="option"]', { hasText: 'già pagata' });
      await expect(paidRow.getByTestId('option-select')).toBeDisabled();
      await page.locator('[data-testid="option-select"]:enabled').first().check();
      await expect(page.getByTestId('positions-selected')).toContainText('Selezionata: 1 opzione');
      await page.getByTestId('positions-override').check();
      await expect(paidRow.getByTestId('option-select')).toBeEnabled();
      await page.screenshot({ path: `${ARTIFACTS}/positions-demo.png`, fullPage: true });
    },
  );

  demoTest(
    'one table for all positions: the amounts of two positions line up, and no row says its state twice',
    async ({ page, host }) => {
      await page.goto(host.url);
      await page.keyboard.type(CF);
      await page.keyboard.press('Enter');
      await page.getByTestId('filter-all').check();
      await expect(page.getByTestId('position')).toHaveCount(4);
      // Two positions' first amounts: the same column, so the same x and width (and the same right edge).
      const amounts = page.getByTestId('position').locator('[data-testid="option-amount"]');
      const tari = page.getByTestId('position').filter({ hasText: 'TARI 2025' });
      const water = page.getByTestId('position').filter({ hasText: 'Servizio idrico' });
      const a = (await tari.getByTestId('option-amount').first().boundingBox())!;
      const b = (await water.getByTestId('option-amount').first().boundingBox())!;
      expect(b.y).toBeGreaterThan(a.y);
      expect(b.x).toBeCloseTo(a.x, 0);
      expect(b.x + b.width).toBeCloseTo(a.x + a.width, 0);
      const xs = new Set(
        (await amounts.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().right)))).map(
          String,
        ),
      );
      expect(xs.size).toBe(1);
      // The state said once per row ("pagata — già pagata" before), and the position's state once, in its header.
      const labels = [
        ...Object.values(itPositions.optionStatus),
        ...Object.values(itPositions.reasons),
        ...Object.values(itPositions.positionStatus),
      ];
      const rows = await page
        .getByTestId('option')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).innerText));
      expect(rows.length).toBeGreaterThanOrEqual(7);
      for (const row of rows)
        for (const label of labels) {
          const times =
            row.split(new RegExp(`\\b${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`)).length - 1;
          expect(times, `"${label}" in "${row}"`).toBeLessThanOrEqual(1);
        }
      const paid = page.locator('[data-testid="option"]', { hasText: 'già pagata' });
      await expect(paid.getByTestId('option-status')).toHaveText('già pagata');
      await expect(water.getByTestId('position-status')).toHaveText('pagata');
      await expect(water.getByTestId('position-ways')).toHaveCount(0);
    },
  );

  demoTest('anonymous lookup by notice number finds a demo notice', async ({ page, host }) => {
    await page.goto(host.url);
    await page.keyboard.type(CF);
    await page.keyboard.press('Enter');
    const nav = await page.getByTestId('option').first().getAttribute('data-nav');
    await page.keyboard.press('Escape');
    await page.getByTestId('notice-nav').fill(nav!);
    await page.getByTestId('notice-search').click();
    await expect(page.getByTestId('notice-result')).toContainText('Comune di Borgo Ticino Lombardo');
    await page.getByTestId('notice-nav').fill('301700000000000999');
    await page.getByTestId('notice-search').click();
    await expect(page.getByTestId('notice-nav-error')).toContainText('cifre di controllo');
  });
});

/** A desk on GovPay: the fake GovPay runs in the test process on a fixed port, so it can be stopped and restarted. */
const test = base.extend<{
  govpay: { server: FakeServer; state: { pendenze: ReturnType<typeof pendenza>[] } };
  host: HostProcess;
}>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures.
  govpay: async ({}, use) => {
    const fake = fakeGovPay({
      username: 'sportello',
      password: 's3greta',
      pendenze: [pendenza({ serial: 1, debtor: CF, causale: 'TARI 2025', importo: 123.45 })],
    });
    await fake.server.start();
    await use(fake);
    await fake.server.stop();
  },
  host: async ({ govpay }, use) => {
    const dir = tempDir('sportello-e2e-pos-');
    const secrets = join(dir.path, 'secrets.json');
    writeFileSync(secrets, JSON.stringify({ 'govpay.password': 's3greta' }), { mode: 0o600 });
    const host = await startHostProcess({
      dataDir: dir.path,
      config: {
        backend: {
          kind: 'govpay',
          baseUrl: `${govpay.server.url}${GOVPAY_BASE}`,
          auth: { mode: 'basic', username: 'sportello', passwordSecret: 'govpay.password' },
          timeoutMs: 1500,
          retries: 0,
        },
      },
      env: { SPORTELLO_SECRETS: secrets },
    });
    await use(host);
    await host.stop();
    dir.remove();
  },
});

test.describe('positions from GovPay, cache first', () => {
  test('live answer, then offline with the cached positions, then cache first and live again', async ({
    page,
    host,
    govpay,
  }) => {
    await page.goto(host.url);
    await page.keyboard.type(CF);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('position')).toContainText('TARI 2025');
    await expect(page.getByTestId('option-amount').first()).toHaveText('€ 123,45');
    await expect(page.getByTestId('positions-freshness')).toContainText('aggiornato alle');

    // Backend stopped: the desk says offline and keeps showing the cached positions.
    const port = govpay.server.port;
    await govpay.server.stop();
    await page.keyboard.press('F5');
    await expect(page.getByTestId('positions-banner')).toContainText('non raggiungibile');
    await expect(page.getByTestId('positions-freshness')).toContainText('offline — dati del');
    await expect(page.getByTestId('position')).toContainText('TARI 2025');
    await expect(page.getByTestId('status-backend')).toContainText('non in linea');
    await page.screenshot({ path: `${ARTIFACTS}/positions-offline.png`, fullPage: true });

    // Back online, slow, with a new position: the cached one shows at once, the new one arrives with the refresh.
    govpay.state.pendenze.push(
      pendenza({ serial: 2, debtor: CF, causale: 'Refezione scolastica', importo: 0.29 }),
    );
    govpay.server.inject({ kind: 'latency', ms: 1000 });
    await govpay.server.start(port);
    await page.keyboard.press('Escape');
    await page.keyboard.type(CF);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('position')).toContainText('TARI 2025');
    await expect(page.getByTestId('positions-freshness')).toContainText('aggiornamento in corso');
    await expect(page.getByText('Refezione scolastica')).toBeVisible();
    await expect(page.getByTestId('positions-freshness')).toContainText('aggiornato alle');
    await expect(page.getByTestId('positions-banner')).toHaveCount(0);
    expect(govpay.server.violations).toEqual([]);
    const searches = govpay.server.requests.filter((r) => r.path.endsWith('/pendenze'));
    expect(searches.every((r) => r.query.get('idDebitore') === CF)).toBe(true);
  });
});

export { expect };

test.describe('a partial answer from GovPay (issue 15)', () => {
  test('"risposta parziale" names the refused instalment, the plan stays, for two citizens in a row', async ({
    page,
    host,
    govpay,
  }) => {
    const OMO = 'RSSMRA80A01H50MM';
    govpay.state.pendenze.push(
      ...[1, 2].map((rata) =>
        pendenza({
          serial: 10 + rata,
          debtor: CF,
          causale: `TARI rata ${rata}`,
          importo: 600_000,
          documento: { identificativo: 'TARI-PLAN', descrizione: 'Piano TARI', rata },
        }),
      ),
      pendenza({ serial: 20, debtor: OMO, causale: 'Mensa omocodico', importo: 9 }),
    );
    await page.goto(host.url);
    await page.keyboard.type(CF);
    await page.keyboard.press('Enter');
    await expect(page.getByText('Piano TARI')).toBeVisible();
    await expect(page.getByTestId('positions-partial')).toHaveCount(0);
    // The second instalment now comes with an amount that is not whole cents.
    govpay.state.pendenze.find((p) => p.idPendenza === 'P12')!.importo = 12.345;
    await page.keyboard.press('F5');
    const banner = page.getByTestId('positions-partial');
    await expect(banner).toContainText('Risposta parziale');
    await expect(banner).toContainText('A2A-DEMO/P12');
    await expect(banner).toContainText('importo non valido');
    await expect(page.getByText('Rata 2 di 2')).toBeVisible();
    await page.screenshot({ path: `${ARTIFACTS}/positions-partial.png`, fullPage: true });
    // Next citizen, the omocodic one: their own positions only, no banner carried over.
    await page.keyboard.press('Escape');
    await page.keyboard.type(OMO);
    await page.keyboard.press('Enter');
    await expect(page.getByText('Mensa omocodico')).toBeVisible();
    await expect(page.getByText('Piano TARI')).toHaveCount(0);
    await expect(page.getByTestId('positions-partial')).toHaveCount(0);
    // Back to the first: the partial answer is said again.
    await page.keyboard.press('Escape');
    await page.keyboard.type(CF);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('positions-partial')).toContainText('A2A-DEMO/P12');
    await expect(page.getByText('Mensa omocodico')).toHaveCount(0);
    // The same instalment looked up by its notice number: the answer says it is partial too.
    const p12 = govpay.state.pendenze.find((p) => p.idPendenza === 'P12')!;
    await page.getByTestId('notice-nav').fill(p12.numeroAvviso);
    await page.getByTestId('notice-ec').fill(p12.dominio.idDominio);
    await page.getByTestId('notice-search').click();
    await expect(page.getByTestId('notice-partial')).toContainText('A2A-DEMO/P12');
    await expect(page.getByTestId('notice-result')).toContainText('Piano TARI');
  });
});
