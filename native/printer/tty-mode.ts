import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { isatty } from 'node:tty';

/**
 * A serial port (or the pseudo-terminal of a serial bridge) opens in the terminal's cooked mode: output
 * turns every 0x0A into 0x0D 0x0A (raster data holds plenty), input waits for a line end and echoes back to
 * the printer. ESC/POS needs the line raw both ways. Node has no termios API, so the system's `stty` sets raw
 * mode. Windows COM ports and USB printer-class devices are not terminals and are left as they are.
 *
 * stty gets a descriptor of its own, opened on the same path and checked to be the very device already
 * opened (same device number and inode): a child's standard input is made blocking by libuv, and had it
 * shared the desk's open file, the desk's non-blocking status reads would have become blocking ones.
 */
export type TtyMode =
  | { readonly kind: 'not-a-tty' }
  | { readonly kind: 'raw' }
  | { readonly kind: 'failed'; readonly detail: string };

const STTY_MS = 5000;

export async function makeRaw(
  handle: FileHandle,
  path: string,
  platform: NodeJS.Platform = process.platform,
  /** The configured line speed (printer-config.ts `baud`, a standard rate); null keeps the port's own. */
  baud: number | null = null,
): Promise<TtyMode> {
  if (platform === 'win32' || !isatty(handle.fd)) return { kind: 'not-a-tty' };
  let own: FileHandle;
  try {
    own = await open(path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
  } catch (err) {
    return { kind: 'failed', detail: (err as NodeJS.ErrnoException).code ?? 'open' };
  }
  try {
    const [a, b] = await Promise.all([handle.stat(), own.stat()]);
    if (a.rdev !== b.rdev || a.ino !== b.ino) return { kind: 'failed', detail: 'device changed' };
    return await stty(own, baud);
  } finally {
    await own.close().catch(() => undefined);
  }
}

function stty(handle: FileHandle, baud: number | null): Promise<TtyMode> {
  // `raw` clears output post-processing, input translation, canonical mode and flow control; `-echo` keeps
  // the printer's own answers from being sent back to it; `clocal` ignores the modem lines a printer cable
  // does not wire (without it a serial port waits for carrier).
  return new Promise((resolve) => {
    // A bare number is both speeds (input and output) for every stty (GNU coreutils, BSD/macOS).
    const speed = baud === null ? [] : [String(baud)];
    const child = spawn('stty', ['raw', '-echo', 'clocal', ...speed], {
      stdio: [handle.fd, 'ignore', 'pipe'],
      timeout: STTY_MS,
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', (err) => resolve({ kind: 'failed', detail: err.message }));
    child.on('close', (code) =>
      resolve(code === 0 ? { kind: 'raw' } : { kind: 'failed', detail: stderr.trim() || `stty ${code}` }),
    );
  });
}
