import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * execArgv for a worker thread or child process that runs a TypeScript entry from the sources (CLI, tests,
 * benches): tsx's loader, resolved from this file rather than the cwd, since the CLI may start in any folder.
 */
export function tsxExecArgv(): string[] {
  return ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href];
}
