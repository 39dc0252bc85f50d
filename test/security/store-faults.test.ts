import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/contract/errors';
import { openDatabase } from '../../electron/store/database';
import { latestVersion } from '../../electron/store/database';
import { tempDir } from '../support/temp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join(ROOT, 'test', 'security', 'support', 'store-fault-child.ts');

/**
 * Runs shell steps in a private mount namespace (the machine's own file systems are untouched and the mounts
 * vanish with it): a real full disk is a 1 MiB tmpfs, a real read-only folder a read-only bind mount.
 */
function inNamespace(script: string): string {
  const r = spawnSync('unshare', ['-m', 'sh', '-ec', script], { encoding: 'utf8', cwd: ROOT });
  if (r.status !== 0) throw new Error(`namespace script failed: ${r.stderr}`);
  return r.stdout;
}
const phase = (name: string, dir: string) => `"${process.execPath}" --import tsx "${CHILD}" ${name} "${dir}"`;
const outcomes = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const dirs: { remove: () => void }[] = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

describe('faults of the store and the files', () => {
  it('disk full: typed DISK_FULL naming the file, nothing changed, no temporary file left; works once space is back', () => {
    const mount = tempDir('sportello-full-');
    dirs.push(mount);
    const data = join(mount.path, 'data');
    const stdout = inNamespace(
      [
        `mount -t tmpfs -o size=1m tmpfs "${mount.path}"`,
        `mkdir "${data}"`,
        phase('setup', data),
        phase('fill', data),
        phase('full', data),
        phase('atomic', data),
        `ls -a "${data}"`,
        `rm "${mount.path}/filler"`,
        phase('after', data),
      ].join('\n'),
    );
    const [setup, filled, reopened, atomic, after] = outcomes(stdout);
    expect(setup).toMatchObject({ identify: { ok: true }, save: { ok: true } });
    // The disk filled under a running desk: each act is refused, typed, and nothing of it happened.
    expect(filled).toMatchObject({
      identify: { ok: false, error: { code: 'DISK_FULL' } },
      identity: { ok: true, value: null },
      save: { ok: false, error: { code: 'DISK_FULL' } },
    });
    for (const full of [reopened]) {
      // Either the database cannot even open its journal, or each act is refused: typed, never INTERNAL.
      if (full!['thrown']) expect(full!['thrown']).toMatchObject({ code: 'DISK_FULL' });
      else {
        expect(full).toMatchObject({
          identify: { ok: false, error: { code: 'DISK_FULL' } },
          identity: { value: null },
        });
        expect(full!['save']).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
      }
    }
    // The configuration file's atomic write: DISK_FULL naming it, the old file intact, no temporary file.
    expect(atomic).toMatchObject({
      write: { code: 'DISK_FULL', details: { file: join(data, 'config.json') } },
    });
    expect(atomic!['config']).toContain('Sportello 1');
    expect((atomic!['files'] as string[]).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(stdout).not.toMatch(/\.tmp\b/);
    expect(after).toMatchObject({ identify: { ok: true }, save: { ok: true }, audit: { state: 'ok' } });
  });

  it('a database in a read-only folder is DB_READ_ONLY, never DB_CORRUPT, twice in a row', () => {
    const data = tempDir('sportello-ro-');
    dirs.push(data);
    const stdout = inNamespace(
      [
        phase('setup', data.path),
        `mount --bind "${data.path}" "${data.path}"`,
        `mount -o remount,ro,bind "${data.path}"`,
        phase('ro', data.path),
        phase('ro', data.path),
      ].join('\n'),
    );
    const [setup, ro1, ro2] = outcomes(stdout);
    expect(setup).toMatchObject({ identify: { ok: true } });
    for (const ro of [ro1, ro2]) expect(ro!['thrown']).toMatchObject({ code: 'DB_READ_ONLY' });
  });

  it('a database from a newer version is refused before anything is written to it', () => {
    const data = tempDir('sportello-newer-');
    dirs.push(data);
    const file = join(data.path, 'sportello.sqlite');
    // Made by the sqlite3 shell, in rollback-journal mode, with a schema version from the future.
    spawnSync('sqlite3', [file], {
      input: `CREATE TABLE future (x); PRAGMA user_version = ${latestVersion() + 7};`,
      encoding: 'utf8',
    });
    const before = createHash('sha256').update(readFileSync(file)).digest('hex');
    for (let i = 0; i < 2; i++) {
      let caught: unknown;
      try {
        openDatabase(file).close();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('DB_TOO_NEW');
    }
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(before);
    expect(readdirSync(data.path)).toEqual(['sportello.sqlite']);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
  });

  it('a file that is not a database is still DB_CORRUPT', () => {
    const data = tempDir('sportello-notdb-');
    dirs.push(data);
    const file = join(data.path, 'sportello.sqlite');
    rmSync(file, { force: true });
    spawnSync('sh', ['-c', `head -c 8192 /dev/urandom > "${file}"`]);
    expect(() => openDatabase(file)).toThrow(expect.objectContaining({ code: 'DB_CORRUPT' }) as Error);
  });
});
