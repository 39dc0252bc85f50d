import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { CONTENT_SECURITY_POLICY } from '../services/content-security-policy';
import type { Desk } from '../services/desk';
import { silentLogger, type Logger } from '../services/log';
import { DisplayRelay } from './display-relay';
import type { ServerFrame } from './protocol';
import { hostSession } from './session';
import { loadStatic } from './static-files';

export interface HostOptions {
  /** The desk, or its promise: the host may listen (and serve the page) while the desk is still being built. */
  readonly desk: Desk | Promise<Desk>;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  readonly port?: number;
  /** Where the session secret is kept (0600) so an open page survives a host restart; in memory when absent. */
  readonly sessionFile?: string;
  readonly log?: Logger;
  /** Called once, when the first page is admitted on the socket: the page has loaded and run its script. */
  readonly onFirstClient?: () => void;
}

export interface RunningHost {
  readonly url: string;
  readonly port: number;
  /** The one-time launch token (in `url`'s fragment). */
  readonly token: string;
  /** The citizen's display page: its display-only token in the fragment (receives the display, calls nothing). */
  readonly displayUrl: string;
  close(): Promise<void>;
}

/** Every answer carries these, a 404 or a 405 as much as a 200: an error page is a page too. */
const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
} as const;

/**
 * What the socket needs (ws, the frame schema and the contract's event names, both zod), loaded at the first
 * upgrade: serving the page needs none of it, and loading it before listening delayed the page by as much.
 */
async function socketParts() {
  const [{ WebSocketServer: Server }, { clientFrameSchema, MAX_FRAME_BYTES }, { eventNames }] =
    await Promise.all([import('ws'), import('./protocol'), import('../../core/contract')]);
  const wss: WebSocketServer = new Server({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  return { wss, clientFrameSchema, eventNames };
}
type SocketParts = Awaited<ReturnType<typeof socketParts>>;

function refuseUpgrade(socket: Duplex, status: 400 | 403 | 421): void {
  const text = { 400: 'Bad Request', 403: 'Forbidden', 421: 'Misdirected Request' }[status];
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The request-target of an upgrade as a URL, or null when it is not one (`http://[::1`, `//[/ws`, `%zz`). */
function parseTarget(raw: string | undefined, origin: string): URL | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//')) return null;
  try {
    return new URL(raw, origin);
  } catch {
    return null;
  }
}

/**
 * Serves the built UI on 127.0.0.1 and the contract over a WebSocket. Only a page from this very origin, reached
 * under this very host name (DNS rebinding), that holds the launch token (once) or the session secret may
 * connect: another local program or a web page in the same browser cannot. See docs/architecture.md.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const desk = Promise.resolve(options.desk);
  // A desk that fails to build is reported by whoever built it; here it only must not become unhandled.
  desk.catch(() => {});
  let firstClient = options.onFirstClient;
  const log = options.log ?? silentLogger;
  const session = hostSession(options.sessionFile);
  let origin = '';
  let hostHeader = '';

  const answer = (res: ServerResponse, status: number, extra: Record<string, string> = {}, body?: Buffer) => {
    res.writeHead(status, { ...SECURITY_HEADERS, ...extra });
    res.end(body);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.headers.host !== hostHeader) {
        answer(res, 421, { 'content-type': 'text/plain; charset=utf-8' }, Buffer.from('Misdirected'));
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        answer(res, 405, { allow: 'GET, HEAD' });
        return;
      }
      const file = await loadStatic(options.rendererDir, req.url ?? '/');
      if (!file) {
        answer(res, 404, { 'content-type': 'text/plain; charset=utf-8' }, Buffer.from('Not found'));
        return;
      }
      answer(res, 200, { 'content-type': file.type }, req.method === 'HEAD' ? undefined : file.body);
    })().catch((err: unknown) => {
      log.error('host request failed', { error: String(err) });
      if (!res.headersSent) answer(res, 500);
      else res.destroy();
    });
  });
  // A malformed request line or header: answer 400 on that socket only (node's default would too, but this way
  // nothing of it can surface as an uncaught error).
  server.on('clientError', (_err, socket: Socket) => {
    if (socket.writable) refuseUpgrade(socket, 400);
    else socket.destroy();
  });

  let parts: Promise<SocketParts> | null = null;
  let loaded: SocketParts | null = null;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset during the handshake must not become an uncaught 'error'.
    socket.on('error', () => socket.destroy());
    if (req.headers.host !== hostHeader) return refuseUpgrade(socket, 421);
    const url = parseTarget(req.url, origin);
    if (!url) return refuseUpgrade(socket, 400);
    if (url.pathname !== '/ws' || req.headers.origin !== origin) return refuseUpgrade(socket, 403);
    const admitted = session.admit(url.searchParams);
    if (!admitted) return refuseUpgrade(socket, 403);
    parts ??= socketParts().then((p) => (loaded = p));
    parts.then(
      (p) =>
        p.wss.handleUpgrade(req, socket, head, (ws) =>
          admitted === 'display' ? serveDisplay(ws, p) : serve(ws, admitted === 'claim', p),
        ),
      (err: unknown) => {
        log.error('websocket setup failed', { error: String(err) });
        socket.destroy();
      },
    );
  });

  const relay = new DisplayRelay();
  void desk.then((d) =>
    d.events.on('identity.changed', (who) => {
      if (who === null) relay.citizenGone();
    }),
  );

  /** A display page: it gets the display state, no desk event, and every call is refused. */
  const serveDisplay = (ws: WebSocket, { clientFrameSchema }: SocketParts) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    ws.on('error', (err) => log.warn('websocket protocol error', { error: err.message }));
    relay.addDisplay(ws, send);
    ws.on('message', (data, isBinary) => {
      let frame: unknown;
      try {
        frame = isBinary ? undefined : JSON.parse(data.toString());
      } catch {
        frame = undefined;
      }
      const parsed = clientFrameSchema.safeParse(frame);
      if (parsed.success && parsed.data.t === 'call')
        send({ t: 'result', id: parsed.data.id, response: { ok: false, error: { code: 'FORBIDDEN' } } });
      else send({ t: 'error', code: 'INVALID_INPUT', details: { reason: 'DISPLAY_ONLY' } });
    });
  };

  const serve = (ws: WebSocket, claimed: boolean, { clientFrameSchema, eventNames }: SocketParts) => {
    const send = (frame: ServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    // A protocol fault (oversized frame, bad UTF-8, unmasked frame, reserved opcode or bits, bad close code):
    // `ws` closes this one connection with the matching close code (1009, 1007, 1002); without a listener the
    // error would take the whole host down.
    ws.on('error', (err) => log.warn('websocket protocol error', { error: err.message }));
    if (claimed) send({ t: 'session', secret: session.secret });
    relay.addClerk(ws);
    if (firstClient) {
      const f = firstClient;
      firstClient = undefined;
      f();
    }
    let closed = false;
    let unsubscribe: (() => void)[] = [];
    ws.on('close', () => {
      closed = true;
      unsubscribe.forEach((u) => u());
    });
    // Calls made while the desk is still being built wait for it, in order (one promise, resolved once).
    void desk.then((d) => {
      if (closed) return;
      unsubscribe = eventNames.map((name) =>
        d.events.on(name, (payload) => send({ t: 'event', name, payload })),
      );
    });
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
      if (parsed.data.t === 'display') {
        relay.publish(parsed.data.state);
        return;
      }
      const { id, method, payload } = parsed.data;
      desk
        .then((d) => d.call(method, payload, { transport: 'websocket' }))
        .then((response) => send({ t: 'result', id, response }))
        .catch((err: unknown) => {
          log.error('websocket call failed', { method, error: String(err) });
          send({ t: 'result', id, response: { ok: false, error: { code: 'INTERNAL' } } });
        });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  hostHeader = `127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${session.launchToken}`,
    port,
    token: session.launchToken,
    displayUrl: `${origin}/#display=${session.displayToken}`,
    close: () =>
      new Promise<void>((resolve) => {
        if (loaded) {
          for (const c of loaded.wss.clients) c.terminate();
          loaded.wss.close();
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
