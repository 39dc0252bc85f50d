import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * execArgv for a worker thread or child process that runs a TypeScript entry from the sources (CLI, tests,
 * benches): tsx's loader, resolved from this file rather than the cwd, since the CLI may start in any folder.
 */
export function tsxExecArgv(): string[] {
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}

/**
 * Where a worker thread starts: inside a bundle its entry was built beside the bundle and starts without
 * compiling (dist/cli: `name.js`, ES modules; dist/main, the Electron main process that also runs `--cli`:
 * `name.mjs`); from the sources the TypeScript entry runs through tsx. `built` is resolved against the caller's
 * own module, so it exists only when the caller is itself bundled.
 */
export function threadEntry(built: URL, source: URL): { file: string; execArgv: string[]; built: boolean } {
  const file = fileURLToPath(built);
  if (existsSync(file)) return { file, execArgv: [], built: true };
  const esm = file.replace(/\.js$/, '.mjs');
  if (esm !== file && existsSync(esm)) return { file: esm, execArgv: [], built: true };
  return { file: fileURLToPath(source), execArgv: tsxExecArgv(), built: false };
}
