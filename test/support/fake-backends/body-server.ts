import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as a fake backend sees it, body included (creation and annulment carry one). */
export interface BodyRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
  readonly rawBody: string;
}

export interface BodyReply {
  status: number;
  body: unknown;
  contentType?: string;
}

/**
 * Faults of the write path. `stall-after` runs the route (the server does the work: the position exists) and
 * then never answers, which is the ambiguous timeout a desk must resolve by retrying with the same id.
 * `refuse` answers with the given status and body instead of running the route.
 */
export type WriteFault =
  | { kind: 'stall-after' }
  | { kind: 'stall-before' }
  | { kind: 'refuse'; status: number; body: unknown }
  | { kind: 'reset' };

/**
 * A real HTTP server on 127.0.0.1 for a backend's write contract: records requests with their parsed JSON
 * body, collects contract violations, and applies queued faults to the requests that match them.
 */
export class BodyServer {
  readonly requests: BodyRequest[] = [];
  readonly violations: string[] = [];
  private faults: { fault: WriteFault; left: number; match: (r: BodyRequest) => boolean }[] = [];
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly route: (req: BodyRequest) => BodyReply) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  violation(msg: string): void {
    this.violations.push(msg);
  }

  inject(fault: WriteFault, times = 1, match: (r: BodyRequest) => boolean = () => true): void {
    this.faults.push({ fault, left: times, match });
  }

  async start(): Promise<this> {
    const server = http.createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
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
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    if (rawBody !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        this.violation(`body is not JSON: ${rawBody.slice(0, 40)}`);
      }
    }
    const u = new URL(req.url ?? '/', 'http://x');
    const rec: BodyRequest = {
      method: req.method ?? '',
      path: decodeURIComponent(u.pathname),
      query: u.searchParams,
      headers: req.headers,
      body,
      rawBody,
    };
    this.requests.push(rec);
    const f = this.faults.find((x) => x.left > 0 && x.match(rec));
    if (f) f.left--;
    this.faults = this.faults.filter((x) => x.left > 0);
    const fault = f?.fault;
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'stall-before') return; // never answers; the socket is closed at stop()
    if (fault?.kind === 'refuse') {
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(fault.body));
      return;
    }
    let reply: BodyReply;
    try {
      reply = this.route(rec);
    } catch (err) {
      reply = { status: 500, body: { error: String(err) } };
    }
    if (fault?.kind === 'stall-after') return;
    if (Buffer.isBuffer(reply.body)) {
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/octet-stream' });
      res.end(reply.body);
      return;
    }
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }
}
