import { createServer, type Server, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/**
 * A TCP server on 127.0.0.1 that plays a raw port-9100 printer: it reads each connection to its end, keeps
 * the bytes as one job and closes its side, as real printers do. Fault modes reproduce what printing.md
 * lists: a printer that accepts but never reads, one that resets the connection mid-job or on accept.
 */
export type CaptureMode = 'normal' | 'never-read' | 'reset-mid-job' | 'reset-on-accept';

export interface CaptureServer {
  readonly port: number;
  readonly uri: string;
  readonly jobs: Buffer[];
  mode: CaptureMode;
  /** Resolves once `count` jobs have been received whole (and reports the time of each job's last byte). */
  waitForJobs(count: number, timeoutMs?: number): Promise<Buffer[]>;
  readonly lastByteAt: number[];
  close(): Promise<void>;
}

export async function startCaptureServer(mode: CaptureMode = 'normal'): Promise<CaptureServer> {
  const jobs: Buffer[] = [];
  const lastByteAt: number[] = [];
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const state = { mode };
  const server: Server = createServer({ allowHalfOpen: true }, (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    if (state.mode === 'reset-on-accept') {
      sock.resetAndDestroy();
      return;
    }
    if (state.mode === 'never-read') {
      sock.pause();
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let last = 0;
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      received += d.length;
      last = performance.now();
      if (state.mode === 'reset-mid-job' && received >= 512) sock.resetAndDestroy();
    });
    sock.on('end', () => {
      jobs.push(Buffer.concat(chunks));
      lastByteAt.push(last);
      sock.end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    uri: `tcp://127.0.0.1:${port}`,
    jobs,
    lastByteAt,
    get mode() {
      return state.mode;
    },
    set mode(m: CaptureMode) {
      state.mode = m;
    },
    waitForJobs(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${jobs.length} of ${count} jobs arrived`)),
          timeoutMs,
        );
        const check = () => {
          if (jobs.length >= count) {
            clearTimeout(timer);
            resolve(jobs);
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

/** A port on 127.0.0.1 with nothing listening: connections are refused at once. */
export async function refusedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

const BLACKHOLE = `
const { parentPort } = require('node:worker_threads');
const net = require('node:net');
const s = net.createServer();
s.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(s.address().port);
  // Block this thread's event loop: the kernel completes at most backlog+1 handshakes, then drops SYNs.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
});
`;

/**
 * A listener whose accept queue is full, so a new connection never completes: the only way to see a real
 * connect timeout on 127.0.0.1. The listening thread's loop is blocked; the queue is filled by `fill`.
 */
export async function startBlackhole(): Promise<{ port: number; uri: string; close(): Promise<void> }> {
  const worker = new Worker(BLACKHOLE, { eval: true });
  const port = await new Promise<number>((resolve) => worker.once('message', resolve));
  const fillers: Socket[] = [];
  const { connect } = await import('node:net');
  // Fill the queue until a handshake no longer completes within 200 ms.
  for (let k = 0; k < 16; k++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect({ port, host: '127.0.0.1' });
      fillers.push(c);
      c.on('error', () => resolve(false));
      const t = setTimeout(() => resolve(false), 200);
      c.on('connect', () => {
        clearTimeout(t);
        resolve(true);
      });
    });
    if (!ok) break;
  }
  return {
    port,
    uri: `tcp://127.0.0.1:${port}`,
    close: async () => {
      fillers.forEach((f) => f.destroy());
      await worker.terminate();
    },
  };
}
