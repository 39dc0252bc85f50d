import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../core/contract/errors';
import { computeCheckCharacter } from '../../../core/fiscal-code';
import { runCli } from '../../../electron/cli/run';
import { DEMO_CITIZENS } from '../../../electron/services/demo/dataset';
import { createDesk, DB_FILE, type Desk } from '../../../electron/services/desk';
import { testPlatform } from '../../support/desk';
import { tempDir } from '../../support/temp';

/**
 * Operators declared in the administrator's file, merged with those the CLI manages: the file wins for name,
 * role and disabled; passwords never come from the file. Read back with the sqlite3 shell and the real CLI.
 */
const BOSS = { cf: DEMO_CITIZENS.giuseppe.fiscalCode, password: 'responsabile-giuseppe' };
const CLERK = { cf: DEMO_CITIZENS.laura.fiscalCode, password: 'sportello-laura-2026' };
const CARD_ONLY = 'BNCCHR90A41H501' + computeCheckCharacter('BNCCHR90A41H501');
const WS = { transport: 'websocket' } as const;

const dirs: { remove(): void }[] = [];
const desks: Desk[] = [];
afterEach(async () => {
  await Promise.all(desks.splice(0).map((d) => d.close()));
  dirs.splice(0).forEach((d) => d.remove());
});

async function cli(dataDir: string, argv: string[], stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  const env = {
    ...process.env,
    SPORTELLO_DATA_DIR: dataDir,
    SPORTELLO_CONFIG: join(dataDir, 'config.json'),
    SPORTELLO_ADMIN_CONFIG: join(dataDir, 'admin-config.json'),
  };
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env,
    ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function sqlite(dataDir: string, sql: string): string[][] {
  return execFileSync('sqlite3', ['-readonly', '-separator', '|', join(dataDir, DB_FILE), sql], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|'));
}

const adminFile = (operators: unknown[]) => ({ backend: { kind: 'file' as const }, operators }) as never;

function startError(platform: ReturnType<typeof testPlatform>): AppError {
  try {
    desks.push(createDesk({ platform }));
  } catch (err) {
    return err as AppError;
  }
  throw new Error('the desk started');
}

describe('operators from the administrator file', () => {
  it('merged with the CLI ones, the file winning for role, name and disabled; passwords stay the CLI’s; twice', async () => {
    const dir = tempDir('sportello-fileops-');
    dirs.push(dir);
    // The CLI first: Giuseppe as a clerk with a password, Laura as a clerk.
    for (const [o, name] of [
      [BOSS, 'Giuseppe V.'],
      [CLERK, 'Laura Bianchi'],
    ] as const) {
      const r = await cli(
        dir.path,
        ['operators', 'add', '--cf', o.cf, '--name', name, '--role', 'clerk', '--password-stdin'],
        `${o.password}\n`,
      );
      expect(r.code, r.err).toBe(0);
    }
    // Then the administrator's file: Giuseppe is a supervisor, a card-only clerk is added.
    const platform = testPlatform(
      dir.path,
      undefined,
      adminFile([
        { fiscalCode: BOSS.cf, name: 'Giuseppe Verdi', role: 'supervisor' },
        { fiscalCode: CARD_ONLY.toLowerCase(), name: 'Chiara Bianco', role: 'clerk' },
      ]),
    );
    for (let start = 0; start < 2; start++) {
      const desk = createDesk({ platform });
      desks.push(desk);
      const signed = await desk.call('operator.signIn', { fiscalCode: BOSS.cf, password: BOSS.password }, WS);
      expect(signed).toMatchObject({
        ok: true,
        value: { operator: { fiscalCode: BOSS.cf, name: 'Giuseppe Verdi', role: 'supervisor' } },
      });
      // The supervisor's acts are open to him now (the file's role is enforced by the services).
      expect((await desk.call('report.day', {}, WS)).ok).toBe(true);
      await desk.close();
      desks.pop();
    }
    expect(
      sqlite(
        dir.path,
        'SELECT fiscal_code, name, role, password_hash IS NOT NULL FROM operators ORDER BY fiscal_code',
      ),
    ).toEqual(
      [
        [CARD_ONLY, 'Chiara Bianco', 'clerk', '0'],
        [BOSS.cf, 'Giuseppe Verdi', 'supervisor', '1'],
        [CLERK.cf, 'Laura Bianchi', 'clerk', '1'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    // Audited once each, not at every start.
    expect(
      sqlite(
        dir.path,
        "SELECT action, subject FROM audit_log WHERE action LIKE 'operators.file-%' ORDER BY id",
      ),
    ).toEqual([
      ['operators.file-update', BOSS.cf],
      ['operators.file-add', CARD_ONLY],
    ]);

    // The CLI shows where each comes from, and leaves the file's to the file; a password it still sets.
    const list = await cli(dir.path, ['operators', 'list', '--json']);
    expect(list.code, list.err).toBe(0);
    expect(
      (JSON.parse(list.out) as { fiscalCode: string; source: string }[]).map((o) => [o.fiscalCode, o.source]),
    ).toEqual(
      expect.arrayContaining([
        [BOSS.cf, 'admin-file'],
        [CARD_ONLY, 'admin-file'],
        [CLERK.cf, 'cli'],
      ]),
    );
    for (const argv of [
      ['operators', 'disable', BOSS.cf],
      ['operators', 'add', '--cf', CARD_ONLY, '--name', 'X', '--role', 'admin'],
    ]) {
      const r = await cli(dir.path, argv);
      expect(r.code).toBe(1);
      expect(r.err).toContain('file dell’amministratore');
    }
    expect(
      (
        await cli(
          dir.path,
          ['operators', 'set-password', CARD_ONLY, '--password-stdin'],
          'chiara-password-1\n',
        )
      ).code,
    ).toBe(0);

    // The file disables Giuseppe: refused at sign-in from the next start.
    writeFileSync(
      join(dir.path, 'admin-config.json'),
      JSON.stringify(
        adminFile([{ fiscalCode: BOSS.cf, name: 'Giuseppe Verdi', role: 'supervisor', disabled: true }]),
      ),
    );
    const desk = createDesk({ platform });
    desks.push(desk);
    expect(
      await desk.call('operator.signIn', { fiscalCode: BOSS.cf, password: BOSS.password }, WS),
    ).toMatchObject({
      ok: false,
      error: { code: 'SIGN_IN_FAILED' },
    });
  });

  it('refuses a password in the file, and operators in the desk’s own file, naming the key', () => {
    for (const key of ['password', 'passwordHash']) {
      const dir = tempDir('sportello-fileops-bad-');
      dirs.push(dir);
      const platform = testPlatform(
        dir.path,
        undefined,
        adminFile([
          { fiscalCode: BOSS.cf, name: 'Giuseppe Verdi', role: 'supervisor', [key]: 'segreta-123456' },
        ]),
      );
      const e = startError(platform);
      expect(e).toMatchObject({ code: 'CONFIG_INVALID', details: { reason: 'SCHEMA' } });
      const issues = e.details?.['issues'] as { path: string; message: string }[];
      expect(issues).toEqual([
        expect.objectContaining({
          path: `operators.0.${key}`,
          message: expect.stringContaining('set-password'),
        }),
      ]);
    }
    const dir = tempDir('sportello-fileops-user-');
    dirs.push(dir);
    const user = testPlatform(dir.path, {
      operators: [{ fiscalCode: BOSS.cf, name: 'Giuseppe Verdi', role: 'admin' }],
    } as never);
    const e = startError(user);
    expect(e).toMatchObject({ code: 'CONFIG_INVALID', details: { file: join(dir.path, 'config.json') } });
    expect((e.details?.['issues'] as { path: string }[])[0]?.path).toBe('operators');
    // A repeated operator, then a code that is not valid: each named by its place in the list.
    for (const [list, path] of [
      [
        [
          { fiscalCode: BOSS.cf, name: 'A', role: 'clerk' },
          { fiscalCode: BOSS.cf.toLowerCase(), name: 'B', role: 'admin' },
        ],
        'operators.1.fiscalCode',
      ],
      [[{ fiscalCode: 'RSSMRA80A01H501X', name: 'C', role: 'clerk' }], 'operators.0.fiscalCode'],
    ] as const) {
      const bad = tempDir('sportello-fileops-bad-');
      dirs.push(bad);
      const err = startError(testPlatform(bad.path, undefined, adminFile([...list])));
      expect((err.details?.['issues'] as { path: string }[]).map((i) => i.path)).toEqual([path]);
    }
  });
});
