/**
 * Stable error codes: the only failure vocabulary that crosses the contract. The renderer turns each code into
 * an Italian (or English) sentence; nothing else about a failure (no stack, no message from a library) reaches
 * the clerk.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'INTERNAL',
  'UNAVAILABLE',
  'CONFIG_INVALID',
  'DB_TOO_NEW',
  'DB_CORRUPT',
  'CARD_NOT_PRESENT',
  'CARD_UNSUPPORTED',
  'CARD_READ_FAILED',
  'MODULE_NOT_FOUND',
  'MODULE_LOAD_FAILED',
  'READER_RESTARTING',
  'PIN_INCORRECT',
  'PIN_LOCKED',
  'BACKEND_UNAVAILABLE',
  'BACKEND_REJECTED',
  'BACKEND_TIMEOUT',
  'BACKEND_MALFORMED',
  'IMPORT_INVALID',
  'NOT_PAYABLE',
  'PRINTER_UNREACHABLE',
  'PRINTER_TIMEOUT',
  'PRINT_FAILED',
  /** The chosen options were already sent to a printer: printing again must be asked for as a reprint. */
  'REPRINT_REQUIRED',
  /** No space left where the desk writes (database, configuration, files): names the file in details. */
  'DISK_FULL',
  /** The database (or its folder) cannot be written: a permissions matter, never a damaged database. */
  'DB_READ_ONLY',
  /** The act could not be recorded in the audit log, or the log's chain is broken: the act was not done. */
  'AUDIT_UNAVAILABLE',
  /** Nobody is signed in at the desk (or the desk is locked): sign in, or unlock, first. */
  'NOT_SIGNED_IN',
  'DESK_LOCKED',
  /** The signed-in operator's role does not allow this act. */
  'FORBIDDEN',
  /** Wrong operator code or password (never says which). */
  'SIGN_IN_FAILED',
  /** Too many failed sign-ins: the operator is locked out until `details.until`. */
  'OPERATOR_LOCKED_OUT',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as a value: what the contract returns instead of throwing across a process boundary. */
export interface ContractError {
  readonly code: ErrorCode;
  /** Machine-readable specifics the sentence may use (field, reason, tries left…). Never personal data. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Thrown inside services; the dispatcher turns it into a ContractError value. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, details?: Readonly<Record<string, unknown>>, options?: { cause?: unknown }) {
    super(details && typeof details['reason'] === 'string' ? `${code}: ${details['reason']}` : code, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  toContractError(): ContractError {
    return this.details === undefined ? { code: this.code } : { code: this.code, details: this.details };
  }
}

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}
