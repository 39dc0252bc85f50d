import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('./fake-pkcs11.c', import.meta.url));
const INCLUDES = fileURLToPath(new URL('../../../node_modules/pkcs11js/includes', import.meta.url));

/**
 * Compiles the programmable fake module with the machine's gcc into a temp folder (once per source change) and
 * returns the .so path. The binary is a build product: it lives under the OS temp dir, never in the tree.
 */
export function buildFakePkcs11(): string {
  const dir = join(tmpdir(), 'sportello-fake-pkcs11');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `fake-pkcs11-${Math.floor(statSync(SOURCE).mtimeMs)}.so`);
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}.tmp`;
    execFileSync('gcc', ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', '-I', INCLUDES, '-o', tmp, SOURCE]);
    execFileSync('mv', ['-f', tmp, out]);
  }
  return out;
}
