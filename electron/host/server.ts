import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '../../core/contract';
import { CONTENT_SECURITY_POLICY } from '../services/content-security-policy';
import type { Desk } from '../services/desk';
import { clientFrameSchema, MAX_FRAME_BYTES, type ServerFrame } from './protocol';
import { loadStatic } from './static-files';

export interface HostOptions {
  readonly desk: Desk;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  readonly port?: number;
}

export interface RunningHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Serves the built UI on 127.0.0.1 and the contract over a WebSocket. Only a page from this very origin that
 * knows this launch's random token may connect: another local program or a web page in the same browser cannot.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const { desk } = options;
  const token = randomBytes(24).toString('base64url');
  let origin = '';

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const file = await loadStatic(options.rendererDir, req.url ?? '/');
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
        return;
      }
      res.writeHead(200, {
        'content-type': file.type,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : file.body);
    })();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const given = url.searchParams.get('token') ?? '';
    if (url.pathname !== '/ws' || req.headers.origin !== origin || !sameToken(given, token)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  const serve = (ws: WebSocket) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const unsubscribe = eventNames.map((name) =>
      desk.events.on(name, (payload) => send({ t: 'event', name, payload })),
    );
    ws.on('close', () => unsubscribe.forEach((u) => u()));
    ws.on('message', (data, isBinary) => {
      let frame: unknown;
      try {
        frame = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        frame = undefined;
      }
      const parsed = clientFrameSchema.safeParse(frame);
      if (!parsed.success) {
        send({ t: 'error', code: 'INVALID_INPUT', details: { reason: 'BAD_FRAME' } });
        return;
      }
      const { id, method, payload } = parsed.data;
      void desk
        .call(method, payload, { transport: 'websocket' })
        .then((response) => send({ t: 'result', id, response }));
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
