import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const sandbox = tempDir('sportello-layers-');
afterAll(() => sandbox.remove());

function file(rel: string, text: string) {
  const full = join(sandbox.path, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

/** Runs the project's own layer check (same config, same tool) on a small tree built to break each rule. */
function cruise(): { status: number | null; out: string } {
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs'),
      '--config',
      '.dependency-cruiser.cjs',
      'core',
      'native',
      'electron',
      'renderer',
    ],
    { cwd: sandbox.path, encoding: 'utf8' },
  );
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('layer rules', () => {
  copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(sandbox.path, '.dependency-cruiser.cjs'));
  file(
    'tsconfig.json',
    JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'bundler' } }),
  );
  file('core/rule.ts', 'export const x = 1;\n');
  file('native/printer/driver.ts', "import { x } from '../../core/rule';\nexport const y = x;\n");
  file('electron/main/shell.ts', "import { app } from 'electron';\nexport const a = app;\n");

  it('pass on a tree that follows them', () => {
    file('renderer/src/ok.ts', "import { x } from '../../core/rule';\nexport const z = x;\n");
    const r = cruise();
    expect(r.out).toContain('no dependency violations');
    expect(r.status).toBe(0);
  });

  it('fail, naming the import, when the renderer imports native/', () => {
    file('renderer/src/bad.ts', "import { y } from '../../native/printer/driver';\nexport const w = y;\n");
    const r = cruise();
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('renderer-only-core');
    expect(r.out).toContain('renderer/src/bad.ts');
    expect(r.out).toContain('native/printer/driver.ts');
  });

  it('fail when core imports the project or a Node built-in', () => {
    file(
      'core/leak.ts',
      "import { readFileSync } from 'node:fs';\nimport { y } from '../native/printer/driver';\nexport const v = [readFileSync, y];\n",
    );
    const r = cruise();
    expect(r.out).toContain('core-is-pure');
    expect(r.out).toContain('core-no-node-builtins');
  });

  it("fail when a service imports 'electron' outside the shell", () => {
    file('electron/services/bad.ts', "import { app } from 'electron';\nexport const b = app;\n");
    const r = cruise();
    expect(r.out).toContain('electron-only-in-shell');
    expect(r.out).toContain('electron/services/bad.ts');
    expect(r.out).not.toMatch(/electron-only-in-shell: electron\/main/);
  });
});
