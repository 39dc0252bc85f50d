import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { DEMO_CITIZENS } from '../../../electron/services/demo/dataset';
import { createDesk, DB_FILE, type Desk } from '../../../electron/services/desk';
import { LOCKOUT_AFTER } from '../../../electron/services/operators/operator-service';
import { testPlatform } from '../../support/desk';
import { tempDir } from '../../support/temp';

// Operators are people with fiscal codes too; the demo's fictional ones will do.
const CLERK = { cf: DEMO_CITIZENS.laura.fiscalCode, name: 'Laura Bianchi', password: 'sportello-laura-2026' };
const BOSS = {
  cf: DEMO_CITIZENS.giuseppe.fiscalCode,
  name: 'Giuseppe Verdi',
  password: 'responsabile-giuseppe',
};
const CITIZEN = 'RSSMRA80A01H501U';
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
  const env = { ...process.env, SPORTELLO_DATA_DIR: dataDir, SPORTELLO_ADMIN_CONFIG: '' };
  const io = {
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
    env,
    ...(stdin !== undefined ? { stdin: Readable.from([Buffer.from(stdin)]) } : {}),
  };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The sqlite3 command-line tool reads the rows: an oracle outside the project's code. */
function sqlite(dataDir: string, sql: string): string[][] {
  const out = execFileSync('sqlite3', ['-readonly', '-separator', '|', join(dataDir, DB_FILE), sql], {
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|'));
}

/** A desk that is not demo (positions from a file), with two operators added through the CLI. */
async function deskWithOperators(): Promise<{ dataDir: string; desk: Desk }> {
  const dir = tempDir('sportello-ops-');
  dirs.push(dir);
  const add = async (o: typeof CLERK, role: string) => {
    const r = await cli(
      dir.path,
      ['operators', 'add', '--cf', o.cf, '--name', o.name, '--role', role, '--password-stdin', '--json'],
      `${o.password}\n`,
    );
    expect(r.code, r.err).toBe(0);
  };
  // The CLI creates the database; the desk opens it afterwards.
  await add(CLERK, 'clerk');
  await add(BOSS, 'supervisor');
  const platform = testPlatform(dir.path, { backend: { kind: 'file' }, deskId: 'sportello-03' });
  const desk = createDesk({ platform });
  desks.push(desk);
  return { dataDir: dir.path, desk };
}

describe('operators, sign-in and roles', () => {
  it('the CLI’s operator acts are sealed in the keyed chain: the desk’s start check and audit verify stay ok, twice', async () => {
    const { dataDir, desk } = await deskWithOperators();
    // Before this was fixed the CLI wrote its rows outside the chain, and the desk reported UNSEALED_ROW.
    expect(desk.services.status.get().audit).toMatchObject({ state: 'ok' });
    // The desk seals rows of its own, so the CLI's later rows come after the keyed chain's head.
    const signed = await desk.call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password }, WS);
    expect(signed.ok).toBe(true);
    await desk.close();
    for (const argv of [
      ['operators', 'disable', CLERK.cf, '--json'],
      ['operators', 'enable', CLERK.cf, '--json'],
    ]) {
      expect((await cli(dataDir, argv)).code).toBe(0);
      const verify = await cli(dataDir, ['audit', 'verify', '--json']);
      expect(verify.code, verify.out).toBe(0);
      expect(JSON.parse(verify.out)).toMatchObject({ ok: true, brokenAt: null });
    }
    const actions = sqlite(dataDir, "SELECT action FROM audit_log WHERE actor = 'cli' ORDER BY id").map(
      (r) => r[0],
    );
    expect(actions).toEqual(['operators.add', 'operators.add', 'operators.disable', 'operators.enable']);
    const sealed = sqlite(
      dataDir,
      'SELECT count(*) FROM audit_log WHERE id NOT IN (SELECT id FROM audit_chain)',
    );
    expect(sealed).toEqual([['0']]);
  });

  it('sign-in with password, roles enforced in the services, lock and unlock, take-over; all audited with operator, desk and citizen session', async () => {
    const { dataDir, desk } = await deskWithOperators();
    const call = (m: string, p?: unknown) => desk.call(m, p ?? {}, WS);

    // Nobody signed in: the desk's acts are refused, status is open.
    expect(await call('identity.fromFiscalCode', { code: CITIZEN })).toMatchObject({
      ok: false,
      error: { code: 'NOT_SIGNED_IN' },
    });
    expect((await call('system.status')).ok).toBe(true);

    // Wrong password, twice: the same answer, never which part was wrong.
    for (let i = 0; i < 2; i++)
      expect(await call('operator.signIn', { fiscalCode: CLERK.cf, password: 'sbagliata' })).toMatchObject({
        ok: false,
        error: { code: 'SIGN_IN_FAILED' },
      });
    expect(await call('operator.signIn', { fiscalCode: 'RSSMRA80A01H501U', password: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'SIGN_IN_FAILED' },
    });

    const signed = await call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password });
    expect(signed).toMatchObject({
      ok: true,
      value: { operator: { fiscalCode: CLERK.cf, role: 'clerk', implicit: false }, deskId: 'sportello-03' },
    });

    // A clerk identifies and looks up; a clerk may not change printers nor read the desk's whole journal.
    expect((await call('identity.fromFiscalCode', { code: CITIZEN })).ok).toBe(true);
    expect((await call('positions.list', { fiscalCode: CITIZEN })).ok).toBe(true);
    expect((await call('settings.update', { desk: { locale: 'en' } })).ok).toBe(true);
    expect(await call('printers.remove', { id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await call('notices.jobs', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('report.day', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // Lock: the citizen leaves, the operator stays; nothing works until the same operator's password.
    expect(await call('operator.lock')).toMatchObject({ ok: true, value: { locked: true } });
    expect(desk.services.identity.get()).toBeNull();
    expect(await call('identity.fromFiscalCode', { code: CITIZEN })).toMatchObject({
      ok: false,
      error: { code: 'DESK_LOCKED' },
    });
    expect((await call('operator.unlock', { password: 'sbagliata' })).ok).toBe(false);
    expect(await call('operator.unlock', { password: CLERK.password })).toMatchObject({
      ok: true,
      value: { locked: false },
    });

    // A supervisor takes over: the clerk is signed out; the journal opens to the supervisor.
    expect((await call('identity.fromFiscalCode', { code: CITIZEN })).ok).toBe(true);
    expect(await call('operator.signIn', { fiscalCode: BOSS.cf, password: BOSS.password })).toMatchObject({
      ok: true,
      value: { operator: { fiscalCode: BOSS.cf, role: 'supervisor' } },
    });
    expect(desk.services.identity.get()).toBeNull();
    expect((await call('notices.jobs', {})).ok).toBe(true);
    expect(await call('report.day', {})).toMatchObject({ ok: true, value: { citizensServed: 2 } });
    await desk.close();

    const rows = sqlite(
      dataDir,
      "SELECT action, coalesce(operator,''), coalesce(desk_id,''), coalesce(citizen_session,''), coalesce(subject,'') FROM audit_log ORDER BY id",
    );
    const actions = rows.map((r) => r[0]);
    expect(actions).toEqual(
      expect.arrayContaining([
        'operators.add',
        'operator.sign-in-failed',
        'operator.sign-in',
        'identify.typed',
        'lookup.positions',
        'operator.lock',
        'operator.unlock',
        'operator.signed-out',
        'operator.take-over',
        'config.desk-settings',
      ]),
    );
    expect(rows.find((r) => r[0] === 'config.desk-settings')![1]).toBe(CLERK.cf);
    const identifications = rows.filter((r) => r[0] === 'identify.typed');
    expect(identifications).toHaveLength(2);
    for (const r of identifications) {
      expect(r[1]).toBe(CLERK.cf);
      expect(r[2]).toBe('sportello-03');
      expect(r[3]).toMatch(/^[0-9a-f-]{36}$/);
    }
    // Two citizen sessions, and the lookup belongs to the first.
    expect(identifications[0]![3]).not.toBe(identifications[1]![3]);
    const lookup = rows.find((r) => r[0] === 'lookup.positions')!;
    expect(lookup[3]).toBe(identifications[0]![3]);
    expect(rows.find((r) => r[0] === 'operator.take-over')![1]).toBe(BOSS.cf);
    // The actor column names the clerk, not "desk".
    expect(sqlite(dataDir, "SELECT DISTINCT actor FROM audit_log WHERE action = 'identify.typed'")).toEqual([
      [CLERK.cf],
    ]);

    // No password anywhere in the database file.
    const bytes = readFileSync(join(dataDir, DB_FILE)).toString('latin1');
    expect(bytes).not.toContain(CLERK.password);
    expect(bytes).not.toContain(BOSS.password);
  });

  it(`locks an operator out after ${LOCKOUT_AFTER} wrong passwords, even for the right one; set-password lifts it`, async () => {
    const { dataDir, desk } = await deskWithOperators();
    const call = (m: string, p?: unknown) => desk.call(m, p ?? {}, WS);
    for (let i = 0; i < LOCKOUT_AFTER; i++)
      await call('operator.signIn', { fiscalCode: CLERK.cf, password: `sbagliata-${i}` });
    expect(await call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password })).toMatchObject({
      ok: false,
      error: { code: 'OPERATOR_LOCKED_OUT' },
    });
    // Twice in a row: still locked.
    expect((await call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password })).ok).toBe(
      false,
    );
    const list = JSON.parse((await cli(dataDir, ['operators', 'list', '--json'])).out) as {
      fiscalCode: string;
      lockedUntil: string | null;
    }[];
    expect(list.find((o) => o.fiscalCode === CLERK.cf)!.lockedUntil).not.toBeNull();
    const reset = await cli(
      dataDir,
      ['operators', 'set-password', CLERK.cf, '--password-stdin'],
      'nuova-password-123\n',
    );
    expect(reset.code, reset.err).toBe(0);
    expect((await call('operator.signIn', { fiscalCode: CLERK.cf, password: 'nuova-password-123' })).ok).toBe(
      true,
    );
  });

  it('disabled operators cannot sign in; with no operator at all the desk runs with the labelled implicit one', async () => {
    const { dataDir, desk } = await deskWithOperators();
    expect((await cli(dataDir, ['operators', 'disable', CLERK.cf])).code).toBe(0);
    expect(
      (await desk.call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password }, WS)).ok,
    ).toBe(false);
    expect((await cli(dataDir, ['operators', 'disable', BOSS.cf])).code).toBe(0);
    expect(await desk.call('operator.current', {}, WS)).toMatchObject({
      ok: true,
      value: { operator: { implicit: true, role: 'admin' } },
    });
  });

  it('the CLI takes a password only from stdin, refuses a short one, and never prints it', async () => {
    const dir = tempDir('sportello-ops-cli-');
    dirs.push(dir);
    const short = await cli(
      dir.path,
      ['operators', 'add', '--cf', CLERK.cf, '--name', 'L', '--role', 'clerk', '--password-stdin'],
      'corta\n',
    );
    expect(short.code).toBe(2);
    expect(short.err).toContain('troppo corta');
    expect(short.err).not.toContain('corta\n');
    const bad = await cli(dir.path, [
      'operators',
      'add',
      '--cf',
      'RSSMRA80A01H501X',
      '--name',
      'X',
      '--role',
      'clerk',
    ]);
    expect(bad.code).toBe(2);
    const role = await cli(dir.path, ['operators', 'add', '--cf', CLERK.cf, '--name', 'L', '--role', 'capo']);
    expect(role.code).toBe(2);
    // No --password option exists: an argument would stay in the shell history.
    const arg = await cli(dir.path, ['operators', 'set-password', CLERK.cf, '--password', 'x']);
    expect(arg.code).toBe(2);
  });
});

describe('access report for a data subject', () => {
  it('lists who looked up or printed what for the citizen, at which desk; nothing of the next citizen; CSV read back by sqlite3', async () => {
    const dir = tempDir('sportello-access-');
    dirs.push(dir);
    const platform = testPlatform(dir.path, { deskId: 'sportello-07' });
    const desk = createDesk({ platform });
    desks.push(desk);
    desk.services.positions.upkeep();
    const api = desk.api;
    const LAURA = DEMO_CITIZENS.laura.fiscalCode;
    for (const cf of [CITIZEN, LAURA]) {
      await api.identity.fromFiscalCode({ code: cf });
      const list = await api.positions.list({ fiscalCode: cf });
      if (!list.ok) throw new Error('no positions');
      const option = list.value.positions.flatMap((p) => p.options).find((o) => o.payable)!;
      expect((await api.notices.pdf({ optionIds: [option.id] })).ok).toBe(true);
      await api.identity.clear();
    }
    await desk.close();

    const json = await cli(dir.path, ['audit', 'export', '--subject', CITIZEN, '--json']);
    expect(json.code, json.err).toBe(0);
    const report = JSON.parse(json.out) as { rows: { action: string; deskId: string; operator: string }[] };
    expect(report.rows.map((r) => r.action)).toEqual([
      'identify.typed',
      'lookup.positions',
      'print.pdf',
      'identify.clear',
    ]);
    expect(report.rows.every((r) => r.deskId === 'sportello-07' && r.operator === 'DEMO')).toBe(true);

    const csv = await cli(dir.path, ['audit', 'export', '--subject', CITIZEN, '--csv']);
    expect(csv.code, csv.err).toBe(0);
    const file = join(dir.path, 'report.csv');
    writeFileSync(file, `${csv.out}\n`);
    const back = execFileSync(
      'sqlite3',
      [':memory:', '.mode csv', `.import ${file} r`, 'SELECT action, subject FROM r;'],
      {
        encoding: 'utf8',
      },
    );
    expect(back).toContain(`identify.typed,${CITIZEN}`);
    expect(back).not.toContain(LAURA);

    // A day with nothing: an empty report, not an error.
    const empty = await cli(dir.path, [
      'audit',
      'export',
      '--subject',
      CITIZEN,
      '--from',
      '2001-01-01',
      '--to',
      '2001-01-02',
      '--json',
    ]);
    expect(JSON.parse(empty.out)).toEqual({ subject: CITIZEN, rows: [] });
    const wrong = await cli(dir.path, [
      'audit',
      'export',
      '--subject',
      CITIZEN,
      '--from',
      '2001-13-45',
      '--json',
    ]);
    expect(wrong.code).toBe(2);
  });
});

describe('reprints across citizen sessions', () => {
  it('a clerk reprints within the citizen session; another session’s print needs a supervisor', async () => {
    const dir = tempDir('sportello-reprint-');
    dirs.push(dir);
    for (const [o, role] of [
      [CLERK, 'clerk'],
      [BOSS, 'supervisor'],
    ] as const) {
      const r = await cli(
        dir.path,
        ['operators', 'add', '--cf', o.cf, '--name', o.name, '--role', role, '--password-stdin'],
        `${o.password}\n`,
      );
      expect(r.code, r.err).toBe(0);
    }
    const desk = createDesk({ platform: testPlatform(dir.path) });
    desks.push(desk);
    desk.services.positions.upkeep();
    const call = (m: string, p?: unknown) => desk.call(m, p ?? {}, WS);
    expect((await call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password })).ok).toBe(true);
    await call('identity.fromFiscalCode', { code: CITIZEN });
    const list = await desk.api.positions.list({ fiscalCode: CITIZEN });
    if (!list.ok) throw new Error('positions');
    const option = list.value.positions.flatMap((p) => p.options).find((o) => o.payable)!;
    const print = (reprint: boolean) =>
      call('notices.print', {
        optionIds: [option.id],
        printerId: 'preview',
        reprint,
        idempotency: crypto.randomUUID(),
      });
    const first = await print(false);
    expect(first.ok).toBe(true);
    // Wait for the job's outcome (and its audit row) before asking for a reprint.
    for (;;) {
      const jobs = await desk.api.notices.jobs({ limit: 10 });
      if (jobs.ok && jobs.value.some((j) => j.state === 'sent')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await print(true)).ok).toBe(true);
    // The same citizen comes back later: a new session, the earlier print is no longer the clerk's to repeat.
    await call('identity.clear');
    await call('identity.fromFiscalCode', { code: CITIZEN });
    expect(await print(true)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await print(true)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await call('operator.signIn', { fiscalCode: BOSS.cf, password: BOSS.password })).ok).toBe(true);
    await call('identity.fromFiscalCode', { code: CITIZEN });
    expect((await print(true)).ok).toBe(true);
  });
});
