import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { storeFault } from './store-faults';

const POSIX = process.platform !== 'win32';

/**
 * The data folder and everything in it are the desk user's alone: folders 0700, files 0600 (on Windows the
 * per-user profile's ACL does this). Applied when a folder or file is made, and again on the ones found
 * there, so that a folder created by an older version, or by hand, is tightened too.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeToOthers(dir);
}

/** Takes every right away from group and others; the owner's own bits (a read-only folder stays so) are kept. */
function closeToOthers(path: string): void {
  if (!POSIX) return;
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

export function tightenFile(file: string): void {
  closeToOthers(file);
}

/**
 * Write to a 0600 temporary file beside the target, fsync, rename over it: a crash leaves the old file or the
 * new one, never half of one; a failure (a full disk) removes the temporary file and throws a typed error
 * naming the target (`DISK_FULL`, `DB_READ_ONLY`), so no `file.NNN.tmp` is left behind.
 */
export function writePrivateFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w', 0o600);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already failing: the first error is the one to report.
      }
    }
    rmSync(tmp, { force: true });
    throw storeFault(err, file) ?? err;
  }
}

/** A non-atomic 0600 file (print previews): still typed on failure, still nothing half-written left. */
export function writePrivateFile(file: string, data: Uint8Array): void {
  try {
    const fd = openSync(file, 'w', 0o600);
    try {
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    } finally {
      closeSync(fd);
    }
    tightenFile(file);
  } catch (err) {
    rmSync(file, { force: true });
    throw storeFault(err, file) ?? err;
  }
}
