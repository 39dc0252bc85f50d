import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { tsxExecArgv } from '../../../electron/services/platform/tsx';
import type { FromDevice } from '../../../native/smartcard/protocol';
import { createTestDesk, type TestDesk } from '../../support/desk';
import { OPENSC_MODULE, Pcscd, READER_NAME, pcscUnavailable } from '../../support/pcsc/pcscd';
import { waitFor } from '../../support/wait';

/**
 * The desk on a real middleware stack: OpenSC's PKCS#11 module over pcscd, with the vsmartcard virtual reader
 * driver standing in for the USB reader. SoftHSM has no readers and no PC/SC service; this is where the reader
 * count, the doctor's slot list and the middleware's service going away are real.
 */
const unavailable = await pcscUnavailable();

describe.skipIf(unavailable !== null)(
  `OpenSC over pcscd with virtual readers${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const pcscd = new Pcscd();
    let td: TestDesk;

    beforeAll(async () => {
      await pcscd.start();
      td = createTestDesk({
        config: {
          smartcard: { modules: [OPENSC_MODULE], useDefaultModules: false, pollIntervalMs: 200 },
        },
      });
      await td.desk.start();
    }, 30_000);
    afterAll(async () => {
      await td?.dispose();
      await pcscd.dispose();
    });

    test('the module loads, both readers are counted, and the desk waits for a card', async () => {
      const sc = td.desk.services.smartcard;
      const s = await waitFor(
        () => (sc.status().state === 'waiting' ? sc.status() : undefined),
        15_000,
        'waiting',
      );
      expect(s.readers).toBe(2);
      // OpenSC waits for slot events in pcscd: the desk does not poll it.
      const modules = await waitFor(
        () => (sc.status().modules[0]?.watch === 'events' ? sc.status().modules : undefined),
        10_000,
        'slot events',
      );
      expect(modules).toEqual([
        { path: OPENSC_MODULE, status: 'loaded', reason: null, watch: 'events', cardListing: 'unknown' },
      ]);
      expect(td.desk.services.status.get().reader).toEqual({ state: 'waiting', detail: OPENSC_MODULE });
    });

    test('doctor lists each reader by its PC/SC name, empty', async () => {
      const probe = await td.desk.services.smartcard.probe();
      expect(probe.modules[0]?.library?.manufacturer).toMatch(/OpenSC/);
      // Said to the technician: this module reports insertions itself, the desk does not poll it.
      expect(probe.modules[0]).toMatchObject({ watch: 'events', watchReason: null });
      expect(probe.slots.map((s) => s.slotDescription)).toEqual([
        `${READER_NAME} 00 00`,
        `${READER_NAME} 00 01`,
      ]);
      expect(probe.slots.every((s) => !s.tokenPresent && s.error === null)).toBe(true);
    });

    test('pcscd stopping shows "no reader" without restarting the device process, typed codes still work, and its return is picked up', async () => {
      const sc = td.desk.services.smartcard;
      await waitFor(() => sc.status().state === 'waiting', 15_000, 'waiting');
      await pcscd.stop();
      await waitFor(() => sc.status().state === 'no-reader', 15_000, 'no-reader after pcscd stopped');
      expect(sc.status().readers).toBe(0);
      const typed = await td.desk.call('identity.fromFiscalCode', { code: 'RSSMRA80A01H501U' });
      expect(typed).toMatchObject({ ok: true, value: { source: 'typed' } });

      await pcscd.start();
      await waitFor(() => sc.status().state === 'waiting', 15_000, 'waiting after pcscd came back');
      expect(sc.status().readers).toBe(2);
      expect(sc.restartCount).toBe(0);
    }, 45_000);

    test('a device process whose desk goes away ends, though a thread of it waits in OpenSC', async () => {
      // Node joins threads on exit; the one waiting in C_WaitForSlotEvent would hold exit() for ever.
      const child = fork(
        fileURLToPath(new URL('../../../native/smartcard/device-main.ts', import.meta.url)),
        [],
        {
          execArgv: tsxExecArgv(),
          serialization: 'json',
          stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        },
      );
      const exited = new Promise<string | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      const waiting = new Promise<void>((resolve) =>
        child.on('message', (m: FromDevice) => {
          if (m.type === 'status' && m.modules[0]?.watch === 'events') resolve();
        }),
      );
      child.send({
        type: 'configure',
        config: {
          modules: [OPENSC_MODULE],
          useDefaultModules: false,
          pollIntervalMs: 200,
          trustDir: null,
          crlFile: null,
        },
      });
      try {
        await waiting;
        child.disconnect();
        const signal = await Promise.race([
          exited,
          new Promise((r) => setTimeout(() => r('still running'), 5000)),
        ]);
        expect(signal).toBe('SIGTERM');
      } finally {
        child.kill('SIGKILL');
      }
    }, 30_000);
  },
);
