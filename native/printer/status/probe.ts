import { AppError } from '../../../core/contract/errors';
import type { StatusChannel } from './channel';
import { conditionOn, type StatusFamily } from './confirm';

/**
 * What `sportello printers status`, the doctor and the settings dialog learn of a printer without printing.
 * With `confirm: 'status'` the printer itself is asked (`asked: true`): the same requests and decoders as a
 * confirmed job (confirm.ts), on the same channels (TCP, serial or USB device file). Otherwise only the way
 * there is checked, as before: a TCP connection, a writable device, a spooler queue.
 */
export type ProbeState = 'ready' | 'unreachable' | 'offline' | 'unknown';

export type ProbeReason =
  /** Asked: the printer answered, with paper, cover closed, no error. */
  | 'READY'
  | 'PAPER_END'
  | 'COVER_OPEN'
  | 'PRINTER_ERROR'
  | 'OFFLINE'
  /** Asked: nothing answered within the deadline (switched off, back channel off, wrong line speed). */
  | 'NO_STATUS'
  /** Asked: bytes came that no ESC/POS printer sends. */
  | 'NOT_A_PRINTER'
  /** Asked: the device or connection went away while waiting. */
  | 'LINK_LOST'
  /** Not asked (TCP): connected, and a byte came back to `DLE EOT 1` with the on-line bit clear. */
  | 'ONLINE'
  /** Not asked (TCP): connected, nothing came back. */
  | 'REACHABLE'
  /** Not asked (device path): present and writable. */
  | 'WRITABLE'
  | 'NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'NOT_A_DEVICE'
  | 'UNREACHABLE'
  | 'CONNECT_TIMEOUT'
  /** The serial line could not be set raw (stty failed). */
  | 'TTY_MODE'
  | 'IO'
  | 'QUEUE_PRESENT'
  | 'QUEUE_UNKNOWN'
  | 'DRIVER_MISSING';

export interface ProbeResult {
  readonly state: ProbeState;
  readonly reason: ProbeReason;
  /** Whether the printer itself was asked its status. */
  readonly asked: boolean;
  /** The system's word behind the reason (errno, stty's message), when there is one. */
  readonly errno?: string | null;
}

const PROBLEM_STATE: Readonly<Record<string, ProbeReason>> = {
  PAPER_END: 'PAPER_END',
  COVER_OPEN: 'COVER_OPEN',
  PRINTER_ERROR: 'PRINTER_ERROR',
  OFFLINE: 'OFFLINE',
};

/** Failures of opening or asking, as probe reasons. */
const FAILURE: Readonly<Record<string, ProbeReason>> = {
  NO_STATUS: 'NO_STATUS',
  NOT_A_PRINTER: 'NOT_A_PRINTER',
  RESET: 'LINK_LOST',
  WRITE_TIMEOUT: 'NO_STATUS',
  REFUSED: 'UNREACHABLE',
  CONNECT_TIMEOUT: 'CONNECT_TIMEOUT',
  NOT_FOUND: 'NOT_FOUND',
  ACCESS_DENIED: 'ACCESS_DENIED',
  NOT_A_DEVICE: 'NOT_A_DEVICE',
  IO: 'IO',
};

export function failedProbe(err: unknown, asked: boolean): ProbeResult {
  const d = err instanceof AppError ? (err.details ?? {}) : {};
  const why = String(d['reason'] ?? '');
  const reason = d['phase'] === 'tty-mode' ? 'TTY_MODE' : (FAILURE[why] ?? 'IO');
  const errno =
    typeof d['errno'] === 'string'
      ? d['errno']
      : typeof d['detail'] === 'string'
        ? d['detail']
        : err instanceof AppError
          ? null
          : ((err as NodeJS.ErrnoException).code ?? null);
  return { state: 'unreachable', reason, asked, errno };
}

/**
 * Opens the channel, asks the printer's condition within `answerMs`, and says what it answered. Never throws:
 * a printer that cannot be reached or does not answer is a result like a ready one.
 */
export async function askCondition(
  open: () => Promise<StatusChannel>,
  family: StatusFamily,
  answerMs: number,
): Promise<ProbeResult> {
  let ch: StatusChannel;
  try {
    ch = await open();
  } catch (err) {
    return failedProbe(err, false);
  }
  try {
    const c = await conditionOn(ch, family, answerMs);
    return c.problem
      ? { state: 'offline', reason: PROBLEM_STATE[c.problem] ?? 'OFFLINE', asked: true }
      : { state: 'ready', reason: 'READY', asked: true };
  } catch (err) {
    return failedProbe(err, true);
  }
}
