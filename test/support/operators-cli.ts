import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_CITIZENS } from '../../electron/services/demo/dataset';

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
