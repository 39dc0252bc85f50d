import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { DEMO_CITIZENS } from '../../electron/services/demo/dataset';
import { GOVPAY_BASE } from './fake-backends/govpay';
import { startHostProcess, type HostProcess } from './host-process';
import { tempDir } from './temp';

/**
 * The operators the e2e specs sign in as, added the way an administrator adds them (`sportello operators add
 * --password-stdin`), and the desk database read back with the sqlite3 CLI.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface TestOperator {
  readonly cf: string;
  readonly password: string;
  readonly name: string;
}

export const LAURA: TestOperator = {
  cf: DEMO_CITIZENS.laura.fiscalCode,
  password: 'sportello-laura-2026',
  name: 'Laura Bianchi',
};
export const GIUSEPPE: TestOperator = {
  cf: DEMO_CITIZENS.giuseppe.fiscalCode,
  password: 'responsabile-giuseppe',
  name: 'Giuseppe Verdi',
};

export function addOperator(dataDir: string, o: TestOperator, role: string): void {
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'sportello.js'),
      'operators',
      'add',
      '--cf',
      o.cf,
      '--name',
      o.name,
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

/** One line per row, as the sqlite3 CLI prints them (columns joined by "|"). */
export function sql(dataDir: string, query: string): string[] {
  return execFileSync('sqlite3', ['-readonly', join(dataDir, 'sportello.sqlite'), query], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
}

/**
 * A browser host on a fake GovPay (user `sportello`, password `s3greta`), with LAURA as clerk and GIUSEPPE as
 * supervisor added first, as the forced-selection specs need it; `config` adds keys (printers…).
 */
export async function govPayDeskWithOperators(
  govpayUrl: string,
  prefix: string,
  config: Record<string, unknown> = {},
): Promise<{ host: HostProcess; stop: () => Promise<void> }> {
  const dir = tempDir(prefix);
  const secrets = join(dir.path, 'secrets.json');
  // Before the operators: the CLI keeps the audit key in the same file.
  writeFileSync(secrets, JSON.stringify({ 'govpay.password': 's3greta' }), { mode: 0o600 });
  addOperator(dir.path, LAURA, 'clerk');
  addOperator(dir.path, GIUSEPPE, 'supervisor');
  const host = await startHostProcess({
    dataDir: dir.path,
    config: {
      backend: {
        kind: 'govpay',
        baseUrl: `${govpayUrl}${GOVPAY_BASE}`,
        auth: { mode: 'basic', username: 'sportello', passwordSecret: 'govpay.password' },
        timeoutMs: 3000,
        retries: 0,
      },
      ...config,
    },
    env: { SPORTELLO_SECRETS: secrets },
  });
  return {
    host,
    stop: async () => {
      await host.stop();
      dir.remove();
    },
  };
}

/** Signs in at the desk's sign-in screen as an operator would, and waits for the desk to name them. */
export async function signIn(page: Page, who: TestOperator): Promise<void> {
  await expect(page.getByTestId('sign-in')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('sign-in-code').fill(who.cf);
  await page.getByTestId('sign-in-password').fill(who.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('operator-name')).toContainText(who.name);
}
