import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { printerAnswers, type PeerCondition, type PeerFamily } from './status-peer';

/**
 * A serial printer on a real pseudo-terminal. Python's `pty.openpty()` makes the pair (Node has no pty API);
 * the desk opens the slave, `/dev/pts/N`, as it opens `/dev/ttyUSB0`; the python process relays the master
 * side to its stdout/stdin, where status-peer.ts's `printerAnswers` plays the printer. The python process
 * holds the slave open too, so the line discipline between the desk and the printer is the kernel's own:
 * the terminal mode the desk sets (tty-mode.ts) is what the bytes go through.
 */
const RELAY = `
import os, pty, select, sys
m, s = pty.openpty()
sys.stderr.write(os.ttyname(s) + "\\n"); sys.stderr.flush()
out, inp = sys.stdout.fileno(), sys.stdin.fileno()
def put(fd, d):
    while d:
        d = d[os.write(fd, d):]
while True:
    r, _, _ = select.select([m, inp], [], [])
    if m in r:
        try:
            put(out, os.read(m, 4096))
        except OSError:
            pass
    if inp in r:
        d = os.read(inp, 4096)
        if not d:
            break
        put(m, d)
        sys.stderr.write("w\\n"); sys.stderr.flush()
`;

export interface PtyPrinter {
  /** The device path the desk prints to. */
  readonly path: string;
  family: PeerFamily;
  condition: PeerCondition;
  /** Every byte the desk wrote to the device, in order. */
  received(): Buffer;
  /**
   * Puts bytes on the line from the printer's side, unasked (a late answer, a status block nobody read);
   * resolves once they are in the terminal's input queue.
   */
  say(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

export async function startPtyPrinter(
  family: PeerFamily,
  condition: PeerCondition = 'ok',
): Promise<PtyPrinter> {
  const peer = { family, condition };
  const child: ChildProcessWithoutNullStreams = spawn('python3', ['-c', RELAY]);
  const chunks: Buffer[] = [];
  const feed = printerAnswers({ write: (b) => child.stdin.write(b), end: (b) => child.stdin.write(b) }, peer);
  child.stdout.on('data', (d: Buffer) => {
    chunks.push(d);
    feed(d);
  });
  const path = await new Promise<string>((resolve, reject) => {
    let err = '';
    const onData = (d: Buffer) => {
      err += d.toString('utf8');
      const line = /^(\/dev\/\S+)\n/.exec(err);
      if (line) {
        child.stderr.off('data', onData);
        resolve(line[1]!);
      }
    };
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`pty relay exited ${code}: ${err}`)));
    child.once('error', reject);
  });
  return {
    path,
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
    received: () => Buffer.concat(chunks),
    say: (bytes: Buffer) =>
      new Promise<void>((resolve) => {
        // The relay acknowledges each chunk it put on the master side (one "w" line on stderr).
        const acked = (d: Buffer) => {
          if (!d.toString('utf8').includes('w')) return;
          child.stderr.off('data', acked);
          resolve();
        };
        child.stderr.on('data', acked);
        child.stdin.write(bytes);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
      }),
  };
}
