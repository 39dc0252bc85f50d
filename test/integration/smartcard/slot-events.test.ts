import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { DB_FILE } from '../../../electron/services/desk';
import { silentLogger } from '../../../electron/services/log';
import { CardListingMemory } from '../../../electron/services/smartcard/card-listings';
import { readMeta, writeMeta } from '../../../electron/store/app-meta';
import { openDatabase } from '../../../electron/store/database';
import type { TestDesk } from '../../support/desk';
import { useFakeModule } from '../../support/fake-pkcs11/fixture';
import { tempDir } from '../../support/temp';
import { waitFor } from '../../support/wait';

/**
 * Slot events (native/smartcard/slot-events.ts) through the programmable C module, in the real device process:
 * a module that blocks in C_WaitForSlotEvent is not polled; one that cannot, that never blocks, or that crashes
 * there is polled, and the desk identifies the card either way. OpenSC's real events: opensc.test.ts.
 */
const fx = useFakeModule('sportello-slot-events-');

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (name: string) => fx.fake.calls().filter((c) => c === name).length;

const startDesk = (slotEvents = true) => fx.startDesk({ slotEvents });

function watchOf(t: TestDesk): string | undefined {
  return t.desk.services.smartcard.status().modules[0]?.watch;
}

async function identifiesThenClears(t: TestDesk): Promise<void> {
  const reader = () => t.desk.services.status.get().reader.state;
  fx.fake.set({ ...fx.fake.current, present: true, cert: fx.certFile });
  await waitFor(() => (reader() === 'identified' ? true : undefined), 15_000, 'identified');
  expect(t.desk.services.identity.get()?.fiscalCode).toBe('MRNGPP60A01F839N');
  fx.fake.set({ ...fx.fake.current, present: false });
  await waitFor(() => reader() === 'waiting', 15_000, 'waiting after removal');
}

describe('slot events', () => {
  test('a module that blocks in C_WaitForSlotEvent is not polled while idle, and its events bring the card', async () => {
    fx.fake.set({ present: false, cert: fx.certFile, events: 'block' });
    const t = await startDesk();
    await waitFor(() => (watchOf(t) === 'events' ? true : undefined), 15_000, 'slot events');
    await waitFor(() => t.desk.services.status.get().reader.state === 'waiting', 15_000, 'waiting');
    // Polled every 100 ms, 1.5 s of idle would list the slots 15 times (each listing is two calls).
    const lists = count('C_GetSlotList');
    await pause(1500);
    expect(count('C_GetSlotList') - lists).toBeLessThanOrEqual(4);

    const inits = count('C_Initialize');
    const waits = count('C_WaitForSlotEvent');
    await identifiesThenClears(t);
    // The insertion and the removal each ended a wait; neither re-initialised the module.
    expect(count('C_WaitForSlotEvent') - waits).toBeGreaterThanOrEqual(2);
    expect(count('C_Initialize') - inits).toBe(0);
    expect(t.desk.services.smartcard.restartCount).toBe(0);
  }, 40_000);

  for (const [events, why] of [
    ['storm', 'returns an event at once every time'],
    ['noblock', 'answers only without blocking'],
  ] as const)
    test(`a module that ${why} goes back to the poll, and the card is identified`, async () => {
      fx.fake.set({ present: false, cert: fx.certFile, events });
      const t = await startDesk();
      await waitFor(() => t.desk.services.status.get().reader.state === 'waiting', 15_000, 'waiting');
      // Told 'events' first (the non-blocking call works), then 'polling' once the blocking one misbehaves.
      await waitFor(
        () => (watchOf(t) === 'polling' && count('C_WaitForSlotEvent') > 1 ? true : undefined),
        15_000,
        'back to polling',
      );
      const lists = count('C_GetSlotList');
      // Polled again: the same 1.5 s that lists at most 4 times with events lists about 15 times here.
      await pause(1500);
      expect(count('C_GetSlotList') - lists).toBeGreaterThanOrEqual(8);
      await identifiesThenClears(t);
    }, 40_000);

  test('a module that crashes in C_WaitForSlotEvent: the device process restarts polling, and the card is identified', async () => {
    fx.fake.set({ present: false, cert: fx.certFile, events: 'block', crashIn: 'C_WaitForSlotEvent' });
    const t = await startDesk();
    const sc = t.desk.services.smartcard;
    await waitFor(
      () => (sc.restartCount >= 1 && sc.status().state === 'waiting' ? true : undefined),
      20_000,
      'restarted',
    );
    expect(watchOf(t)).toBe('polling');
    // The restarted process never asked for events again.
    const waits = count('C_WaitForSlotEvent');
    await identifiesThenClears(t);
    expect(count('C_WaitForSlotEvent')).toBe(waits);
    expect(sc.restartCount).toBe(1);
  }, 40_000);

  test('a module whose non-blocking wait blocks is polled, and re-initialised again, after 5 s without an answer', async () => {
    fx.fake.set({ present: false, cert: fx.certFile, events: 'hang' });
    const t = await startDesk();
    await waitFor(() => t.desk.services.status.get().reader.state === 'waiting', 15_000, 'waiting');
    // Until the module says, it is not re-initialised (its thread may be inside it); DECIDE_WITHIN_MS later it
    // is polled as any module: a removal re-initialises it, which also ends the thread's wait.
    await pause(5500);
    const inits = count('C_Initialize');
    await identifiesThenClears(t);
    await waitFor(
      () => (count('C_Initialize') > inits ? true : undefined),
      10_000,
      're-initialised after removal',
    );
    expect(t.desk.services.smartcard.restartCount).toBe(0);
  }, 40_000);

  test('a module whose waits keep failing (its service gone) is polled, and watched by events again once they work', async () => {
    fx.fake.set({ present: false, cert: fx.certFile, events: 'block' });
    const t = await startDesk();
    const probed = async () => (await t.desk.services.smartcard.probe()).modules[0];
    await waitFor(() => (watchOf(t) === 'events' ? true : undefined), 15_000, 'slot events');

    // MAX_WAIT_FAILURES failed waits about 100 ms apart: polled within some 5 s, with the module's answer.
    fx.fake.set({ ...fx.fake.current, events: 'fail' });
    await waitFor(() => (watchOf(t) === 'polling' ? true : undefined), 15_000, 'back to polling');
    expect(await probed()).toMatchObject({ watch: 'polling', watchReason: 'CKR_DEVICE_ERROR' });
    const lists = count('C_GetSlotList');
    await pause(1500);
    expect(count('C_GetSlotList') - lists).toBeGreaterThanOrEqual(8);

    // The service back: EVENTS_RETRY_FIRST_MS after the failure a new thread waits, and the poll stops again.
    fx.fake.set({ ...fx.fake.current, events: 'block' });
    await waitFor(() => (watchOf(t) === 'events' ? true : undefined), 20_000, 'slot events again');
    expect(await probed()).toMatchObject({ watch: 'events', watchReason: null });
    await waitFor(() => t.desk.services.status.get().reader.state === 'waiting', 15_000, 'waiting');
    const idle = count('C_GetSlotList');
    await pause(1500);
    expect(count('C_GetSlotList') - idle).toBeLessThanOrEqual(4);
    const inits = count('C_Initialize');
    await identifiesThenClears(t);
    expect(count('C_Initialize') - inits).toBe(0);
    expect(t.desk.services.smartcard.restartCount).toBe(0);
  }, 60_000);

  test('slotEvents: false polls a module that could wait, and never asks it', async () => {
    fx.fake.set({ present: false, cert: fx.certFile, events: 'block' });
    const waits = count('C_WaitForSlotEvent');
    const t = await startDesk(false);
    await waitFor(() => t.desk.services.status.get().reader.state === 'waiting', 15_000, 'waiting');
    await identifiesThenClears(t);
    expect(watchOf(t)).toBe('polling');
    expect(count('C_WaitForSlotEvent')).toBe(waits);
  }, 40_000);

  test('doctor tells the technician how the module is watched: by its events, or polled and why', async () => {
    const data = tempDir('sportello-slot-events-doctor-');
    const config = join(data.path, 'config.json');
    writeFileSync(config, JSON.stringify({ smartcard: { modules: [fx.module], useDefaultModules: false } }));
    const env = {
      ...process.env,
      SPORTELLO_DATA_DIR: data.path,
      SPORTELLO_CONFIG: config,
      SPORTELLO_ADMIN_CONFIG: '',
    };
    const moduleDetail = async () => {
      const out: string[] = [];
      await runCli(['doctor', '--json'], { out: (l) => out.push(l), err: () => {}, env });
      const report = JSON.parse(out.join('\n')) as { checks: { id: string; detail: string }[] };
      return report.checks.find((c) => c.id === 'smartcard-module')?.detail;
    };
    try {
      fx.fake.set({ present: false, events: 'block' });
      expect(await moduleDetail()).toContain(
        'segnala da sé inserimenti e rimozioni (eventi slot; un controllo di sicurezza ogni 10 s)',
      );
      fx.fake.set({ present: false });
      expect(await moduleDetail()).toContain(
        'controllato a intervalli (eventi slot non disponibili: CKR_FUNCTION_NOT_SUPPORTED); come mostra una carta nuova non è ancora appreso',
      );
      // What a desk on this data learned of the module, as its database keeps it, is what the doctor reports.
      const db = openDatabase(join(data.path, DB_FILE));
      try {
        new CardListingMemory(
          { read: (k) => readMeta(db, k), write: (k, v) => writeMeta(db, k, v) },
          silentLogger,
        ).learn([
          {
            path: fx.module,
            source: 'config',
            status: 'loaded',
            reason: null,
            message: null,
            library: {
              manufacturer: 'Sportello tests',
              description: 'Programmable fake PKCS#11',
              version: '1.0',
            },
            watch: 'polling',
            watchReason: 'CKR_FUNCTION_NOT_SUPPORTED',
            cardListing: 'after-reinit',
          },
        ]);
      } finally {
        db.close();
      }
      expect(await moduleDetail()).toContain(
        'mostra una carta nuova solo dopo una re-inizializzazione (appreso): senza carta è controllato ogni 1,5 s',
      );
    } finally {
      data.remove();
    }
  }, 60_000);
});
