import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importRows, writeImportCsv } from '../support/fake-backends/import-files';
import { tempDir } from '../support/temp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join(ROOT, 'test', 'security', 'support', 'import-fault-child.ts');
const work = tempDir('sportello-import-full-');
const mount = tempDir('sportello-import-mnt-');
afterAll(() => {
  work.remove();
  mount.remove();
});

describe('disk full during an import on the import thread', () => {
  it('DISK_FULL naming the database, twice, nothing half-imported; the same file imports once space is back', async () => {
    const csv = join(work.path, 'positions.csv');
    const rows = await writeImportCsv(csv, importRows(20_000, { citizens: 5_000 }));
    const db = join(mount.path, 'sportello.sqlite');
    const child = (phase: string) =>
      `"${process.execPath}" --import tsx "${CHILD}" ${phase} "${db}" "${csv}"`;
    // A real 2 MiB tmpfs in a private mount namespace: far less than the import needs.
    const r = spawnSync(
      'unshare',
      [
        '-m',
        'sh',
        '-ec',
        [
          `mount -t tmpfs -o size=2m tmpfs "${mount.path}"`,
          child('create'),
          child('import'),
          child('import'),
          `mount -o remount,size=256m "${mount.path}"`,
          child('import'),
        ].join('\n'),
      ],
      { encoding: 'utf8', cwd: ROOT },
    );
    expect(r.status, r.stderr).toBe(0);
    const [created, full1, full2, after] = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(created).toMatchObject({ check: 'ok', options: 0 });
    for (const full of [full1, full2]) {
      expect(full).toMatchObject({
        import: { ok: false, code: 'DISK_FULL', details: { file: db } },
        check: 'ok',
        options: 0,
      });
      expect((full!['files'] as string[]).filter((f) => !/^sportello\.sqlite(-wal|-shm)?$/.test(f))).toEqual(
        [],
      );
    }
    expect(after).toMatchObject({ import: { ok: true, committed: true, rows }, check: 'ok', options: rows });
  });
});
