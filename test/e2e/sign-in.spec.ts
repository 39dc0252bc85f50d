import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as base, expect } from '@playwright/test';
import { DEMO_CITIZENS } from '../../electron/services/demo/dataset';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/temp';
import { ARTIFACTS } from './fixtures';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const LAURA = { cf: DEMO_CITIZENS.laura.fiscalCode, password: 'sportello-laura-2026' };
const GIUSEPPE = { cf: DEMO_CITIZENS.giuseppe.fiscalCode, password: 'responsabile-giuseppe' };
const CITIZEN = DEMO_CITIZENS.mario.fiscalCode;

/** The administrator's way: the real CLI, the password on its stdin. */
function addOperator(dataDir: string, o: { cf: string; password: string }, name: string, role: string): void {
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'sportello.js'),
      'operators',
      'add',
      '--cf',
      o.cf,
      '--name',
      name,
      '--role',
      role,
      '--password-stdin',
    ],
    {
      cwd: ROOT,
      input: `${o.password}\n`,
      env: { ...process.env, SPORTELLO_DATA_DIR: dataDir, SPORTELLO_ADMIN_CONFIG: '' },
    },
  );
}

function auditRows(dataDir: string): string[] {
  return execFileSync(
    'sqlite3',
    [
      '-readonly',
      join(dataDir, 'sportello.sqlite'),
      "SELECT action || '|' || coalesce(operator,'') FROM audit_log ORDER BY id",
    ],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
}

/** A desk that is not in demo mode, with two operators configured before it starts. */
const test = base.extend<{ idle: number; host: HostProcess }>({
  idle: [0, { option: true }],
  host: async ({ idle }, use) => {
    const dir = tempDir('sportello-signin-');
    addOperator(dir.path, LAURA, 'Laura Bianchi', 'clerk');
    addOperator(dir.path, GIUSEPPE, 'Giuseppe Verdi', 'supervisor');
    const host = await startHostProcess({
      dataDir: dir.path,
      config: { backend: { kind: 'file' }, deskId: 'sportello-02', desk: { idleClearSeconds: idle } },
    });
    await use(host);
    await host.stop();
    dir.remove();
  },
});

test.describe('clerks sign in', () => {
  test('the desk opens on sign-in; wrong password twice, then in; lock clears the citizen; unlock; take-over', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('sign-in')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('cf-input')).toHaveCount(0);
    await expect(page.getByTestId('sign-in')).toContainText('sportello-02');
    await page.screenshot({ path: `${ARTIFACTS}/sign-in.png` });

    for (let i = 0; i < 2; i++) {
      await page.getByTestId('sign-in-code').fill(LAURA.cf);
      await page.getByTestId('sign-in-password').fill('sbagliata');
      await page.getByTestId('sign-in-submit').click();
      await expect(page.getByTestId('sign-in-error')).toContainText('non corretti');
      await expect(page.getByTestId('sign-in-password')).toHaveValue('');
    }
    await page.getByTestId('sign-in-password').fill(LAURA.password);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('operator-name')).toContainText('Laura Bianchi');
    await expect(page.getByTestId('cf-input')).toBeVisible();
    await expect(page.getByTestId('supervisor-open')).toHaveCount(0);

    await page.getByTestId('cf-input').fill(CITIZEN);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-code')).toHaveText(CITIZEN);

    await page.getByTestId('operator-lock').click();
    await expect(page.getByTestId('sign-in-locked')).toContainText('Laura Bianchi');
    await expect(page.locator('body')).not.toContainText(CITIZEN);
    await page.screenshot({ path: `${ARTIFACTS}/sign-in-locked.png` });
    await page.getByTestId('sign-in-password').fill(LAURA.password);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('cf-input')).toHaveValue('');

    // Locked again, Giuseppe takes the desk over.
    await page.getByTestId('operator-lock').click();
    await page.getByTestId('sign-in-take-over').click();
    await page.getByTestId('sign-in-code').fill(GIUSEPPE.cf);
    await page.getByTestId('sign-in-password').fill(GIUSEPPE.password);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('operator-name')).toContainText('Giuseppe Verdi');
    await expect(page.getByTestId('operator-name')).toContainText('responsabile');
    // The supervisor's view: the day's figures and the desk's whole journal; a clerk had no such button.
    await page.getByTestId('supervisor-open').click();
    await expect(page.getByTestId('report-served')).toHaveText('1');
    await page.screenshot({ path: `${ARTIFACTS}/supervisor.png` });
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('supervisor-dialog')).toHaveCount(0);

    await page.getByTestId('operator-sign-out').click();
    await expect(page.getByTestId('sign-in')).toBeVisible();

    const rows = auditRows(host.dataDir);
    expect(rows).toEqual(
      expect.arrayContaining([
        'operator.sign-in-failed|',
        `operator.sign-in|${LAURA.cf}`,
        `identify.typed|${LAURA.cf}`,
        `operator.lock|${LAURA.cf}`,
        `operator.unlock|${LAURA.cf}`,
        `operator.signed-out|${LAURA.cf}`,
        `operator.take-over|${GIUSEPPE.cf}`,
        `operator.sign-out|${GIUSEPPE.cf}`,
      ]),
    );
    expect(rows.filter((r) => r === 'operator.sign-in-failed|')).toHaveLength(2);
  });

  test.describe('idle', () => {
    test.use({ idle: 2 });
    test('the desk locks on its own after the idle time, keeping the operator', async ({ page, host }) => {
      await page.goto(host.url);
      await page.getByTestId('sign-in-code').fill(LAURA.cf, { timeout: 30_000 });
      await page.getByTestId('sign-in-password').fill(LAURA.password);
      await page.getByTestId('sign-in-submit').click();
      await expect(page.getByTestId('operator-name')).toContainText('Laura Bianchi');
      await expect(page.getByTestId('sign-in-locked')).toContainText('Laura Bianchi', { timeout: 15_000 });
    });
  });
});
