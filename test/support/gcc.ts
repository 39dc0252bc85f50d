import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Compiles a test-support C file into a shared object with the machine's gcc, into a temp folder, once per
 * source change, and returns its path. The binary is a build product: it lives under the OS temp dir, never in
 * the tree.
 */
export function sharedObject(source: string, name: string, args: readonly string[] = []): string {
  const dir = join(tmpdir(), `sportello-${name}`);
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${name}-${Math.floor(statSync(source).mtimeMs)}.so`);
  if (!existsSync(out)) {
    const tmp = `${out}.${process.pid}.tmp`;
    execFileSync('gcc', ['-shared', '-fPIC', '-O1', '-Wall', '-Werror', ...args, '-o', tmp, source]);
    execFileSync('mv', ['-f', tmp, out]);
  }
  return out;
}
