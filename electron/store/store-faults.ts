import { AppError } from '../../core/contract/errors';

/**
 * A write that failed for a reason of the machine, not of the data: a full disk, a read-only file or folder.
 * Typed so that the clerk and the administrator read what it is (`DISK_FULL` naming the file, `DB_READ_ONLY`),
 * never `INTERNAL` or `DB_CORRUPT` (which would invite deleting a good database). null for anything else.
 */
export function storeFault(err: unknown, file: string): AppError | null {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  // SQLITE_IOERR_SHMSIZE: the shared-memory file of the WAL could not grow, which SQLite reports on a full disk.
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE' || code === 'ENOSPC' || code === 'EDQUOT')
    return new AppError('DISK_FULL', { reason: 'NO_SPACE', file }, { cause: err });
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS')
    return new AppError('DB_READ_ONLY', { reason: code, file }, { cause: err });
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM')
    return new AppError('DB_READ_ONLY', { reason: code, file }, { cause: err });
  return null;
}
