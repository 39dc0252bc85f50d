import type { PinFlags } from '../../core/contract/domains/identity';
import { newChallenge, signatureMatchesCertificate } from './challenge';
import { classifyPkcs11Error, ckrOf } from './pkcs11-errors';
import type { FromDevice } from './protocol';
import { safe, type Watched } from './watched-module';

export type PinAnswer = Extract<FromDevice, { type: 'pinResult' }>['result'];

/**
 * The module will not make this card sign: the PIN may well be right, but there is no proof of possession to
 * be had through it. OpenSC 0.23's CNS driver declares RSA-1024 only and answers a 2048-bit CNS so
 * (opensc-cns.test.ts).
 */
const SIGNING_REFUSED = new Set([
  'CKR_FUNCTION_NOT_SUPPORTED',
  'CKR_MECHANISM_INVALID',
  'CKR_MECHANISM_PARAM_INVALID',
  'CKR_KEY_SIZE_RANGE',
  'CKR_KEY_TYPE_INCONSISTENT',
  'CKR_KEY_FUNCTION_NOT_PERMITTED',
]);

/**
 * The PIN check, proof of possession: the holder's PIN unlocks the card's key, the key signs a fresh nonce, and
 * the signature is checked against the certificate the card was identified by. Never retried here.
 */
export function checkPin(watched: readonly Watched[], cardKey: string, pin: string): PinAnswer {
  const found = watched.flatMap((w) =>
    [...w.tokens.values()].filter((t) => t.cardKey === cardKey).map((t) => ({ w, t })),
  )[0];
  const mod = found?.w.mod;
  const certDer = found?.t.certDer;
  if (!found || !mod || !certDer)
    return { ok: false, code: 'CARD_NOT_PRESENT', reason: 'CARD_GONE', pinFlags: null };
  const { w, t } = found;
  let slot: Buffer | undefined;
  let flags: PinFlags | null = null;
  try {
    // Looked up again by serial, and by label among a card's slots (see tokenKeyOf): the handle from the read
    // may belong to another card by now.
    for (const s of mod.slotsWithToken()) {
      const f = mod.token(s);
      if (f.serial === t.serial && f.label === t.authLabel) {
        slot = s;
        flags = f.pinFlags;
        break;
      }
    }
  } catch (err) {
    w.needsReinit = true;
    return { ok: false, code: 'CARD_NOT_PRESENT', reason: ckrOf(err), pinFlags: null };
  }
  if (!slot || !flags) {
    return { ok: false, code: 'CARD_NOT_PRESENT', reason: 'CARD_GONE', pinFlags: null };
  }
  // CKF_USER_PIN_LOCKED is not taken as the card's word: OpenSC's CNS driver cannot ask a CNS for its tries and
  // reports every CNS locked until a login (opensc-cns.test.ts). Offering the PIN is safe either way: a card
  // whose PIN is really blocked refuses it (CKR_PIN_LOCKED) and nothing on it changes.
  const challenge = newChallenge();
  let signature: Buffer;
  try {
    signature = mod.signWithPin(slot, t.keyId, pin, challenge).signature;
  } catch (err) {
    const cls = classifyPkcs11Error(err);
    const after = safe(() => mod.token(slot).pinFlags, null);
    if (cls === 'gone' || cls === 'other') w.needsReinit = true;
    if (cls === 'pin-incorrect')
      return { ok: false, code: 'PIN_INCORRECT', reason: 'CKR_PIN_INCORRECT', pinFlags: after };
    if (cls === 'pin-locked')
      return { ok: false, code: 'PIN_LOCKED', reason: 'CKR_PIN_LOCKED', pinFlags: after };
    if (cls === 'pin-range')
      return { ok: false, code: 'INVALID_INPUT', reason: 'PIN_LENGTH', pinFlags: after };
    if (cls === 'gone') return { ok: false, code: 'CARD_NOT_PRESENT', reason: ckrOf(err), pinFlags: null };
    if (err instanceof Error && err.message === 'NO_PRIVATE_KEY')
      return { ok: false, code: 'CARD_UNSUPPORTED', reason: 'NO_PRIVATE_KEY', pinFlags: after };
    if (SIGNING_REFUSED.has(ckrOf(err)))
      return { ok: false, code: 'CARD_UNSUPPORTED', reason: 'SIGNING_NOT_SUPPORTED', pinFlags: after };
    return { ok: false, code: 'CARD_READ_FAILED', reason: ckrOf(err), pinFlags: after };
  }
  const after = safe(() => mod.token(slot).pinFlags, flags);
  if (!signatureMatchesCertificate(certDer, challenge.nonce, signature)) {
    // The key that signed is not the certificate's: the card is not what it claims to be.
    return { ok: false, code: 'CARD_UNSUPPORTED', reason: 'KEY_MISMATCH', pinFlags: after };
  }
  return { ok: true, pinFlags: after };
}
