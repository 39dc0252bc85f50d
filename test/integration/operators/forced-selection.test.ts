import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { PaymentOption } from '../../../core/contract/domains/positions';
import { runCli } from '../../../electron/cli/run';
import { DEMO_CITIZENS } from '../../../electron/services/demo/dataset';
import { createDesk, DB_FILE, type Desk } from '../../../electron/services/desk';
import { refusedPort } from '../../support/escpos/capture-server';
import { testPlatform } from '../../support/desk';
import { tempDir } from '../../support/temp';

/**
 * The desk's "forzatura": expired or paid options selected and printed anyway. A supervisor's act, enforced by
 * the services for the windows' transports (Electron IPC, the browser host's WebSocket) and audited: who, which
 * options, why. Rows are read back with the sqlite3 shell.
 */
const CLERK = { cf: DEMO_CITIZENS.laura.fiscalCode, name: 'Laura Bianchi', password: 'sportello-laura-2026' };
const BOSS = {
  cf: DEMO_CITIZENS.giuseppe.fiscalCode,
  name: 'Giuseppe Verdi',
  password: 'responsabile-giuseppe',
};
const MARIO = DEMO_CITIZENS.mario.fiscalCode;
const LAURA = DEMO_CITIZENS.laura.fiscalCode;

const dirs: { remove(): void }[] = [];
const desks: Desk[] = [];
afterEach(async () => {
  await Promise.all(desks.splice(0).map((d) => d.close()));
  dirs.splice(0).forEach((d) => d.remove());
});

async function cli(dataDir: string, argv: string[], stdin: string) {
  const err: string[] = [];
  const env = { ...process.env, SPORTELLO_DATA_DIR: dataDir, SPORTELLO_ADMIN_CONFIG: '' };
  // The CLI's io with stdin (CliIoWithStdin), as `sportello operators add --password-stdin` reads it.
  const io = {
    out: () => undefined,
    err: (l: string) => err.push(l),
    env,
    stdin: Readable.from([Buffer.from(stdin)]),
  };
  const code = await runCli(argv, io);
  expect(code, err.join('\n')).toBe(0);
}

function sqlite(dataDir: string, sql: string): string[][] {
  return execFileSync('sqlite3', ['-readonly', '-separator', '|', join(dataDir, DB_FILE), sql], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|'));
}

async function deskWithOperators(now?: () => Date): Promise<{ dataDir: string; desk: Desk }> {
  const dir = tempDir('sportello-forced-');
  dirs.push(dir);
  for (const [o, role] of [
    [CLERK, 'clerk'],
    [BOSS, 'supervisor'],
  ] as const)
    await cli(
      dir.path,
      ['operators', 'add', '--cf', o.cf, '--name', o.name, '--role', role, '--password-stdin'],
      `${o.password}\n`,
    );
  const refused = await refusedPort();
  const platform = testPlatform(dir.path, {
    printers: {
      list: [
        {
          id: 'guasta',
          name: 'Banco 2',
          family: 'epson',
          width: 80,
          interface: `tcp://127.0.0.1:${refused}`,
          timeoutMs: 1500,
        },
      ],
    },
  });
  const desk = createDesk(now ? { platform, now } : { platform });
  desks.push(desk);
  desk.services.positions.upkeep();
  return { dataDir: dir.path, desk };
}

const forced = (dataDir: string) =>
  sqlite(
    dataDir,
    "SELECT operator, subject, json_extract(details, '$.method'), json_extract(details, '$.reason'), json_extract(details, '$.options[0].notPayableReason'), coalesce(json_extract(details, '$.jobId'), '') FROM audit_log WHERE action = 'selection.forced' ORDER BY id",
  );

describe('forced selection of expired or paid options', () => {
  it('a clerk is refused (IPC and WebSocket alike), a supervisor prints it with a reason, audited; hard stops stay refused', async () => {
    const { dataDir, desk } = await deskWithOperators();
    const signIn = async (o: typeof CLERK, transport: 'ipc' | 'websocket') =>
      expect(
        (await desk.call('operator.signIn', { fiscalCode: o.cf, password: o.password }, { transport })).ok,
      ).toBe(true);
    await signIn(CLERK, 'ipc');
    const list = await desk.call('positions.list', { fiscalCode: MARIO }, { transport: 'ipc' });
    if (!list.ok) throw new Error('positions');
    const options = (list.value as { positions: { options: PaymentOption[] }[] }).positions.flatMap(
      (p) => p.options,
    );
    const paid = options.find((o) => o.notPayableReason === 'PAID')!;
    expect(paid).toBeDefined();
    const force = { reason: 'copia per il cittadino, pagamento contestato' };

    for (const transport of ['ipc', 'websocket'] as const) {
      const as = { transport };
      // Without the force: the services refuse it as not payable, as before.
      expect(
        await desk.call(
          'notices.print',
          { optionIds: [paid.id], printerId: 'preview', idempotency: randomUUID() },
          as,
        ),
      ).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
      // With it, from a clerk: a typed refusal for each way a window could ask.
      for (const [method, input] of [
        ['notices.print', { optionIds: [paid.id], printerId: 'preview', idempotency: randomUUID(), force }],
        ['notices.preview', { optionIds: [paid.id], force }],
        ['notices.pdf', { optionIds: [paid.id], force }],
      ] as const)
        expect(await desk.call(method, input, as)).toMatchObject({
          ok: false,
          error: { code: 'FORBIDDEN', details: { required: 'supervisor' } },
        });
    }
    expect(forced(dataDir)).toEqual([]);
    expect(sqlite(dataDir, 'SELECT count(*) FROM print_jobs')).toEqual([['0']]);

    // The supervisor takes over and forces it, saying why: printed, and the act names who, what and why.
    await signIn(BOSS, 'websocket');
    const ws = { transport: 'websocket' } as const;
    // A force must say why, in printable words.
    for (const reason of ['', '  ', 'a\u0007b'])
      expect(
        await desk.call(
          'notices.print',
          { optionIds: [paid.id], printerId: 'preview', idempotency: randomUUID(), force: { reason } },
          ws,
        ),
      ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const job = await desk.call(
      'notices.print',
      { optionIds: [paid.id], printerId: 'preview', idempotency: randomUUID(), force },
      ws,
    );
    expect(job).toMatchObject({ ok: true, value: { state: 'sent', navs: [paid.nav] } });
    const pdf = await desk.call('notices.pdf', { optionIds: [paid.id], force }, ws);
    expect(pdf).toMatchObject({ ok: true });
    const rows = forced(dataDir);
    const jobId = String(job.ok && (job.value as { id: number }).id);
    expect(rows).toEqual([
      [BOSS.cf, MARIO, 'print', force.reason, 'PAID', jobId],
      [BOSS.cf, MARIO, 'pdf', force.reason, 'PAID', ''],
    ]);
    // The forced act precedes the print attempt it allowed.
    const order = sqlite(
      dataDir,
      `SELECT action FROM audit_log WHERE json_extract(details, '$.jobId') = ${jobId} ORDER BY id`,
    ).map((r) => r[0]);
    expect(order.slice(0, 2)).toEqual(['selection.forced', 'print.attempt']);

    // A hard stop (the single payment of a plan with an instalment paid) is never forceable.
    const laura = await desk.call('positions.list', { fiscalCode: LAURA }, ws);
    if (!laura.ok) throw new Error('positions');
    const conflict = (laura.value as { positions: { options: PaymentOption[] }[] }).positions
      .flatMap((p) => p.options)
      .find((o) => o.notPayableReason === 'CONFLICT_INSTALMENT_PAID')!;
    expect(conflict).toBeDefined();
    expect(
      await desk.call(
        'notices.print',
        { optionIds: [conflict.id], printerId: 'preview', idempotency: randomUUID(), force },
        ws,
      ),
    ).toMatchObject({ ok: false, error: { code: 'NOT_PAYABLE' } });
  });

  it('a failed forced job: the clerk may not send it again, the supervisor may (twice)', async () => {
    const { dataDir, desk } = await deskWithOperators();
    const ipc = { transport: 'ipc' } as const;
    expect(
      (await desk.call('operator.signIn', { fiscalCode: BOSS.cf, password: BOSS.password }, ipc)).ok,
    ).toBe(true);
    const list = await desk.call('positions.list', { fiscalCode: MARIO }, ipc);
    if (!list.ok) throw new Error('positions');
    const paid = (list.value as { positions: { options: PaymentOption[] }[] }).positions
      .flatMap((p) => p.options)
      .find((o) => o.notPayableReason === 'PAID')!;
    const r = await desk.call(
      'notices.print',
      {
        optionIds: [paid.id],
        printerId: 'guasta',
        idempotency: randomUUID(),
        force: { reason: 'termine prorogato' },
      },
      ipc,
    );
    expect(r).toMatchObject({ ok: true, value: { state: 'failed' } });
    const jobId = (r.ok && (r.value as { id: number }).id) as number;
    expect(
      (await desk.call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password }, ipc)).ok,
    ).toBe(true);
    for (let i = 0; i < 2; i++)
      expect(await desk.call('notices.retry', { jobId }, ipc)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      });
    expect(
      (await desk.call('operator.signIn', { fiscalCode: BOSS.cf, password: BOSS.password }, ipc)).ok,
    ).toBe(true);
    for (let i = 0; i < 2; i++)
      expect(await desk.call('notices.retry', { jobId }, ipc)).toMatchObject({
        ok: true,
        value: { state: 'failed', lastError: 'REFUSED' },
      });
    expect(sqlite(dataDir, `SELECT attempts, forced FROM print_jobs WHERE id = ${jobId}`)).toEqual([
      ['3', '1'],
    ]);
  });

  it('a supervisor approves at a clerk’s desk: for the options named only, never with a clerk’s password, gone with a lock', async () => {
    const { dataDir, desk } = await deskWithOperators();
    const ws = { transport: 'websocket' } as const;
    expect(
      (await desk.call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password }, ws)).ok,
    ).toBe(true);
    const optionsOf = async (cf: string) => {
      const r = await desk.call('positions.list', { fiscalCode: cf }, ws);
      if (!r.ok) throw new Error('positions');
      return (r.value as { positions: { options: PaymentOption[] }[] }).positions.flatMap((p) => p.options);
    };
    const approve = (o: { cf: string; password: string }, optionIds: string[]) =>
      desk.call('operator.approve', { fiscalCode: o.cf, password: o.password, optionIds }, ws);
    const print = (optionIds: string[], force: { reason: string; approval?: string }) =>
      desk.call('notices.print', { optionIds, printerId: 'preview', idempotency: randomUUID(), force }, ws);
    const refused = { ok: false, error: { code: 'FORBIDDEN', details: { required: 'supervisor' } } };
    // Twice: Mario's paid water bill, then Laura's paid instalment.
    for (const [cf, i] of [
      [MARIO, 0],
      [LAURA, 1],
    ] as const) {
      const options = await optionsOf(cf);
      const paid = options.find((o) => o.notPayableReason === 'PAID')!;
      const payable = options.find((o) => o.payable)!;
      // The clerk's own password approves nothing; a made-up approval neither.
      expect(await approve(CLERK, [paid.id])).toMatchObject(refused);
      expect(await print([paid.id], { reason: 'copia', approval: randomUUID() })).toMatchObject(refused);
      const a = await approve(BOSS, [paid.id]);
      expect(a).toMatchObject({
        ok: true,
        value: { supervisor: { fiscalCode: BOSS.cf, role: 'supervisor' } },
      });
      const approval = a.ok ? (a.value as { approval: string }).approval : '';
      // Only for what it was given for.
      expect(await print([paid.id, payable.id], { reason: 'copia', approval })).toMatchObject(refused);
      expect(await print([paid.id], { reason: `copia ${i}`, approval })).toMatchObject({
        ok: true,
        value: { state: 'sent', forced: true },
      });
      // The desk stays the clerk's.
      expect(await desk.call('operator.current', undefined, ws)).toMatchObject({
        ok: true,
        value: { operator: { fiscalCode: CLERK.cf }, locked: false },
      });
      // A lock ends the approvals given at the desk.
      await desk.call('operator.lock', undefined, ws);
      await desk.call('operator.unlock', { password: CLERK.password }, ws);
      expect(await print([paid.id], { reason: 'ancora', approval })).toMatchObject(refused);
    }
    expect(
      sqlite(
        dataDir,
        "SELECT operator, json_extract(details, '$.approvedBy'), json_extract(details, '$.reason') FROM audit_log WHERE action = 'selection.forced' ORDER BY id",
      ),
    ).toEqual([
      [CLERK.cf, BOSS.cf, 'copia 0'],
      [CLERK.cf, BOSS.cf, 'copia 1'],
    ]);
    expect(sqlite(dataDir, 'SELECT forced, state FROM print_jobs ORDER BY id')).toEqual([
      ['1', 'sent'],
      ['1', 'sent'],
    ]);
  });

  it('a clerk retries a failed forced job with the supervisor’s approval: accepted and audited as a forced retry; without one, with an expired one or one for other options, refused (twice)', async () => {
    // The services' clock, moved by the test: the approval's ten minutes are the desk's, not the machine's.
    let at = Date.parse('2026-12-04T10:00:00.000Z');
    const { dataDir, desk } = await deskWithOperators(() => new Date(at));
    const ws = { transport: 'websocket' } as const;
    expect(
      (await desk.call('operator.signIn', { fiscalCode: CLERK.cf, password: CLERK.password }, ws)).ok,
    ).toBe(true);
    const jobs: number[] = [];
    for (const [cf, i] of [
      [MARIO, 0],
      [LAURA, 1],
    ] as const) {
      const list = await desk.call('positions.list', { fiscalCode: cf }, ws);
      if (!list.ok) throw new Error('positions');
      const options = (list.value as { positions: { options: PaymentOption[] }[] }).positions.flatMap(
        (p) => p.options,
      );
      const paid = options.find((o) => o.notPayableReason === 'PAID')!;
      const other = options.find((o) => o.payable)!;
      const a = await desk.call(
        'operator.approve',
        { fiscalCode: BOSS.cf, password: BOSS.password, optionIds: [paid.id] },
        ws,
      );
      const approval = a.ok ? (a.value as { approval: string }).approval : '';
      expect(approval).not.toBe('');
      const force = { reason: `copia contestata ${i}`, approval };
      const printed = await desk.call(
        'notices.print',
        { optionIds: [paid.id], printerId: 'guasta', idempotency: randomUUID(), force },
        ws,
      );
      expect(printed).toMatchObject({ ok: true, value: { state: 'failed', forced: true } });
      const jobId = (printed.ok && (printed.value as { id: number }).id) as number;
      jobs.push(jobId);
      const attempts = () => sqlite(dataDir, `SELECT attempts FROM print_jobs WHERE id = ${jobId}`)[0]![0];

      // Without the approval: refused as before, the job untouched.
      expect(await desk.call('notices.retry', { jobId }, ws)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', details: { required: 'supervisor' } },
      });
      // An approval for other options does not cover this job.
      const b = await desk.call(
        'operator.approve',
        { fiscalCode: BOSS.cf, password: BOSS.password, optionIds: [other.id] },
        ws,
      );
      const otherApproval = b.ok ? (b.value as { approval: string }).approval : '';
      expect(
        await desk.call('notices.retry', { jobId, force: { ...force, approval: otherApproval } }, ws),
      ).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', details: { required: 'supervisor', reason: 'APPROVAL_INVALID' } },
      });
      expect(attempts()).toBe('1');

      // With it, 9:59 after it was given: accepted, one more attempt (the printer still refuses).
      at += 9 * 60_000 + 59_000;
      expect(await desk.call('notices.retry', { jobId, force }, ws)).toMatchObject({
        ok: true,
        value: { id: jobId, state: 'failed', lastError: 'REFUSED', forced: true },
      });
      expect(attempts()).toBe('2');
      // Ten minutes after: expired, said so, and nothing sent.
      at += 1_000;
      expect(await desk.call('notices.retry', { jobId, force }, ws)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', details: { required: 'supervisor', reason: 'APPROVAL_EXPIRED' } },
      });
      expect(attempts()).toBe('2');
      // The desk stays the clerk's throughout.
      expect(await desk.call('operator.current', undefined, ws)).toMatchObject({
        ok: true,
        value: { operator: { fiscalCode: CLERK.cf }, locked: false },
      });
    }
    // The oracle: one forced row per accepted retry, the clerk as operator and the supervisor who approved.
    expect(
      sqlite(
        dataDir,
        "SELECT operator, json_extract(details, '$.method'), json_extract(details, '$.approvedBy'), json_extract(details, '$.reason'), json_extract(details, '$.jobId'), subject FROM audit_log WHERE action = 'selection.forced' ORDER BY id",
      ),
    ).toEqual([
      [CLERK.cf, 'print', BOSS.cf, 'copia contestata 0', String(jobs[0]), MARIO],
      [CLERK.cf, 'retry', BOSS.cf, 'copia contestata 0', String(jobs[0]), MARIO],
      [CLERK.cf, 'print', BOSS.cf, 'copia contestata 1', String(jobs[1]), LAURA],
      [CLERK.cf, 'retry', BOSS.cf, 'copia contestata 1', String(jobs[1]), LAURA],
    ]);
    // The forced row comes before the attempt it allowed.
    for (const jobId of jobs)
      expect(
        sqlite(
          dataDir,
          `SELECT action FROM audit_log WHERE json_extract(details, '$.jobId') = ${jobId} AND action IN ('selection.forced', 'print.attempt') ORDER BY id`,
        ).map((r) => r[0]),
      ).toEqual(['selection.forced', 'print.attempt', 'selection.forced', 'print.attempt']);
  });

  it('an approval is good for 9:59 and refused at 10:00 of the services’ clock; sign-out and take-over drop it', async () => {
    let at = Date.parse('2026-12-04T15:30:00.000Z');
    const { desk } = await deskWithOperators(() => new Date(at));
    const ws = { transport: 'websocket' } as const;
    const signIn = async (o: typeof CLERK) =>
      expect((await desk.call('operator.signIn', { fiscalCode: o.cf, password: o.password }, ws)).ok).toBe(
        true,
      );
    const paidOf = async (cf: string) => {
      const r = await desk.call('positions.list', { fiscalCode: cf }, ws);
      if (!r.ok) throw new Error('positions');
      return (r.value as { positions: { options: PaymentOption[] }[] }).positions
        .flatMap((p) => p.options)
        .find((o) => o.notPayableReason === 'PAID')!;
    };
    const approve = async (optionIds: string[]) => {
      const a = await desk.call(
        'operator.approve',
        { fiscalCode: BOSS.cf, password: BOSS.password, optionIds },
        ws,
      );
      if (!a.ok) throw new Error('approve');
      return a.value as { approval: string; expiresAt: string };
    };
    const preview = (optionIds: string[], approval: string) =>
      desk.call('notices.preview', { optionIds, force: { reason: 'copia', approval } }, ws);
    const expired = {
      ok: false,
      error: { code: 'FORBIDDEN', details: { required: 'supervisor', reason: 'APPROVAL_EXPIRED' } },
    };
    const invalid = {
      ok: false,
      error: { code: 'FORBIDDEN', details: { required: 'supervisor', reason: 'APPROVAL_INVALID' } },
    };

    await signIn(CLERK);
    for (const cf of [MARIO, LAURA]) {
      const paid = await paidOf(cf);
      const given = at;
      const a = await approve([paid.id]);
      expect(a.expiresAt).toBe(new Date(given + 10 * 60_000).toISOString());
      at = given + 10 * 60_000 - 1_000;
      expect(await preview([paid.id], a.approval)).toMatchObject({ ok: true });
      at = given + 10 * 60_000;
      expect(await preview([paid.id], a.approval)).toMatchObject(expired);
      at = given + 60 * 60_000;
      expect(await preview([paid.id], a.approval)).toMatchObject(expired);
    }

    // Sign-out drops the approvals given at the desk; signing in again does not bring them back.
    const paid = await paidOf(MARIO);
    const a = await approve([paid.id]);
    expect(await preview([paid.id], a.approval)).toMatchObject({ ok: true });
    expect((await desk.call('operator.signOut', undefined, ws)).ok).toBe(true);
    await signIn(CLERK);
    await paidOf(MARIO);
    expect(await preview([paid.id], a.approval)).toMatchObject(invalid);
    // A take-over (the supervisor signing in) drops them too: back at the clerk's desk, the old one is void.
    const c = await approve([paid.id]);
    await signIn(BOSS);
    await signIn(CLERK);
    await paidOf(MARIO);
    expect(await preview([paid.id], c.approval)).toMatchObject(invalid);
  });
});
