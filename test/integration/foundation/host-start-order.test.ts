import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost } from '../../../electron/host/server';
import type { Desk } from '../../../electron/services/desk';
import { createTestDesk, type TestDesk } from '../../support/desk';
import { tempDir } from '../../support/temp';

// The browser host listens and serves the page before the desk exists (issue 21: start → desk usable); a page's
// calls made meanwhile wait for the desk and are answered, and the desk is built when the page connects.
const BUILT_HOST = fileURLToPath(new URL('../../../dist/host/main.js', import.meta.url));
const ui = tempDir('sportello-ui-');
mkdirSync(join(ui.path, 'assets'));
writeFileSync(join(ui.path, 'index.html'), '<!doctype html><title>t</title>');
const desks: TestDesk[] = [];
afterAll(async () => {
  for (const d of desks) await d.dispose();
  ui.remove();
});

function frames(ws: WebSocket): Record<string, unknown>[] {
  const got: Record<string, unknown>[] = [];
  ws.on('message', (d) => got.push(JSON.parse(String(d)) as Record<string, unknown>));
  return got;
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('browser host start-up order', () => {
  it('serves the page before the desk is built; calls made meanwhile are answered once it is (twice)', async () => {
    for (let round = 0; round < 2; round++) {
      let resolveDesk: (d: Desk) => void = () => {};
      const desk = new Promise<Desk>((r) => (resolveDesk = r));
      let firstClients = 0;
      const host = await startHost({ desk, rendererDir: ui.path, onFirstClient: () => firstClients++ });
      const origin = `http://127.0.0.1:${host.port}`;
      expect((await fetch(`${origin}/`)).status).toBe(200);
      expect(firstClients).toBe(0);

      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { headers: { origin } });
      const got = frames(ws);
      await new Promise((r) => ws.once('open', r));
      const nav = '301000000000012373';
      ws.send(JSON.stringify({ t: 'call', id: 1, method: 'noticeNumber.parse', payload: { nav } }));
      await until(() => (firstClients === 1 ? true : undefined));
      // The session claim is answered at once; the call waits for the desk.
      await until(() => got.find((f) => f['t'] === 'session'));
      expect(got.some((f) => f['t'] === 'result')).toBe(false);

      const t = createTestDesk();
      desks.push(t);
      resolveDesk(t.desk);
      const result = await until(() => got.find((f) => f['t'] === 'result'));
      expect(result).toMatchObject({ id: 1, response: { ok: true } });
      // Events of the desk reach the page that connected before it existed.
      t.desk.events.emit('identity.changed', null);
      await until(() => got.find((f) => f['t'] === 'event' && f['name'] === 'identity.changed'));
      expect(firstClients).toBe(1);
      ws.close();
      await host.close();
    }
  });

  it('the built host still refuses an invalid configuration, naming the key and the file (twice)', async () => {
    if (!existsSync(BUILT_HOST)) throw new Error('browser host not built: run "npm run build" first');
    for (const key of ['bogusKey', 'otherBogus']) {
      const dir = tempDir('sportello-host-bad-');
      writeFileSync(join(dir.path, 'config.json'), JSON.stringify({ [key]: 1 }));
      const child = spawn(process.execPath, [BUILT_HOST, '--port', '0', '--json'], {
        env: { ...process.env, SPORTELLO_DATA_DIR: dir.path, SPORTELLO_ADMIN_CONFIG: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // The desk is built after the socket listens (no page comes here): the process then ends with the
      // configuration's sentence, as it did when it refused before listening.
      const code = await new Promise<number | null>((r) => child.once('exit', r));
      dir.remove();
      expect(code).toBe(1);
      expect(stderr).toContain(key);
      expect(stderr).toContain('config.json');
    }
  });
});
