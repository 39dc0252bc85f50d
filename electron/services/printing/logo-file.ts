import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { AppError } from '../../../core/contract/errors';

/** A receipt logo is a few KiB; anything past this is not one (and `/dev/zero` never ends). */
export const LOGO_MAX_BYTES = 256 * 1024;
/** Pixels the decoder may be asked to allocate: a small file can declare a huge image. */
const LOGO_MAX_SIDE = 4096;
export const LOGO_TIMEOUT_MS = 2000;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const refuse = (reason: string, extra: Record<string, unknown> = {}, cause?: unknown) =>
  new AppError(
    'INVALID_INPUT',
    { reason, field: 'logo', ...extra },
    cause === undefined ? undefined : { cause },
  );

async function readCapped(path: string): Promise<Buffer> {
  let handle;
  try {
    // O_NONBLOCK: a FIFO opens at once instead of waiting for a writer, and is then refused by its type.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw refuse(
      code === 'ENOENT' || code === 'ENOTDIR' ? 'LOGO_NOT_FOUND' : 'LOGO_UNREADABLE',
      { errno: code ?? null },
      err,
    );
  }
  try {
    const s = await handle.stat();
    if (!s.isFile()) throw refuse('LOGO_NOT_A_FILE');
    if (s.size > LOGO_MAX_BYTES) throw refuse('LOGO_TOO_LARGE', { max: LOGO_MAX_BYTES });
    // Read one byte past the cap: a file that grew since fstat is refused too.
    const buf = Buffer.alloc(LOGO_MAX_BYTES + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > LOGO_MAX_BYTES) throw refuse('LOGO_TOO_LARGE', { max: LOGO_MAX_BYTES });
    }
    return buf.subarray(0, got);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads a logo PNG off the main thread (libuv's pool): only an absolute path to a regular file, at most
 * `LOGO_MAX_BYTES`, with the PNG signature and a sane image size, within `LOGO_TIMEOUT_MS`. Anything else is
 * `INVALID_INPUT` naming the field `logo` and a stable reason.
 */
export async function readLogoFile(path: string, timeoutMs = LOGO_TIMEOUT_MS): Promise<Buffer> {
  if (!isAbsolute(path)) throw refuse('LOGO_RELATIVE');
  let timer: NodeJS.Timeout | undefined;
  const bytes = await Promise.race([
    readCapped(path),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(refuse('LOGO_TIMEOUT', { timeoutMs })), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw refuse('LOGO_NOT_PNG');
  // IHDR comes first: width and height, big-endian, at bytes 16 and 20.
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') throw refuse('LOGO_BROKEN');
  const w = bytes.readUInt32BE(16);
  const h = bytes.readUInt32BE(20);
  if (w === 0 || h === 0 || w > LOGO_MAX_SIDE || h > LOGO_MAX_SIDE)
    throw refuse('LOGO_TOO_LARGE', { maxSide: LOGO_MAX_SIDE });
  return bytes;
}
