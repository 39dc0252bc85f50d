import { AppError, type ErrorCode } from '../../core/contract/errors';
import type { StatusFamily } from './status/confirm';
import type { ProbeResult } from './status/probe';

export type { ProbeReason, ProbeResult, ProbeState } from './status/probe';

export type TransportFailure =
  | 'REFUSED'
  | 'CONNECT_TIMEOUT'
  /** The printer stopped reading: the bytes could not all be handed over in time. */
  | 'WRITE_TIMEOUT'
  /** Every byte was handed to the OS but the printer never closed the connection: it may or may not print. */
  | 'UNCONFIRMED'
  | 'RESET'
  | 'NOT_FOUND'
  | 'ACCESS_DENIED'
  | 'IO'
  | 'DRIVER_MISSING'
  | 'BAD_URI'
  /** A path interface that is not a printer device (a file, a directory, a FIFO…): nothing is written. */
  | 'NOT_A_DEVICE';

const CODE: Readonly<Record<TransportFailure, ErrorCode>> = {
  REFUSED: 'PRINTER_UNREACHABLE',
  CONNECT_TIMEOUT: 'PRINTER_TIMEOUT',
  WRITE_TIMEOUT: 'PRINTER_TIMEOUT',
  UNCONFIRMED: 'PRINTER_TIMEOUT',
  RESET: 'PRINT_FAILED',
  NOT_FOUND: 'PRINTER_UNREACHABLE',
  ACCESS_DENIED: 'PRINTER_UNREACHABLE',
  IO: 'PRINT_FAILED',
  DRIVER_MISSING: 'PRINTER_UNREACHABLE',
  BAD_URI: 'INVALID_INPUT',
  NOT_A_DEVICE: 'INVALID_INPUT',
};

export const transportError = (
  reason: TransportFailure,
  extra: Record<string, unknown> = {},
  cause?: unknown,
) => new AppError(CODE[reason], { reason, ...extra }, cause === undefined ? undefined : { cause });

export interface SendResult {
  /** Bytes handed to the printer connection or device. "Sent", never "printed". */
  readonly bytes: number;
  readonly ms: number;
  /** The printer confirmed the job done (only with `confirm: 'status'`). */
  readonly printed?: boolean;
}

/** A status request is answered within milliseconds: the probe waits no longer than this, or the timeout. */
export const PROBE_ANSWER_MS = 2000;

export interface Transport {
  readonly uri: string;
  send(bytes: Uint8Array): Promise<SendResult>;
  probe(): Promise<ProbeResult>;
}

export interface TransportOptions {
  /** Connect, idle and confirmation timeout. */
  readonly timeoutMs: number;
  /**
   * `peer-close` (default): over TCP, a job is sent once the printer has read to the end and closed its side,
   * as raw port-9100 printers do. `flushed`: once the bytes are handed to the OS (for printers that keep the
   * connection open).
   */
  readonly confirm?: 'peer-close' | 'flushed' | 'status';
  /** Whose status answers to read with `confirm: 'status'`. */
  readonly family?: StatusFamily;
  /** Serial line speed to set with the raw mode (device paths that are terminals only); null keeps the port's. */
  readonly baud?: number | null;
  /** Module name of an optional spooler driver for `printer:NAME` (e.g. `@thiagoelg/node-printer`). */
  readonly spoolerDriver?: string | null;
}
