import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const data = tempDir('sportello-cli-faults-');
afterAll(() => data.remove());

function cli(args: string[], o: { closeStdout?: boolean } = {}) {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'sportello.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, SPORTELLO_DATA_DIR: data.path, SPORTELLO_ADMIN_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  // The reader of our output goes away before the CLI writes anything: `sportello … | head -0`.
  if (o.closeStdout) child.stdout.destroy();
  else child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, out, err })),
  );
}

describe('the CLI faced with a closed pipe and a module that does not load', () => {
  it.each([['help'], ['cf', 'RSSMRA80A01H501U', '--json'], ['help']])(
    'ends quietly when stdout is closed (%s)',
    async (...args) => {
      const r = await cli(args, { closeStdout: true });
      expect(r.err).not.toMatch(/EPIPE|at .*\.ts:\d+/);
      expect(r.code).toBe(0);
    },
  );

  it('says MODULE_NOT_FOUND for a module path that does not exist, without waiting for its timeout', async () => {
    // 600 s of timeout: only an answer that does not wait for it fits in this test's time.
    const r = await cli(['identify', '--module', '/nonexistent.so', '--timeout', '600', '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'MODULE_NOT_FOUND' } });
    expect(r.code).toBe(1);
  });

  it('says MODULE_LOAD_FAILED for a file that is not a library, twice in a row', async () => {
    const fake = join(data.path, 'not-a-module.so');
    writeFileSync(fake, 'not an ELF file');
    for (let i = 0; i < 2; i++) {
      const r = await cli(['identify', '--module', fake, '--timeout', '600', '--json']);
      expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'MODULE_LOAD_FAILED' } });
    }
  });
});
