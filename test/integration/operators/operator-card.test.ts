import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { DEMO_CITIZENS } from '../../../electron/services/demo/dataset';
import { createTestDesk, type TestDesk } from '../../support/desk';
import { buildCard } from '../../support/softhsm/cards';
import { SoftHsm, TEST_PIN } from '../../support/softhsm/softhsm';
import { waitFor } from '../../support/wait';

/** The operator's own CNS on the same PKCS#11 stack as the citizens' (SoftHSM, the real device process). */
const hsm = new SoftHsm();
let td: TestDesk | null = null;
const OPERATOR = { cf: DEMO_CITIZENS.laura.fiscalCode, password: 'sportello-laura-2026' };
const WS = { transport: 'websocket' } as const;

beforeAll(() => {
  process.env['SOFTHSM2_CONF'] = hsm.conf;
});
afterEach(async () => {
  await td?.dispose();
  td = null;
});
afterAll(() => hsm.dispose());

describe('operator cards', () => {
  test('an operator’s card is never taken for a citizen; its removal locks the desk; a citizen card still identifies', async () => {
    td = createTestDesk({
      config: {
        backend: { kind: 'file' },
        smartcard: { modules: [hsm.module], useDefaultModules: false, pollIntervalMs: 100, watchdogMs: 3000 },
      },
    });
    const { desk, dataDir } = td;
    const env = { ...process.env, SPORTELLO_DATA_DIR: dataDir, SPORTELLO_ADMIN_CONFIG: '' };
    const { Readable } = await import('node:stream');
    const code = await runCli(
      [
        'operators',
        'add',
        '--cf',
        OPERATOR.cf,
        '--name',
        'Laura Bianchi',
        '--role',
        'clerk',
        '--password-stdin',
      ],
      {
        out: () => {},
        err: () => {},
        env,
        stdin: Readable.from([Buffer.from(`${OPERATOR.password}\n`)]),
      } as never,
    );
    expect(code).toBe(0);
    const seen: string[] = [];
    desk.events.on('operator.changed', (s) => seen.push(s.locked ? 'locked' : 'open'));
    expect(
      (await desk.call('operator.signIn', { fiscalCode: OPERATOR.cf, password: OPERATOR.password }, WS)).ok,
    ).toBe(true);
    await desk.start();
    await waitFor(() => desk.services.status.get().reader.state === 'waiting', 15_000, 'reader waiting');

    for (let round = 0; round < 2; round++) {
      const token = await hsm.insert(
        await buildCard({ fiscalCode: OPERATOR.cf, givenName: 'LAURA', surname: 'BIANCHI' }),
      );
      await waitFor(
        () =>
          desk.services.audit.list().filter((r) => r.action === 'operator.card-inserted').length > round ||
          undefined,
        15_000,
        'operator card seen',
      );
      expect(desk.services.identity.get()).toBeNull();
      hsm.remove(token);
      await waitFor(() => desk.services.operators.session().locked || undefined, 10_000, 'desk locked');
      expect(desk.services.identity.get()).toBeNull();
      expect((await desk.call('operator.unlock', { password: OPERATOR.password }, WS)).ok).toBe(true);
    }
    expect(seen.filter((s) => s === 'locked')).toHaveLength(2);

    // Signing in with the card itself: a wrong PIN is the card's answer, the right one signs in; removal locks,
    // and the card unlocks again.
    await desk.call('operator.signOut', {}, WS);
    const token = await hsm.insert(
      await buildCard({ fiscalCode: OPERATOR.cf, givenName: 'LAURA', surname: 'BIANCHI' }),
    );
    await waitFor(() => desk.services.operators.session().card ?? undefined, 15_000, 'operator card offered');
    expect(desk.services.operators.session().card).toEqual({
      fiscalCode: OPERATOR.cf,
      name: 'Laura Bianchi',
    });
    expect(await desk.call('operator.signInCard', { pin: '0000000' }, WS)).toMatchObject({
      ok: false,
      error: { code: 'PIN_INCORRECT' },
    });
    expect(await desk.call('operator.signInCard', { pin: TEST_PIN }, WS)).toMatchObject({
      ok: true,
      value: { operator: { fiscalCode: OPERATOR.cf, implicit: false }, locked: false },
    });
    hsm.remove(token);
    await waitFor(() => desk.services.operators.session().locked || undefined, 10_000, 'locked by removal');
    const again = await hsm.insert(
      await buildCard({ fiscalCode: OPERATOR.cf, givenName: 'LAURA', surname: 'BIANCHI' }),
    );
    await waitFor(() => desk.services.operators.session().card ?? undefined, 15_000, 'card back');
    expect(await desk.call('operator.signInCard', { pin: TEST_PIN }, WS)).toMatchObject({
      ok: true,
      value: { locked: false },
    });
    hsm.remove(again);
    await waitFor(() => desk.services.operators.session().locked || undefined, 10_000, 'locked again');
    expect((await desk.call('operator.unlock', { password: OPERATOR.password }, WS)).ok).toBe(true);

    // A citizen's card, in the same reader, is a citizen.
    await hsm.insert(await buildCard({ givenName: 'MARIO', surname: 'ROSSI' }));
    const id = await waitFor(() => desk.services.identity.get() ?? undefined, 15_000, 'citizen from card');
    expect(id.fiscalCode).toBe(DEMO_CITIZENS.mario.fiscalCode);
    const row = desk.services.audit.list().find((r) => r.action === 'identify.card')!;
    expect(row.operator).toBe(OPERATOR.cf);
    expect(row.citizen_session).toMatch(/^[0-9a-f-]{36}$/);
  });
});
