import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDesk, DB_FILE } from '../../electron/services/desk';
import { createTestDesk, testPlatform } from '../support/desk';

const CODE = 'MRNGPP60A01F839N';
const DAY = 86_400_000;

/** Our oracle: grep over every byte of every file under the data folder, WAL and previews included. */
function grepData(dir: string, needle: string): string[] {
  const r = spawnSync('grep', ['-r', '-a', '-l', needle, dir], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean);
}

describe('retention purges personal data everywhere it lives', () => {
  it('leaves the fiscal code in no file of the data folder, keeps the audit chain verifying, twice in a row', async () => {
    const t0 = Date.parse('2026-01-10T09:00:00Z');
    const config = { smartcard: { enabled: false }, retentionDays: 30 };
    const t = createTestDesk({ config, now: () => new Date(t0) });
    await t.desk.start();
    const demoPositions = await t.desk.api.positions.list({ fiscalCode: 'RSSMRA80A01H501U' });
    const optionIds = demoPositions.ok
      ? demoPositions.value.positions.flatMap((p) => p.options.map((o) => o.id))
      : [];
    for (let i = 0; i < 2; i++) {
      expect((await t.desk.api.identity.fromFiscalCode({ code: CODE })).ok).toBe(true);
      await t.desk.api.positions.list({ fiscalCode: CODE });
      await t.desk.api.identity.clear();
    }
    // A notice printed to the preview printer: a PNG with name and code, and a journal row with its notice number.
    let sent = false;
    for (const [i, id] of optionIds.entries()) {
      const job = await t.desk.api.notices.print({ optionIds: [id], idempotency: `retention-job-${i}` });
      if (job.ok && job.value.state === 'sent') {
        sent = true;
        break;
      }
    }
    expect(sent).toBe(true);
    const previews = () =>
      existsSync(join(t.dataDir, 'print-preview')) ? readdirSync(join(t.dataDir, 'print-preview')) : [];
    expect(previews().length).toBeGreaterThan(0);
    await t.desk.close();
    expect(grepData(t.dataDir, CODE).length).toBeGreaterThan(0);

    for (const days of [31, 32]) {
      const later = createDesk({ platform: testPlatform(t.dataDir), now: () => new Date(t0 + days * DAY) });
      await later.start();
      await later.close();
      expect(grepData(t.dataDir, CODE)).toEqual([]);
      expect(previews()).toEqual([]);
      const journal = spawnSync(
        'sqlite3',
        [join(t.dataDir, DB_FILE), 'SELECT navs || option_ids FROM print_jobs;'],
        { encoding: 'utf8' },
      );
      expect(new Set(journal.stdout.trim().split('\n'))).toEqual(new Set(['[][]']));
      const verify = createDesk({ platform: testPlatform(t.dataDir) });
      expect(verify.services.audit.verify()).toMatchObject({ brokenAt: null, reason: null });
      expect(verify.services.status.get().audit.state).toBe('ok');
      await verify.close();
    }
    await t.dispose();
  });
});
