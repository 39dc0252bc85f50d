import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';

// `Sportello --cli import <file>` in the installed app: the main process's bundle (dist/main/index.cjs) runs the
// CLI, and the import's worker threads must be found beside it, since the package holds neither the TypeScript
// sources nor tsx's transpiled sources. The app's tree is laid out as electron-builder packs it (dist/ and
// package.json, with the dependencies beside them) in a folder away from the sources; only `electron` itself
// is a small stand-in (no Electron binary here): the `app` fields the command-line path reads.
const root = join(import.meta.dirname, '..', '..', '..');
const dirs: { remove(): void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));

const ELECTRON_STAND_IN = `
const Module = require('node:module');
const path = require('node:path');
const stub = path.join(__dirname, 'electron-stand-in.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? stub : resolve.call(this, request, ...rest);
};
`;
const ELECTRON_APP = `
const noop = () => {};
module.exports = {
  app: {
    isPackaged: false,
    getVersion: () => '0.1.0',
    exit: (code) => process.exit(code),
    quit: () => process.exit(0),
    on: noop,
    whenReady: () => new Promise(noop),
    requestSingleInstanceLock: () => { throw new Error('the --cli path must not take the desk lock'); },
    setPath: noop,
    getPath: () => '/nonexistent',
  },
  protocol: { registerSchemesAsPrivileged: noop, handle: noop },
  session: {}, dialog: { showErrorBox: noop }, ipcMain: { handle: noop, on: noop },
};
`;

function packagedTree(): string {
  if (!existsSync(join(root, 'dist', 'main', 'index.cjs')))
    throw new Error('main process not built: run "npm run build" first');
  const d = tempDir('sportello-packaged-');
  dirs.push(d);
  const app = join(d.path, 'resources', 'app');
  mkdirSync(app, { recursive: true });
  // What electron-builder.yml's `files` takes: dist/** (no maps) and package.json; the dependencies beside.
  cpSync(join(root, 'dist'), join(app, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
  cpSync(join(root, 'package.json'), join(app, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
  writeFileSync(join(d.path, 'electron-hook.cjs'), ELECTRON_STAND_IN);
  writeFileSync(join(d.path, 'electron-stand-in.cjs'), ELECTRON_APP);
  return d.path;
}

const CSV = readFileSync(join(root, 'docs', 'import-format.md'), 'utf8').match(
  /^```csv\n([\s\S]*?)^```/m,
)![1]!;

describe('the packaged app imports from its command line', () => {
  it('finds the import worker beside dist/main/index.cjs and imports the documented file (two desks)', () => {
    const base = packagedTree();
    const app = join(base, 'resources', 'app');
    expect(existsSync(join(app, 'dist', 'main', 'import-worker.mjs'))).toBe(true);
    expect(existsSync(join(app, 'dist', 'main', 'read-import-thread.mjs'))).toBe(true);
    for (const desk of ['desk-a', 'desk-b']) {
      const data = join(base, desk);
      mkdirSync(data);
      const file = join(data, 'posizioni.csv');
      writeFileSync(file, CSV);
      const r = spawnSync(
        process.execPath,
        [
          '--require',
          join(base, 'electron-hook.cjs'),
          join(app, 'dist', 'main', 'index.cjs'),
          '--cli',
          'import',
          file,
        ],
        {
          cwd: base,
          encoding: 'utf8',
          env: { ...process.env, SPORTELLO_DATA_DIR: data, SPORTELLO_ADMIN_CONFIG: '', NODE_OPTIONS: '' },
        },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('2 righe, 1 posizione, 0 errori — importato.');
      const counts = execFileSync(
        'sqlite3',
        [
          join(data, 'sportello.sqlite'),
          'SELECT count(*) FROM positions; SELECT count(*) FROM payment_options;',
        ],
        { encoding: 'utf8' },
      );
      expect(counts.trim().split('\n')).toEqual(['1', '2']);
    }
  });
});
