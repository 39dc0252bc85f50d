import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { useFakeModule } from '../support/fake-pkcs11/fixture';
import { tempDir } from '../support/temp';

/**
 * `sportello identify` with a module that loads but lists no slot at all (no reader connected): says
 * READER_NOT_FOUND at once, as `doctor` does, instead of waiting its whole timeout and saying CARD_NOT_PRESENT.
 * The programmable PKCS#11 module plays the middleware (SoftHSM always shows a slot).
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const fx = useFakeModule('sportello-no-reader-');
const data = tempDir('sportello-no-reader-data-');
afterAll(() => data.remove());

function identify(module: string) {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'sportello.js'), 'identify', '--module', module, '--timeout', '600', '--json'],
    {
      cwd: ROOT,
      env: { ...process.env, SPORTELLO_DATA_DIR: data.path, SPORTELLO_ADMIN_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise<{ code: number | null; out: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, out })),
  );
}

describe('identify with no reader at all', () => {
  it('answers READER_NOT_FOUND without waiting for its 600 s timeout, twice in a row', async () => {
    fx.fake.set({ noSlots: true });
    for (let i = 0; i < 2; i++) {
      const r = await identify(fx.module);
      expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'READER_NOT_FOUND' } });
      expect(r.code).toBe(1);
    }
    expect(fx.fake.calls()).toContain('C_GetSlotList');
  });
});
