import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES } from '../../electron/host/protocol';
import { startHost, type RunningHost } from '../../electron/host/server';
import { createTestDesk, type TestDesk } from '../support/desk';
import { closeCode, frame, rawRequest, upgradeRequest } from '../support/raw-websocket';
import { tempDir } from '../support/temp';

let t: TestDesk;
let host: RunningHost;
let secret = '';
const ui = tempDir('sportello-ui-');
const data = tempDir('sportello-hostdata-');
const origin = () => `http://127.0.0.1:${host.port}`;

beforeAll(async () => {
  mkdirSync(join(ui.path, 'assets'));
  writeFileSync(join(ui.path, 'index.html'), '<!doctype html><title>t</title>');
  t = createTestDesk();
  host = await startHost({
    desk: t.desk,
    rendererDir: ui.path,
    sessionFile: join(data.path, 'host-session.key'),
  });
  const claim = await rawRequest(host.port, upgradeRequest(host.port, `/ws?token=${host.token}`, origin()));
  expect(claim.status).toBe(101);
  await new Promise<void>((resolve) => {
    const check = () => (claim.rest.includes('"secret"') ? resolve() : setTimeout(check, 10));
    check();
  });
  // The first server frame is small and unmasked: 2 header bytes, then the JSON.
  secret = (JSON.parse(claim.rest.subarray(2).toString()) as { secret: string }).secret;
  claim.socket.destroy();
});
afterAll(async () => {
  await host.close();
  await t.dispose();
  ui.remove();
  data.remove();
});

/** The host still answers a contract call on a fresh, proper connection. */
async function stillServing(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?session=${secret}`, {
    headers: { origin: origin() },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const answer = await new Promise<Record<string, unknown>>((resolve) => {
    ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>));
    ws.send(
      JSON.stringify({
        t: 'call',
        id: 1,
        method: 'noticeNumber.parse',
        payload: { nav: '301000000000012373' },
      }),
    );
  });
  expect(answer).toMatchObject({ t: 'result', id: 1, response: { ok: true } });
  ws.close();
}

async function openSession() {
  const a = await rawRequest(host.port, upgradeRequest(host.port, `/ws?session=${secret}`, origin()));
  expect(a.status).toBe(101);
  return a;
}

describe('browser host under attack', () => {
  it.each(['http://[::1', 'http://%zz/ws', '//[/ws', '/ws?token=%zz', '*', 'ws://127.0.0.1/ws'])(
    'answers 400 to the malformed upgrade target %s and stays up',
    async (target) => {
      const a = await rawRequest(host.port, upgradeRequest(host.port, target, origin()));
      expect([400, 403]).toContain(a.status);
      if (target !== '/ws?token=%zz') expect(a.status).toBe(400);
      a.socket.destroy();
      await stillServing();
    },
  );

  const faults: [string, () => Buffer, number][] = [
    ['a text frame one byte over the limit', () => frame(1, Buffer.alloc(MAX_FRAME_BYTES + 1, 0x61)), 1009],
    ['invalid UTF-8', () => frame(1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ['an unmasked client frame', () => frame(1, Buffer.from('{}'), { mask: false }), 1002],
    ['a reserved opcode', () => frame(3, Buffer.from('x')), 1002],
    ['RSV1 set without an extension', () => frame(1, Buffer.from('{}'), { rsv: 4 }), 1002],
    ['a bad close code', () => frame(8, Buffer.from([0x03, 0xe7])), 1002],
  ];
  it.each(faults)('closes only the connection that sent %s, with code %i', async (_name, bytes, code) => {
    const bystander = await openSession();
    const a = await openSession();
    a.socket.write(bytes());
    expect(await closeCode(a)).toBe(code);
    expect(bystander.socket.destroyed).toBe(false);
    bystander.socket.destroy();
    await stillServing();
  });

  it('refuses a second use of the launch token, and a wrong or missing session secret', async () => {
    for (const target of [`/ws?token=${host.token}`, '/ws?session=wrong', '/ws', `/ws?session=`]) {
      const a = await rawRequest(host.port, upgradeRequest(host.port, target, origin()));
      expect(a.status).toBe(403);
      a.socket.destroy();
    }
  });

  it('keeps the session secret in a 0600 file, and a restarted host takes the same one', async () => {
    const file = join(data.path, 'host-session.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = await startHost({ desk: t.desk, rendererDir: ui.path, sessionFile: file });
    try {
      const a = await rawRequest(
        again.port,
        upgradeRequest(again.port, `/ws?session=${secret}`, `http://127.0.0.1:${again.port}`),
      );
      expect(a.status).toBe(101);
      a.socket.destroy();
    } finally {
      await again.close();
    }
  });

  it('refuses a foreign Host header (DNS rebinding) on pages and on the socket', async () => {
    const page = await rawRequest(host.port, `GET / HTTP/1.1\r\nHost: evil.example:${host.port}\r\n\r\n`);
    expect(page.status).toBe(421);
    page.socket.destroy();
    const ws = await rawRequest(
      host.port,
      upgradeRequest(host.port, `/ws?session=${secret}`, origin(), `evil.example:${host.port}`),
    );
    expect(ws.status).toBe(421);
    ws.socket.destroy();
  });

  it('puts the same security headers on 404, 405 and 421 as on 200', async () => {
    const ok = await fetch(`${origin()}/`);
    const notFound = await fetch(`${origin()}/nope.js`);
    const notAllowed = await fetch(`${origin()}/`, { method: 'POST', body: 'x' });
    expect([ok.status, notFound.status, notAllowed.status]).toEqual([200, 404, 405]);
    for (const [name, expected] of [
      ['content-security-policy', /default-src 'none'/],
      ['x-content-type-options', /^nosniff$/],
      ['referrer-policy', /^no-referrer$/],
      ['x-frame-options', /^DENY$/],
      ['cache-control', /^no-store$/],
    ] as const) {
      expect(ok.headers.get(name)).toMatch(expected);
      expect(notFound.headers.get(name)).toBe(ok.headers.get(name));
      expect(notAllowed.headers.get(name)).toBe(ok.headers.get(name));
    }
  });
});
