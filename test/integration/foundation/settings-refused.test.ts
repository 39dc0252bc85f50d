import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../electron/services/desk';
import { createTestDesk, type TestDesk } from '../../support/desk';

/**
 * A clerk's settings change the desk refuses (a key the administrator locked, a value out of the clerk's range)
 * leaves an audit row, `settings.refused`, naming the keys and why and never the values sent; the answer and the
 * desk's file are as they were. Read back with the sqlite3 shell.
 */
const desks: TestDesk[] = [];
afterEach(async () => {
  await Promise.all(desks.splice(0).map((d) => d.dispose()));
});

function sqlite(dataDir: string, sql: string): string[] {
  return execFileSync('sqlite3', ['-readonly', join(dataDir, DB_FILE), sql], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

describe('refused settings changes are audited', () => {
  it('a locked key and an out-of-range value, twice each: refused as before, one settings.refused row each, no value kept', async () => {
    const t = createTestDesk({
      config: { deskName: 'Sportello 7' },
      admin: { desk: { onCardRemoved: 'clear' } },
    });
    desks.push(t);
    const ws = { transport: 'websocket' } as const;
    const before = readFileSync(t.platform.paths.userConfigFile, 'utf8');
    const update = (desk: unknown) => t.desk.call('settings.update', { desk }, ws);

    for (const desk of [{ onCardRemoved: 'keep' }, { idleClearSeconds: 90, onCardRemoved: 'keep' }])
      expect(await update(desk)).toEqual({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          details: {
            reason: 'LOCKED_BY_ADMIN',
            keys: ['onCardRemoved'],
            file: t.platform.paths.adminConfigFile,
          },
        },
      });
    for (const desk of [{ idleClearSeconds: 5 }, { idleClearSeconds: 3601, locale: 'xx' }])
      expect(await update(desk)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { reason: 'SCHEMA' } },
      });
    // Nothing else changed: the desk's file is as it was, and an accepted change is audited as before.
    expect(readFileSync(t.platform.paths.userConfigFile, 'utf8')).toBe(before);
    expect((await update({ idleClearSeconds: 120 })).ok).toBe(true);

    const rows = sqlite(
      t.dataDir,
      "SELECT action || '|' || coalesce(json_extract(details, '$.reason'), '') || '|' || coalesce(json_extract(details, '$.keys'), '') || '|' || coalesce(json_extract(details, '$.file'), '') FROM audit_log WHERE action IN ('settings.refused', 'config.desk-settings') ORDER BY id",
    );
    const file = t.platform.paths.adminConfigFile!;
    expect(rows).toEqual([
      `settings.refused|LOCKED_BY_ADMIN|["onCardRemoved"]|${file}`,
      `settings.refused|LOCKED_BY_ADMIN|["onCardRemoved"]|${file}`,
      'settings.refused|OUT_OF_RANGE|["idleClearSeconds"]|',
      'settings.refused|OUT_OF_RANGE|["locale","idleClearSeconds"]|',
      'config.desk-settings|||',
    ]);
    // Why, per key, in the validator's words; the values sent are nowhere in the rows.
    expect(
      sqlite(
        t.dataDir,
        "SELECT json_extract(details, '$.issues') FROM audit_log WHERE action = 'settings.refused' AND json_extract(details, '$.reason') = 'OUT_OF_RANGE' ORDER BY id",
      ).map((r) => JSON.parse(r) as unknown),
    ).toEqual([
      [{ key: 'idleClearSeconds', code: 'too_small' }],
      [
        { key: 'locale', code: 'invalid_value' },
        { key: 'idleClearSeconds', code: 'too_big' },
      ],
    ]);
    const details = sqlite(t.dataDir, "SELECT details FROM audit_log WHERE action = 'settings.refused'").join(
      '\n',
    );
    expect(details).not.toMatch(/3601|"xx"|"keep"/);
  });
});
