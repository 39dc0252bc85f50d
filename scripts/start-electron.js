#!/usr/bin/env node
// `npm start`: launches the built app in Electron where its binary exists. The electron package downloads the
// binary on first install; where that was impossible (offline build machines) say so in one line and point at
// the browser host, which runs the same services and UI.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Read where the binary would be instead of require('electron'), which tries to download it on demand.
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('electron/package.json'));
const pathFile = join(pkgDir, 'path.txt');
const binary = existsSync(pathFile) ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
if (!binary || !existsSync(binary)) {
  console.error(
    'Electron non è installato su questa macchina (binario assente): avvia lo sportello nel browser con "npm run start:browser".',
  );
  process.exit(1);
}
const child = spawn(binary, ['.'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
