/** What the device process does after a PKCS#11 error, by the CKR code inside pkcs11js's message. */
export type Pkcs11ErrorClass = 'gone' | 'reinit' | 'pin-incorrect' | 'pin-locked' | 'pin-range' | 'other';

export function ckrOf(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return /CKR_[A-Z_]+/.exec(m)?.[0] ?? 'UNKNOWN';
}

export function classifyPkcs11Error(err: unknown): Pkcs11ErrorClass {
  switch (ckrOf(err)) {
    case 'CKR_DEVICE_REMOVED':
    case 'CKR_TOKEN_NOT_PRESENT':
    case 'CKR_TOKEN_NOT_RECOGNIZED':
    case 'CKR_SLOT_ID_INVALID':
      return 'gone';
    case 'CKR_SESSION_HANDLE_INVALID':
    case 'CKR_SESSION_CLOSED':
    case 'CKR_GENERAL_ERROR':
    case 'CKR_DEVICE_ERROR':
    case 'CKR_CRYPTOKI_NOT_INITIALIZED':
    case 'CKR_FUNCTION_FAILED':
      return 'reinit';
    case 'CKR_PIN_INCORRECT':
      return 'pin-incorrect';
    case 'CKR_PIN_LOCKED':
      return 'pin-locked';
    case 'CKR_PIN_LEN_RANGE':
      return 'pin-range';
    default:
      return 'other';
  }
}
