import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host/server';
import { createTestDesk, type TestDesk } from '../support/desk';
import { closeCode, frame, rawRequest, upgradeRequest, type RawAnswer } from '../support/raw-websocket';
import { tempDir } from '../support/temp';
import { randomValue, rng } from './fuzz';

const CONNECTIONS = 400;

let t: TestDesk;
let host: RunningHost;
let secret = '';
const ui = tempDir('sportello-ui-');
const origin = () => `http://127.0.0.1:${host.port}`;

beforeAll(async () => {
  mkdirSync(join(ui.path, 'assets'));
  writeFileSync(join(ui.path, 'index.html'), '<!doctype html><title>t</title>');
  t = createTestDesk();
  host = await startHost({ desk: t.desk, rendererDir: ui.path });
  const claim = await rawRequest(host.port, upgradeRequest(host.port, `/ws?token=${host.token}`, origin()));
  await new Promise<void>((resolve) => {
    const check = () => (claim.rest.includes('"secret"') ? resolve() : setTimeout(check, 10));
    check();
  });
  secret = (JSON.parse(claim.rest.subarray(2).toString()) as { secret: string }).secret;
  claim.socket.destroy();
});
afterAll(async () => {
  await host.close();
  await t.dispose();
  ui.remove();
});

/** After the bytes, the client closes its side; the connection must end (server close or our FIN), nothing else. */
function ended(a: RawAnswer): Promise<number> {
  a.socket.end();
  return closeCode(a);
}

describe('the host against random bytes after a valid handshake', () => {
  it(`survives ${CONNECTIONS} connections of random bytes and random frames, each closed alone`, async () => {
    const r = rng(0xf00d16);
    const codes: Record<string, number> = {};
    for (let i = 0; i < CONNECTIONS; i++) {
      const a = await rawRequest(host.port, upgradeRequest(host.port, `/ws?session=${secret}`, origin()));
      expect(a.status).toBe(101);
      const kind = i % 3;
      let bytes: Buffer;
      if (kind === 0) {
        // Raw noise.
        bytes = Buffer.from(Array.from({ length: 1 + Math.floor(r() * 2048) }, () => Math.floor(r() * 256)));
      } else if (kind === 1) {
        // A well-formed frame of any opcode and flags, with noise inside.
        const payload = Buffer.from(
          Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256)),
        );
        bytes = frame(Math.floor(r() * 16), payload, {
          rsv: Math.floor(r() * 8),
          fin: r() < 0.8,
          mask: r() < 0.9,
        });
      } else {
        // A text frame of JSON that is almost a call.
        const call = {
          t: r() < 0.8 ? 'call' : randomValue(r),
          id: randomValue(r),
          method: randomValue(r),
          payload: randomValue(r),
        };
        bytes = frame(1, Buffer.from(JSON.stringify(call) ?? 'null'));
      }
      a.socket.write(bytes);
      const code = await ended(a);
      codes[code] = (codes[code] ?? 0) + 1;
    }
    console.log(`host fuzz: ${CONNECTIONS} connections, close codes`, JSON.stringify(codes));
    // Still serving: a proper call on a fresh connection.
    const ok = await rawRequest(host.port, upgradeRequest(host.port, `/ws?session=${secret}`, origin()));
    ok.socket.write(
      frame(
        1,
        Buffer.from(
          JSON.stringify({
            t: 'call',
            id: 7,
            method: 'noticeNumber.parse',
            payload: { nav: '301000000000012373' },
          }),
        ),
      ),
    );
    await new Promise<void>((resolve) => {
      const check = () => (ok.rest.includes('"id":7') ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(ok.rest.toString()).toContain('"ok":true');
    ok.socket.destroy();
  }, 120_000);
});
