import { createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP peer on 127.0.0.1 that answers status requests as each printer family does (native/printer/status/
 * answers.ts describes the layouts), in a chosen condition. It is the printer side of the "printed"
 * confirmation tests: it keeps every byte it received per connection.
 *
 * - `ok`: answers every status request, and the job's end (Epson/Custom process ID, Star ETB counter).
 * - `paper-end`: out of paper from the start. `paper-out-mid-job`: runs out while printing: never reports the
 *   job's end, and reports paper end when asked after.
 * - `cover-open`; `no-completion`: status fine, but ignores `GS ( H` (printers without process-ID answers).
 * - `silent`: reads everything, never answers. `http`: a web server on the port.
 */
export type PeerCondition =
  'ok' | 'paper-end' | 'paper-out-mid-job' | 'cover-open' | 'no-completion' | 'silent' | 'http';
export type PeerFamily = 'epson' | 'custom' | 'star';

export interface StatusPeer {
  readonly uri: string;
  readonly port: number;
  family: PeerFamily;
  condition: PeerCondition;
  /** Bytes received, one entry per closed connection. */
  readonly connections: Buffer[];
  /** Resolves once `n` connections have closed (the client closes after its last answer). */
  waitForConnections(n: number, timeoutMs?: number): Promise<Buffer[]>;
  close(): Promise<void>;
}

const GS_H = Buffer.from([0x1d, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30]);
const STAR_ASK = Buffer.from([0x1b, 0x06, 0x01]);

function epsonByte(n: number, c: PeerCondition, afterJob: boolean): number {
  const paperOut = c === 'paper-end' || (c === 'paper-out-mid-job' && afterJob);
  const cover = c === 'cover-open';
  if (n === 1) return 0x12 | (paperOut || cover ? 0x08 : 0);
  if (n === 2) return 0x12 | (cover ? 0x04 : 0) | (paperOut ? 0x20 : 0);
  return 0x12 | (paperOut ? 0x60 : 0);
}

function starBlock(c: PeerCondition, afterJob: boolean, etb: number): Buffer {
  const paperOut = c === 'paper-end' || (c === 'paper-out-mid-job' && afterJob);
  const cover = c === 'cover-open';
  // 9-byte block: header 0x23; printer status (off-line 0x08, cover 0x20); errors; sensor (paper end 0x08);
  // ETB counter in bits 1–5 of byte 8.
  return Buffer.from([
    0x23,
    0x00,
    (paperOut || cover ? 0x08 : 0) | (cover ? 0x20 : 0),
    0x00,
    0x00,
    paperOut ? 0x08 : 0,
    0x00,
    (etb & 0x1f) << 1,
    0x00,
  ]);
}

/** Where a played printer's answers go: a TCP socket, or the master side of a pseudo-terminal. */
export interface PeerLink {
  write(b: Buffer): void;
  /** Answers and hangs up (the HTTP server case). */
  end(b: string): void;
}

/**
 * The printer's side of the dialogue, whatever carries it: feed it the bytes the desk sent, it answers on
 * the link as the family does in the peer's current condition. Its state (bytes seen, Star ETB counter) lasts
 * as long as the link: a TCP connection, or the whole life of a serial printer.
 */
export function printerAnswers(
  link: PeerLink,
  peer: { family: PeerFamily; condition: PeerCondition },
): (d: Buffer) => void {
  let all = Buffer.alloc(0);
  let scanned = 0;
  let jobBytes = 0;
  let etb = 5;
  let sinceAsk = Buffer.alloc(0);
  return (d: Buffer) => {
    all = Buffer.concat([all, d]);
    const c = peer.condition;
    if (c === 'silent' || c === 'http') {
      // What it ignored is never answered later: a printer switched on again (or the device behind a serial
      // line that comes back a printer) answers only what it is asked from then on.
      scanned = all.length;
      sinceAsk = Buffer.alloc(0);
      if (c === 'http') link.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (peer.family === 'star') {
      sinceAsk = Buffer.concat([sinceAsk, d]);
      for (;;) {
        const at = sinceAsk.indexOf(STAR_ASK);
        if (at < 0) break;
        const before = sinceAsk.subarray(0, at);
        jobBytes += before.length;
        // A job ended by ETB and printed: the counter moves (unless the paper ran out meanwhile).
        if (before.length > 0 && before[before.length - 1] === 0x17 && c === 'ok') etb = (etb + 1) % 32;
        link.write(starBlock(c, jobBytes > 0, etb));
        sinceAsk = sinceAsk.subarray(at + STAR_ASK.length);
      }
      return;
    }
    for (; scanned < all.length; scanned++) {
      const b = all[scanned];
      if (b === 0x10 && all[scanned + 1] === 0x04 && scanned + 2 < all.length) {
        link.write(Buffer.from([epsonByte(all[scanned + 2]!, c, jobBytes > 64)]));
        scanned += 2;
        continue;
      }
      if (b === 0x1d && all.subarray(scanned, scanned + 7).equals(GS_H) && scanned + 11 <= all.length) {
        const id = all.subarray(scanned + 7, scanned + 11);
        if (c === 'ok' || c === 'cover-open')
          link.write(Buffer.concat([Buffer.from([0x37, 0x22]), id, Buffer.from([0])]));
        scanned += 10;
        continue;
      }
      if (
        b === 0x1d &&
        scanned + 11 > all.length &&
        all.subarray(scanned).equals(GS_H.subarray(0, all.length - scanned))
      )
        break; // a process-ID request split across packets: wait for its end
      jobBytes++;
    }
  };
}

function serve(
  sock: Socket,
  peer: { family: PeerFamily; condition: PeerCondition },
  done: (b: Buffer) => void,
) {
  const chunks: Buffer[] = [];
  const feed = printerAnswers({ write: (b) => sock.write(b), end: (b) => sock.end(b) }, peer);
  sock.on('data', (d: Buffer) => {
    chunks.push(d);
    feed(d);
  });
  sock.on('end', () => sock.end());
  sock.on('close', () => done(Buffer.concat(chunks)));
  sock.on('error', () => undefined);
}

export async function startStatusPeer(
  family: PeerFamily,
  condition: PeerCondition = 'ok',
): Promise<StatusPeer> {
  const peer = { family, condition };
  const connections: Buffer[] = [];
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const server: Server = createServer({ allowHalfOpen: true }, (sock) => {
    sockets.add(sock);
    serve(sock, peer, (b) => {
      sockets.delete(sock);
      connections.push(b);
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    uri: `tcp://127.0.0.1:${port}`,
    port,
    get family() {
      return peer.family;
    },
    set family(f: PeerFamily) {
      peer.family = f;
    },
    get condition() {
      return peer.condition;
    },
    set condition(c: PeerCondition) {
      peer.condition = c;
    },
    connections,
    waitForConnections(n, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${connections.length} of ${n} connections closed`)),
          timeoutMs,
        );
        const check = () => {
          if (connections.length >= n) {
            clearTimeout(timer);
            resolve(connections);
          } else waiters.push(check);
        };
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
