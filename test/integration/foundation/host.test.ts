import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../../electron/host/server';
import { createTestDesk, type TestDesk } from '../../support/desk';
import { tempDir } from '../../support/temp';

let t: TestDesk;
let host: RunningHost;
let secret = '';
const ui = tempDir('sportello-ui-');

beforeAll(async () => {
  mkdirSync(join(ui.path, 'assets'));
  writeFileSync(join(ui.path, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(ui.path, 'assets', 'a.js'), 'export {}');
  writeFileSync(join(ui.path, '..', 'outside-secret.js'), 'secret');
  t = createTestDesk();
  host = await startHost({ desk: t.desk, rendererDir: ui.path });
});
afterAll(async () => {
  await host.close();
  await t.dispose();
  ui.remove();
});

const origin = () => `http://127.0.0.1:${host.port}`;

function connect(token: string, headers: Record<string, string> = { origin: origin() }) {
  return new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(token)}`, { headers });
}

/** A page's later connection: the session secret its claim was answered with. */
function reconnect() {
  return new WebSocket(`ws://127.0.0.1:${host.port}/ws?session=${encodeURIComponent(secret)}`, {
    headers: { origin: origin() },
  });
}

function opened(ws: WebSocket): Promise<'open' | number> {
  return new Promise((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

function call(ws: WebSocket, frame: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

describe('browser host', () => {
  it('listens on loopback only and serves the UI with the CSP', async () => {
    expect(host.url.startsWith('http://127.0.0.1:')).toBe(true);
    const res = await fetch(`${origin()}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves nothing outside the UI folder', async () => {
    for (const path of [
      '/../outside-secret.js',
      '/%2e%2e/outside-secret.js',
      '/assets/../../outside-secret.js',
      '/%00',
    ]) {
      const res = await fetch(`${origin()}${path}`);
      expect(res.status).toBe(404);
    }
  });

  it('refuses a socket with a wrong token, no token, or another origin', async () => {
    expect(await opened(connect('wrong'))).toBe(403);
    expect(await opened(connect(''))).toBe(403);
    expect(await opened(connect(host.token, { origin: 'http://evil.example' }))).toBe(403);
    expect(await opened(connect(host.token, {}))).toBe(403);
  });

  it('lets the first page spend the launch token once and hands it the session secret', async () => {
    const ws = connect(host.token);
    const first = new Promise<Record<string, unknown>>((resolve) =>
      ws.once('message', (d) => resolve(JSON.parse(String(d)) as Record<string, unknown>)),
    );
    expect(await opened(ws)).toBe('open');
    const frame = await first;
    expect(frame['t']).toBe('session');
    secret = String(frame['secret']);
    ws.close();
    expect(await opened(connect(host.token))).toBe(403);
  });

  it('answers contract calls over the socket and rejects bad frames', async () => {
    const ws = reconnect();
    expect(await opened(ws)).toBe('open');
    const ok = await call(ws, {
      t: 'call',
      id: 1,
      method: 'noticeNumber.parse',
      payload: { nav: '301000000000012373' },
    });
    expect(ok).toMatchObject({
      t: 'result',
      id: 1,
      response: { ok: true, value: { iuv: '01000000000012373' } },
    });
    const bad = await call(ws, { t: 'call', id: 2, method: 'noticeNumber.parse', payload: { nav: 12 } });
    expect(bad).toMatchObject({
      t: 'result',
      id: 2,
      response: { ok: false, error: { code: 'INVALID_INPUT' } },
    });
    expect(await call(ws, 'not json')).toEqual({
      t: 'error',
      code: 'INVALID_INPUT',
      details: { reason: 'BAD_FRAME' },
    });
    expect(await call(ws, { t: 'call', id: -1, method: 'x' })).toMatchObject({ t: 'error' });
    ws.close();
  });

  it('pushes events to connected pages', async () => {
    const ws = reconnect();
    await opened(ws);
    const event = new Promise<Record<string, unknown>>((resolve) =>
      ws.on('message', (d) => {
        const f = JSON.parse(String(d)) as Record<string, unknown>;
        if (f['t'] === 'event' && f['name'] === 'identity.changed') resolve(f);
      }),
    );
    ws.send(
      JSON.stringify({
        t: 'call',
        id: 9,
        method: 'identity.fromFiscalCode',
        payload: { code: 'RSSMRA80A01H501U' },
      }),
    );
    expect(await event).toMatchObject({
      t: 'event',
      name: 'identity.changed',
      payload: { fiscalCode: 'RSSMRA80A01H501U' },
    });
    ws.close();
  });
});
