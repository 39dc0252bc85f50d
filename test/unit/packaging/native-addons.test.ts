import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript script, no declarations
import { binaryTarget, checkNativeAddons } from '../../../scripts/native-addons.js';
import { tempDir } from '../../support/temp';

const modules = join(import.meta.dirname, '..', '..', '..', 'node_modules');
const prebuild = (t: string) => join(modules, 'better-sqlite3', 'prebuilds', `${t}.node`);
const pkcs11 = join(modules, 'pkcs11js', 'build', 'Release', 'pkcs11.node');
const dirs: { remove(): void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));

/** A packaged tree's app.asar.unpacked with the given files copied in from node_modules. */
function unpacked(files: Record<string, string>): string {
  const d = tempDir('sportello-unpacked-');
  dirs.push(d);
  for (const [rel, from] of Object.entries(files)) {
    mkdirSync(join(d.path, rel, '..'), { recursive: true });
    copyFileSync(from, join(d.path, rel));
  }
  return d.path;
}

describe('native addons of a packaged tree', () => {
  it("reads the platform and arch of better-sqlite3's shipped prebuilds (headers written by their compilers)", () => {
    for (const t of ['linux-x64', 'linux-arm64', 'win32-x64', 'win32-arm64', 'darwin-x64', 'darwin-arm64']) {
      const [platform, arch] = t.split('-');
      expect(binaryTarget(readFileSync(prebuild(t)))).toEqual({ platform, arch });
    }
    expect(binaryTarget(readFileSync(pkcs11))).toEqual({ platform: 'linux', arch: 'x64' });
    expect(binaryTarget(Buffer.from('not a binary at all'))).toBeNull();
  });

  it('accepts a Linux x64 tree with both addons built for it', () => {
    const root = unpacked({
      'node_modules/better-sqlite3/prebuilds/linux-x64.node': prebuild('linux-x64'),
      'node_modules/pkcs11js/build/Release/pkcs11.node': pkcs11,
    });
    expect(checkNativeAddons(root, { platform: 'linux', arch: 'x64' })).toEqual([]);
  });

  it('refuses a Windows x64 tree assembled here: the Linux pkcs11.node would fail at the first card call', () => {
    const root = unpacked({
      'node_modules/better-sqlite3/prebuilds/win32-x64.node': prebuild('win32-x64'),
      'node_modules/pkcs11js/build/Release/pkcs11.node': pkcs11,
    });
    const failures = checkNativeAddons(root, { platform: 'win32', arch: 'x64' });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('pkcs11js: nessun addon per win32-x64');
    expect(failures[0]).toContain('pkcs11.node è linux-x64');
  });

  it('refuses a tree whose addons are missing, and one whose better-sqlite3 has only another platform', () => {
    expect(checkNativeAddons(unpacked({}), { platform: 'linux', arch: 'x64' })).toHaveLength(2);
    const root = unpacked({
      'node_modules/better-sqlite3/prebuilds/linux-x64.node': prebuild('linux-x64'),
      'node_modules/pkcs11js/build/Release/pkcs11.node': pkcs11,
    });
    const f = checkNativeAddons(root, { platform: 'win32', arch: 'x64' });
    expect(f.find((l: string) => l.startsWith('better-sqlite3'))).toContain('prebuilds/win32-x64.node');
  });

  it('refuses a file that is not a native binary', () => {
    const d = tempDir('sportello-unpacked-');
    dirs.push(d);
    for (const rel of [
      'node_modules/better-sqlite3/prebuilds/linux-x64.node',
      'node_modules/pkcs11js/build/Release/pkcs11.node',
    ]) {
      mkdirSync(join(d.path, rel, '..'), { recursive: true });
      writeFileSync(join(d.path, rel), 'text');
    }
    expect(checkNativeAddons(d.path, { platform: 'linux', arch: 'x64' }).join('\n')).toContain('illeggibile');
  });
});
