#!/usr/bin/env node
// `npm start`: launches the built app in Electron where its binary exists. Where it does not (the electron
// package could not download it: offline build machines, this project's CI), the same services and UI run in
// the browser host instead: one line says so with the address, and the system's Chromium, Edge or Firefox
// opens it in an app window when one is installed. SPORTELLO_NO_BROWSER=1 (tests, CI, a desk with its own
// kiosk browser) opens nothing; SPORTELLO_BROWSER names the browser to use. Arguments go to the host (--port).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { findBrowser, browserArgs } from './browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where the electron package put its binary; read, not require('electron'), which downloads it on demand. */
function electronBinary() {
  const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
  if (override !== undefined)
    return join(override, process.platform === 'win32' ? 'electron.exe' : 'electron');
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('electron/package.json'));
  const pathFile = join(pkgDir, 'path.txt');
  return existsSync(pathFile) ? join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
}

const binary = electronBinary();
if (binary && existsSync(binary)) {
  const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const host = spawn(
    process.execPath,
    [join(root, 'dist', 'host', 'main.js'), '--json', ...process.argv.slice(2)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: root,
    },
  );
  const stop = () => host.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  host.on('exit', (code) => process.exit(code ?? 1));
  createInterface({ input: host.stdout }).once('line', (line) => {
    let url;
    try {
      url = JSON.parse(line).url;
    } catch {
      process.stdout.write(line + '\n');
      return;
    }
    const browser = process.env['SPORTELLO_NO_BROWSER'] === '1' ? null : findBrowser(process.env);
    process.stdout.write(
      `Electron non è installato su questa macchina: lo sportello è nel browser all’indirizzo ${url}` +
        (browser ? ` (aperto con ${browser.name})` : ' (aprilo in Chromium, Edge o Firefox)') +
        '; Ctrl+C per chiudere.\n',
    );
    if (browser) {
      const b = spawn(browser.path, browserArgs(browser, url), { stdio: 'ignore', detached: true });
      b.on('error', () =>
        process.stderr.write(`sportello: impossibile aprire ${browser.path}; apri ${url}\n`),
      );
      b.unref();
    }
  });
}
