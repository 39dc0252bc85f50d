import { AppError, type ErrorCode } from '../../../core/contract/errors';

/**
 * Failures of a job whose end the printer was asked about, beside transport.ts's own. `details.reason`
 * carries them to the journal and the clerk's sentence like every transport failure.
 */
export type StatusFailure =
  | 'REFUSED'
  | 'CONNECT_TIMEOUT'
  | 'WRITE_TIMEOUT'
  | 'RESET'
  | 'IO'
  /** The printer says it is out of paper (before or after the job). */
  | 'PAPER_END'
  | 'COVER_OPEN'
  /** Cutter, mechanical or unrecoverable error. */
  | 'PRINTER_ERROR'
  | 'OFFLINE'
  /** The peer answered bytes no ESC/POS printer sends (an HTTP server on the port, another device). */
  | 'NOT_A_PRINTER'
  /** Nothing answered the status request: not a printer, or one with its back channel off. */
  | 'NO_STATUS';

const CODE: Readonly<Record<StatusFailure, ErrorCode>> = {
  REFUSED: 'PRINTER_UNREACHABLE',
  CONNECT_TIMEOUT: 'PRINTER_TIMEOUT',
  WRITE_TIMEOUT: 'PRINTER_TIMEOUT',
  RESET: 'PRINT_FAILED',
  IO: 'PRINT_FAILED',
  PAPER_END: 'PRINT_FAILED',
  COVER_OPEN: 'PRINT_FAILED',
  PRINTER_ERROR: 'PRINT_FAILED',
  OFFLINE: 'PRINT_FAILED',
  NOT_A_PRINTER: 'PRINT_FAILED',
  NO_STATUS: 'PRINTER_TIMEOUT',
};

export const transportError = (
  reason: StatusFailure,
  extra: Record<string, unknown> = {},
  cause?: unknown,
): AppError => new AppError(CODE[reason], { reason, ...extra }, cause === undefined ? undefined : { cause });
