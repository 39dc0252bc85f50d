import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { forkDeviceProcess } from '../../../electron/services/smartcard/device-process';
import { DEVICE_PROCESS_V8_FLAGS } from '../../../native/smartcard/process-flags';
import type { EventPayload } from '../../../core/contract';
import { createTestDesk, type TestDesk } from '../../support/desk';
import { buildCard } from '../../support/softhsm/cards';
import { SoftHsm, TEST_PIN } from '../../support/softhsm/softhsm';
import { waitFor } from '../../support/wait';

/**
 * The whole desk with its real device process (child_process.fork running the TypeScript entry under tsx)
 * and SoftHSM: insertion → identity, PIN proof, removal per setting, no-module defaults.
 */
const hsm = new SoftHsm();
let td: TestDesk | null = null;

beforeAll(() => {
  // The forked device process inherits the environment: this is how it finds the private SoftHSM world.
  process.env['SOFTHSM2_CONF'] = hsm.conf;
});
afterEach(async () => {
  await td?.dispose();
  td = null;
});
afterAll(() => hsm.dispose());

function deskWith(onCardRemoved: 'clear' | 'keep' = 'clear'): TestDesk {
  td = createTestDesk({
    config: {
      desk: { onCardRemoved },
      smartcard: { modules: [hsm.module], useDefaultModules: false, pollIntervalMs: 100, watchdogMs: 3000 },
    },
  });
  return td;
}

describe('smart card service with SoftHSM', () => {
  test('insertion identifies the citizen (source card), PIN proves possession, removal clears', async () => {
    const { desk } = deskWith('clear');
    const seen: EventPayload<'identity.changed'>[] = [];
    desk.events.on('identity.changed', (i) => seen.push(i));
    // The status bar must never say "identified" before the citizen is on screen. The first card of the process
    // waits for the birthplace directory (loading in a worker, most of a second), and once did.
    const identifiedEarly: string[] = [];
    desk.events.on('card.changed', (c) => {
      if (c.state === 'identified' && !desk.services.identity.get()) identifiedEarly.push(c.state);
    });
    await desk.start();
    await waitFor(() => desk.services.status.get().reader.state === 'waiting', 15_000, 'reader waiting');

    const token = await hsm.insert(await buildCard({ givenName: 'MARIO', surname: 'ROSSI' }));
    const id = await waitFor(() => desk.services.identity.get() ?? undefined, 15_000, 'identity from card');
    expect(id).toMatchObject({
      fiscalCode: 'RSSMRA80A01H501U',
      givenName: 'MARIO',
      surname: 'ROSSI',
      source: 'card',
    });
    expect(id.birthplace?.name).toBe('Roma');
    expect(desk.services.status.get().reader.state).toBe('identified');
    expect(identifiedEarly).toEqual([]);
    const cur = await desk.call('identity.current', {});
    expect(cur).toMatchObject({ ok: true, value: { source: 'card' } });

    const wrong = await desk.call('identity.verifyPin', { pin: '0000000' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
    const bad = await desk.call('identity.verifyPin', { pin: '12ab' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const right = await desk.call('identity.verifyPin', { pin: TEST_PIN });
    expect(right).toMatchObject({ ok: true, value: { source: 'card-pin', fiscalCode: 'RSSMRA80A01H501U' } });
    const status = await desk.call('card.status', {});
    expect(status).toMatchObject({
      ok: true,
      value: { state: 'identified', card: { verified: true, kind: 'CNS' } },
    });

    hsm.remove(token);
    await waitFor(() => desk.services.identity.get() === null, 10_000, 'identity cleared');
    expect(desk.services.status.get().reader.state).toBe('waiting');
    expect(seen.map((s) => s?.source ?? null)).toEqual(['card', 'card-pin', null]);
  });

  test('with "keep", the citizen stays after removal until the clerk closes it', async () => {
    const { desk } = deskWith('keep');
    await desk.start();
    const token = await hsm.insert(await buildCard({ fiscalCode: 'VRDLGU75C41F205E' }));
    await waitFor(() => desk.services.identity.get()?.fiscalCode === 'VRDLGU75C41F205E', 15_000, 'identity');
    hsm.remove(token);
    await waitFor(() => desk.services.status.get().reader.state === 'waiting', 10_000, 'card gone');
    expect(desk.services.identity.get()?.fiscalCode).toBe('VRDLGU75C41F205E');
    const pin = await desk.call('identity.verifyPin', { pin: TEST_PIN });
    expect(pin).toMatchObject({ ok: false, error: { code: 'CARD_NOT_PRESENT' } });
  });

  test('a re-inserted card (new slot id) is the same card; another card replaces the citizen', async () => {
    const { desk } = deskWith('clear');
    await desk.start();
    const content = await buildCard({ fiscalCode: 'BNCLRA85T50L219P' });
    const a = await hsm.insert(content);
    const first = await waitFor(() => desk.services.identity.get() ?? undefined, 15_000, 'first');
    hsm.remove(a);
    await waitFor(() => desk.services.identity.get() === null, 10_000, 'cleared');
    const b = await hsm.insert(await buildCard({ fiscalCode: 'GLLPRI90B12A794T' }));
    const second = await waitFor(
      () =>
        desk.services.identity.get()?.fiscalCode === 'GLLPRI90B12A794T'
          ? desk.services.identity.get()!
          : undefined,
      15_000,
      'second',
    );
    expect(second.card?.tokenSerial).not.toBe(first.card?.tokenSerial);
    // SoftHSM lists a new token only after a re-initialisation, and a card it saw come in taught the poll so
    // (the first may have been in before the first poll, which proves nothing).
    await waitFor(
      () => (desk.services.smartcard.status().modules[0]?.cardListing === 'after-reinit' ? true : undefined),
      5_000,
      'learned after-reinit',
    );
    hsm.remove(b);
  });

  test('an idle polled device process says it is alive from its polls, so the watchdog never pings it', async () => {
    const { desk } = deskWith('clear');
    await desk.start();
    await waitFor(() => desk.services.status.get().reader.state === 'waiting', 15_000, 'reader waiting');
    const pings = desk.services.smartcard.pingsSent;
    // Watchdog 3 s: a device silent for 1.5 s is pinged, and nothing changes at an idle desk. Its polls (every
    // 100 ms here) say `alive` every 750 ms instead, from a wake-up they make anyway.
    await new Promise((r) => setTimeout(r, 4000));
    expect(desk.services.smartcard.pingsSent - pings).toBe(0);
    expect(desk.services.status.get().reader.state).toBe('waiting');
    expect(desk.services.smartcard.restartCount).toBe(0);
  });

  test('with no module found the reader says no-module and typed codes still work', async () => {
    td = createTestDesk({
      config: { smartcard: { modules: ['/nonexistent/libnothing.so'], useDefaultModules: false } },
    });
    const { desk } = td;
    await desk.start();
    await waitFor(() => desk.services.smartcard.status().modules.length === 1, 15_000, 'module report');
    expect(desk.services.status.get().reader.state).toBe('no-module');
    expect(desk.services.smartcard.status().modules[0]).toMatchObject({ status: 'not-found' });
    const typed = await desk.call('identity.fromFiscalCode', { code: 'RSSMRA80A01H501U' });
    expect(typed).toMatchObject({ ok: true, value: { source: 'typed' } });
  });

  test('a file that is not a PKCS#11 library is reported with a reason, and the reader shows an error', async () => {
    td = createTestDesk({ config: { smartcard: { modules: ['/etc/hostname'], useDefaultModules: false } } });
    const { desk } = td;
    await desk.start();
    const m = await waitFor(() => desk.services.smartcard.status().modules[0], 15_000, 'module report');
    expect(m).toMatchObject({ status: 'error', reason: 'NOT_A_LIBRARY' });
    expect(desk.services.status.get().reader.state).toBe('error');
  });

  test('disabled in the configuration: no process, state disabled', async () => {
    td = createTestDesk({ config: { smartcard: { enabled: false } } });
    await td.desk.start();
    expect(td.desk.services.status.get().reader.state).toBe('disabled');
  });
});

test('the device process starts with the V8 flags that keep its idle polling cheap', async () => {
  const p = forkDeviceProcess();
  try {
    const exited = new Promise<void>((resolve) => p.onExit(() => resolve()));
    // /proc/<pid>/cmdline: the real argv of the running process, NUL-separated (Linux, as on CI).
    const argv = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8').split('\0');
    for (const flag of DEVICE_PROCESS_V8_FLAGS) expect(argv).toContain(flag);
    p.kill();
    await exited;
  } finally {
    p.kill();
  }
});
