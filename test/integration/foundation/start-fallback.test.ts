import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
import { waitFor } from '../../support/wait';

// Runs what `npm start` runs after its build (scripts/start-electron.js) on the built app (dist/, made by
// `npm run build` before the tests): on a machine without the Electron binary the desk must still start.
const root = join(import.meta.dirname, '..', '..', '..');
const dirs: { path: string; remove(): void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));
const fresh = () => {
  const d = tempDir('sportello-start-');
  dirs.push(d);
  return d.path;
};

function npmStart(env: Record<string, string>) {
  const data = fresh();
  const child = spawn(process.execPath, [join(root, 'scripts', 'start-electron.js'), '--port', '0'], {
    cwd: root,
    env: {
      ...process.env,
      SPORTELLO_DATA_DIR: data,
      SPORTELLO_ADMIN_CONFIG: '',
      // No Electron binary there: the same as a machine where the electron package could not download it.
      ELECTRON_OVERRIDE_DIST_PATH: fresh(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  return { child, lines };
}

describe('npm start without an Electron binary', () => {
  it.skipIf(!existsSync(join(root, 'dist', 'host', 'main.js')))(
    'starts the browser host and says so in one line with the address, and the desk page loads (twice)',
    async () => {
      for (let i = 0; i < 2; i++) {
        const { child, lines } = npmStart({ SPORTELLO_NO_BROWSER: '1' });
        try {
          const line = await waitFor(() => lines[0], 30_000, 'the start line');
          expect(line).toMatch(
            /^Electron non è installato su questa macchina: lo sportello è nel browser all’indirizzo http:\/\/127\.0\.0\.1:\d+\/#token=\S+ \(aprilo in Chromium, Edge o Firefox\); Ctrl\+C per chiudere\.$/,
          );
          const url = /(http:\S+)/.exec(line)![1]!;
          const page = await fetch(url);
          expect(page.status).toBe(200);
          expect(await page.text()).toContain('<div id="app"');
        } finally {
          child.kill('SIGTERM');
          await new Promise((r) => child.once('exit', r));
        }
        expect(lines).toHaveLength(1);
      }
    },
  );

  it.skipIf(!existsSync(join(root, 'dist', 'host', 'main.js')))(
    'opens the system browser in app mode at that address',
    async () => {
      const dir = fresh();
      const record = join(dir, 'args.txt');
      const browser = join(dir, 'chromium');
      writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
      chmodSync(browser, 0o755);
      const { child, lines } = npmStart({ SPORTELLO_BROWSER: browser });
      try {
        const line = await waitFor(() => lines[0], 30_000, 'the start line');
        expect(line).toContain(`(aperto con ${browser})`);
        const url = /(http:\S+)/.exec(line)![1]!;
        const args = await waitFor(
          () => existsSync(record) && readFileSync(record, 'utf8'),
          10_000,
          'the browser',
        );
        expect(args.split('\n')).toContain(`--app=${url}`);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  );

  it.skipIf(!existsSync(join(root, 'dist', 'host', 'main.js')))(
    'a busy port is said in one line naming --port',
    async () => {
      const busy = createServer();
      await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
      const port = (busy.address() as { port: number }).port;
      try {
        const r = spawnSync(
          process.execPath,
          [join(root, 'dist', 'host', 'main.js'), '--port', String(port)],
          {
            env: { ...process.env, SPORTELLO_DATA_DIR: fresh(), SPORTELLO_ADMIN_CONFIG: '' },
            encoding: 'utf8',
          },
        );
        expect(r.status).toBe(1);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(`la porta ${port} è già in uso`);
        expect(r.stderr).toContain('--port');
      } finally {
        busy.close();
      }
    },
  );
});
