import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { CARD_LISTINGS_KEY, CardListingMemory } from '../../../electron/services/smartcard/card-listings';
import type { Logger } from '../../../electron/services/log';
import { readMeta, writeMeta } from '../../../electron/store/app-meta';
import { openDatabase, type Db } from '../../../electron/store/database';
import type { ModuleReport } from '../../../native/smartcard/protocol';
import { tempDir } from '../../support/temp';

/** The desk's memory of learned card listings, on a real SQLite file reopened as a restarted desk does. */
const dir = tempDir('sportello-listings-');
let file = '';
let n = 0;
// Each test its own database file.
beforeEach(() => {
  file = join(dir.path, `desk-${++n}.sqlite`);
});
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
afterAll(() => dir.remove());

function memory(): { mem: CardListingMemory; warnings: string[]; db: Db } {
  const db = openDatabase(file);
  open.push(db);
  const warnings: string[] = [];
  const log: Logger = { info: () => {}, warn: (m) => void warnings.push(m), error: () => {} };
  const mem = new CardListingMemory(
    { read: (k) => readMeta(db, k), write: (k, v) => writeMeta(db, k, v) },
    log,
  );
  return { mem, warnings, db };
}

const SOFTHSM = { manufacturer: 'SoftHSM', description: 'Implementation of PKCS11', version: '2.6' };

function report(over: Partial<ModuleReport> = {}): ModuleReport {
  return {
    path: '/usr/lib/softhsm/libsofthsm2.so',
    source: 'config',
    status: 'loaded',
    reason: null,
    message: null,
    library: SOFTHSM,
    watch: 'polling',
    watchReason: 'CKR_FUNCTION_NOT_SUPPORTED',
    cardListing: 'after-reinit',
    ...over,
  };
}

describe('learned card listings, remembered in the desk database', () => {
  test('what a poll learned is there for the next desk; what it did not learn is not stored', () => {
    const first = memory();
    expect(first.mem.list()).toEqual([]);
    first.mem.learn([
      report(),
      report({ path: '/opt/vendor/libunknown.so', cardListing: 'unknown' }),
      report({ path: '/opt/vendor/libbroken.so', status: 'error', library: null }),
    ]);
    first.db.close();
    open.length = 0;

    const again = memory();
    expect(again.mem.list()).toEqual([
      {
        path: '/usr/lib/softhsm/libsofthsm2.so',
        library: expect.stringContaining('SoftHSM'),
        listing: 'after-reinit',
      },
    ]);
    expect(again.warnings).toEqual([]);
  });

  test('a new library at the same path replaces what was known; a changed listing is stored once', () => {
    const { mem, db } = memory();
    mem.learn([report()]);
    mem.learn([report({ library: { ...SOFTHSM, version: '2.7' }, cardListing: 'live' })]);
    const stored = JSON.parse(readMeta(db, CARD_LISTINGS_KEY)!) as { library: string; listing: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ listing: 'live', library: expect.stringContaining('2.7') });
    // The same status again writes nothing.
    writeMeta(db, CARD_LISTINGS_KEY, '"sentinel"');
    mem.learn([report({ library: { ...SOFTHSM, version: '2.7' }, cardListing: 'live' })]);
    expect(readMeta(db, CARD_LISTINGS_KEY)).toBe('"sentinel"');
  });

  test('a stored value that does not parse is ignored with a warning, and the next lesson replaces it', () => {
    for (const bad of ['{not json', '[{"path":"/x","library":"y","listing":"sometimes"}]', '42']) {
      const seed = memory();
      writeMeta(seed.db, CARD_LISTINGS_KEY, bad);
      seed.db.close();
      open.length = 0;
      const { mem, warnings, db } = memory();
      expect(mem.list()).toEqual([]);
      expect(warnings).toEqual(['smartcard: stored card listings ignored (not valid)']);
      mem.learn([report()]);
      expect(JSON.parse(readMeta(db, CARD_LISTINGS_KEY)!)).toHaveLength(1);
      db.close();
      open.length = 0;
    }
  });

  test('at most 32 modules are remembered, the oldest learned forgotten first', () => {
    const { mem } = memory();
    for (let i = 0; i < 40; i++) mem.learn([report({ path: `/opt/m${i}.so` })]);
    const paths = mem.list().map((k) => k.path);
    expect(paths).toHaveLength(32);
    expect(paths[0]).toBe('/opt/m8.so');
    expect(paths.at(-1)).toBe('/opt/m39.so');
  });

  test('a store that cannot be written costs a warning, never the status that carried the lesson', () => {
    const warnings: string[] = [];
    const log: Logger = { info: () => {}, warn: (m) => void warnings.push(m), error: () => {} };
    const mem = new CardListingMemory(
      {
        read: () => null,
        write: () => {
          throw new Error('SQLITE_READONLY');
        },
      },
      log,
    );
    expect(() => mem.learn([report()])).not.toThrow();
    expect(warnings).toEqual(['smartcard: card listings not saved']);
    // Still known for this run's device restarts.
    expect(mem.list()).toHaveLength(1);
  });
});
