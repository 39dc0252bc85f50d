import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Faults a fake backend can inject, each with a defined outcome at the desk. */
export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'malformed' }
  | { kind: 'truncated' }
  | { kind: 'wrong-schema' }
  | { kind: 'reset' };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
}

export interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
}

export type Route = (req: RecordedRequest) => Reply;

/**
 * A real HTTP server on 127.0.0.1 speaking one backend's contract. It records every request, collects
 * contract violations by the client (wrong path, missing auth, bad query) instead of throwing, and applies the
 * queued faults in order (`times` requests each, default every request while set).
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  private faults: { fault: Fault; left: number }[] = [];
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly route: Route,
    /** Checked before the route (JWT verification is async); a reply here refuses the request. */
    private readonly gate?: (req: RecordedRequest) => Promise<Reply | null>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  violation(msg: string): void {
    this.violations.push(msg);
  }

  /** Adds a fault for the next `times` requests (Infinity: until cleared). */
  inject(fault: Fault, times = Infinity): void {
    this.faults.push({ fault, left: times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  private nextFaults(): Fault[] {
    const active = this.faults.filter((f) => f.left > 0);
    for (const f of active) f.left--;
    this.faults = this.faults.filter((f) => f.left > 0);
    return active.map((f) => f.fault);
  }

  async start(port = 0): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    for (const sock of this.sockets) sock.destroy();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', 'http://x');
    const rec: RecordedRequest = {
      method: req.method ?? '',
      path: decodeURIComponent(u.pathname),
      query: u.searchParams,
      headers: req.headers,
    };
    this.requests.push(rec);
    let reply: Reply;
    try {
      reply = (this.gate ? await this.gate(rec) : null) ?? this.route(rec);
    } catch (err) {
      reply = { status: 500, body: { error: String(err) } };
    }
    for (const f of this.nextFaults()) {
      if (f.kind === 'latency') await new Promise((r) => setTimeout(r, f.ms));
      else if (f.kind === 'reset') {
        req.socket.destroy();
        return;
      } else if (f.kind === 'status') {
        reply = { status: f.status, body: { title: 'injected', status: f.status } };
        if (f.retryAfter !== undefined) res.setHeader('retry-after', String(f.retryAfter));
      } else if (f.kind === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"this is": not json');
        return;
      } else if (f.kind === 'truncated') {
        const text = JSON.stringify(reply.body);
        // Announce the whole body, send half, then cut: the client sees a premature close.
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(text)),
        });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setTimeout(() => req.socket.destroy(), 20);
        return;
      } else if (f.kind === 'wrong-schema') {
        reply = { status: 200, body: { unexpected: true, items: 'not a list' } };
      }
    }
    if (Buffer.isBuffer(reply.body)) {
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/octet-stream' });
      res.end(reply.body);
      return;
    }
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
    res.end(JSON.stringify(reply.body));
  }
}
