import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDesk } from '../../electron/services/desk';
import { createTestDesk, testPlatform } from '../support/desk';

/** Every folder and file under `dir`, with its permission bits. */
function modes(dir: string): [string, number][] {
  const out: [string, number][] = [[dir, statSync(dir).mode & 0o777]];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...modes(p));
    else out.push([p, statSync(p).mode & 0o777]);
  }
  return out;
}

describe('data at rest', () => {
  it('keeps the data folder 0700 and every file in it 0600, database, WAL, SHM, previews and config included', async () => {
    const t = createTestDesk({ config: { deskName: 'Sportello 1' } });
    // A data folder left open to others by an older version is closed at start.
    const { chmodSync } = await import('node:fs');
    chmodSync(t.dataDir, 0o755);
    await t.desk.close();
    const desk = createDesk({ platform: testPlatform(t.dataDir) });
    expect((await desk.api.identity.fromFiscalCode({ code: 'RSSMRA80A01H501U' })).ok).toBe(true);
    expect((await desk.api.printers.test({})).ok).toBe(true);
    expect((await desk.api.settings.update({ desk: { idleClearSeconds: 120 } })).ok).toBe(true);
    // While open: the journal files exist.
    const live = modes(t.dataDir);
    const names = live.map(([p]) => p.slice(t.dataDir.length + 1));
    for (const expected of [
      'sportello.sqlite',
      'sportello.sqlite-wal',
      'sportello.sqlite-shm',
      'config.json',
      'secrets.json',
      'audit-anchor.log',
      'print-preview',
      'print-preview/job-1.png',
    ])
      expect(names).toContain(expected);
    for (const [path, mode] of live) {
      const isDir = statSync(path).isDirectory();
      expect([path, mode]).toEqual([path, isDir ? 0o700 : 0o600]);
    }
    await desk.close();
    await t.dispose();
  });
});
