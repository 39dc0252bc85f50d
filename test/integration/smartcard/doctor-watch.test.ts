import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { watchText } from '../../../electron/cli/doctor/probes-smartcard';
import { runCli } from '../../../electron/cli/run';
import { createTestDesk } from '../../support/desk';
import { buildCard } from '../../support/softhsm/cards';
import { SoftHsm } from '../../support/softhsm/softhsm';
import { tempDir } from '../../support/temp';
import { waitFor } from '../../support/wait';

/**
 * What `sportello doctor` says of how a module is watched must be what the desk's device process really does
 * with it. SoftHSM 2.6 takes the non-blocking C_WaitForSlotEvent and refuses the blocking one
 * (CKR_FUNCTION_NOT_SUPPORTED): the desk polls it, and the doctor once said "eventi slot, nessun polling", having
 * asked before the first blocking wait failed.
 */
const hsm = new SoftHsm();
beforeAll(() => {
  process.env['SOFTHSM2_CONF'] = hsm.conf;
});
afterAll(() => hsm.dispose());

const smartcard = { modules: [hsm.module], useDefaultModules: false, pollIntervalMs: 100, watchdogMs: 3000 };

async function doctorModuleLine(): Promise<string | undefined> {
  const data = tempDir('sportello-doctor-watch-');
  try {
    const config = join(data.path, 'config.json');
    writeFileSync(config, JSON.stringify({ smartcard }));
    const out: string[] = [];
    const env = {
      ...process.env,
      SPORTELLO_DATA_DIR: data.path,
      SPORTELLO_CONFIG: config,
      SPORTELLO_ADMIN_CONFIG: '',
    };
    await runCli(['doctor', '--json'], { out: (l) => out.push(l), err: () => {}, env });
    const report = JSON.parse(out.join('\n')) as { checks: { id: string; detail: string }[] };
    return report.checks.find((c) => c.id === 'smartcard-module')?.detail;
  } finally {
    data.remove();
  }
}

describe('doctor and the slot watcher agree on SoftHSM', () => {
  test('the desk polls SoftHSM, and doctor says so in the very words of that mode; twice', async () => {
    const t = createTestDesk({ config: { smartcard } });
    try {
      await t.desk.start();
      await waitFor(() => t.desk.services.status.get().reader.state === 'waiting', 15_000, 'reader waiting');
      // A card read proves the watcher has been working (a poll found it): its mode is the real one by then.
      const token = await hsm.insert(await buildCard({}));
      await waitFor(() => t.desk.services.identity.get() ?? undefined, 15_000, 'identity from card');
      hsm.remove(token);
      await waitFor(() => t.desk.services.status.get().reader.state === 'waiting', 15_000, 'removed');
      const real = t.desk.services.smartcard.status().modules[0]!;
      expect(real).toMatchObject({ status: 'loaded', watch: 'polling' });
      const report = (await t.desk.services.smartcard.probe()).modules[0]!;
      expect(report).toMatchObject({ watch: 'polling', watchReason: 'CKR_FUNCTION_NOT_SUPPORTED' });
      for (let i = 0; i < 2; i++) {
        const line = await doctorModuleLine();
        expect(line).toContain(watchText({ ...report, cardListing: 'unknown' }));
        expect(line).toContain(
          'controllato a intervalli (eventi slot non disponibili: CKR_FUNCTION_NOT_SUPPORTED)',
        );
        expect(line).not.toContain('nessun polling');
      }
    } finally {
      await t.dispose();
    }
  }, 90_000);
});
