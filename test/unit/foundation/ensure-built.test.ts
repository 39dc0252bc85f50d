import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript launcher, no declarations
import { staleEntries } from '../../../bin/ensure-built.js';
import { tempDir } from '../../support/temp';

const dir = tempDir('sportello-built-');
afterAll(() => dir.remove());
const at = (rel: string, seconds: number) => {
  const file = join(dir.path, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, '');
  utimesSync(file, seconds, seconds);
};

describe('bin/sportello.js runs the built CLI only while it is as new as the sources', () => {
  it('builds what is missing, then nothing, then again after any source, package.json or lockfile change', () => {
    at('core/rules.ts', 1000);
    at('electron/cli/commands/cf.ts', 1000);
    expect(staleEntries('cli', dir.path)).toEqual(['cli', 'device']);
    at('dist/cli/main.js', 2000);
    at('dist/smartcard/device.cjs', 2000);
    expect(staleEntries('cli', dir.path)).toEqual([]);
    at('native/smartcard/device-main.ts', 3000);
    expect(staleEntries('cli', dir.path)).toEqual(['cli', 'device']);
    at('dist/cli/main.js', 4000);
    at('dist/smartcard/device.cjs', 4000);
    at('package-lock.json', 5000);
    expect(staleEntries('cli', dir.path)).toEqual(['cli', 'device']);
    at('dist/cli/main.js', 6000);
    at('dist/smartcard/device.cjs', 6000);
    at('electron/cli/commands/new-command.ts', 7000);
    expect(staleEntries('cli', dir.path)).toEqual(['cli', 'device']);
  });
});
