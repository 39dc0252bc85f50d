import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A raw TCP client for the browser host: what an attacker's program would send, byte for byte. */
export interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly socket: Socket;
  /** Bytes after the HTTP head (WebSocket frames from the server). */
  rest: Buffer;
}

export function rawRequest(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const head = buf.subarray(0, end).toString('latin1');
      const answer: RawAnswer = {
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0),
        head,
        socket,
        rest: buf.subarray(end + 4),
      };
      socket.on('data', (more: Buffer) => (answer.rest = Buffer.concat([answer.rest, more])));
      resolve(answer);
    };
    socket.on('data', onData);
    socket.on('error', reject);
    socket.once('close', () => reject(new Error(`closed before an answer: ${buf.toString('latin1')}`)));
    socket.write(request);
  });
}

export function upgradeRequest(port: number, target: string, origin: string, host?: string): string {
  return [
    `GET ${target} HTTP/1.1`,
    `Host: ${host ?? `127.0.0.1:${port}`}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    `Origin: ${origin}`,
    '',
    '',
  ].join('\r\n');
}

/** One client frame; `mask: false` makes the unmasked frame a client must never send. */
export function frame(
  opcode: number,
  payload: Buffer,
  o: { fin?: boolean; rsv?: number; mask?: boolean } = {},
): Buffer {
  const first = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode;
  const masked = o.mask ?? true;
  const len = payload.length;
  const lenBytes =
    len < 126
      ? Buffer.from([(masked ? 0x80 : 0) | len])
      : len < 65536
        ? Buffer.from([(masked ? 0x80 : 0) | 126, len >> 8, len & 0xff])
        : (() => {
            const b = Buffer.alloc(9);
            b[0] = (masked ? 0x80 : 0) | 127;
            b.writeBigUInt64BE(BigInt(len), 1);
            return b;
          })();
  if (!masked) return Buffer.concat([Buffer.from([first]), lenBytes, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] ?? 0) ^ (key[i % 4] ?? 0);
  return Buffer.concat([Buffer.from([first]), lenBytes, key, body]);
}

/** Waits for the server to close: the close code of its close frame (0 when it closed without one). */
export function closeCode(a: RawAnswer): Promise<number> {
  return new Promise((resolve) => {
    const done = () => {
      const r = a.rest;
      // Server frames are unmasked; a close frame is opcode 8 with a 2-byte code first.
      let i = 0;
      while (i + 2 <= r.length) {
        const op = (r[i] ?? 0) & 0x0f;
        let len = (r[i + 1] ?? 0) & 0x7f;
        let at = i + 2;
        if (len === 126) {
          len = r.readUInt16BE(at);
          at += 2;
        } else if (len === 127) {
          len = Number(r.readBigUInt64BE(at));
          at += 8;
        }
        if (op === 8) return resolve(len >= 2 ? r.readUInt16BE(at) : 0);
        i = at + len;
      }
      resolve(0);
    };
    if (a.socket.destroyed) done();
    else a.socket.once('close', done);
  });
}
