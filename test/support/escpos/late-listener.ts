import { connect, createServer, type Server } from 'node:net';
import type { CaptureServer } from './capture-server';

/**
 * A printer on a port where nothing listens yet (a refused printer), brought up later on that same port and
 * taken down again: it forwards each connection to the capture server, end to end, so the capture server sees
 * the job as usual.
 */
export function lateListener(
  port: number,
  target: CaptureServer,
): { listen(): Promise<void>; close(): Promise<void> } {
  let server: Server | null = null;
  return {
    listen: () =>
      new Promise((resolve) => {
        server = createServer({ allowHalfOpen: true }, (sock) => {
          const up = connect({ port: target.port, host: '127.0.0.1', allowHalfOpen: true });
          sock.pipe(up);
          up.pipe(sock);
          sock.on('error', () => up.destroy());
          up.on('error', () => sock.destroy());
        });
        server.listen(port, '127.0.0.1', () => resolve());
      }),
    close: () =>
      new Promise((resolve) => {
        const s = server;
        server = null;
        if (s) s.close(() => resolve());
        else resolve();
      }),
  };
}
