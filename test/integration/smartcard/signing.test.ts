import pkcs11js from 'pkcs11js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newChallenge, signatureMatchesCertificate } from '../../../native/smartcard/challenge';
import { Pkcs11Module } from '../../../native/smartcard/token';
import { buildCard } from '../../support/softhsm/cards';
import { SoftHsm, TEST_PIN } from '../../support/softhsm/softhsm';

/**
 * Proof of possession on a real SoftHSM token through pkcs11js: the token hashes itself when it lists
 * CKM_SHA256_RSA_PKCS, and the CKM_RSA_PKCS + own DigestInfo fallback (what older CNS middlewares offer) gives
 * the same, verifiable signature.
 */
const hsm = new SoftHsm();
let mod: Pkcs11Module;
let slot: Buffer;
let cert: { id: string; value: Buffer };

beforeAll(async () => {
  process.env['SOFTHSM2_CONF'] = hsm.conf;
  const content = await buildCard();
  await hsm.insert(content);
  mod = new Pkcs11Module(hsm.module);
  mod.load();
  const found = mod.slotsWithToken().find((s) => mod.token(s).initialized);
  if (!found) throw new Error('SoftHSM token not listed');
  slot = found;
  const certs = mod.readContents(slot).certificates;
  const auth = certs.find((c) => c.id === content.objects[0]!.id);
  if (!auth) throw new Error('authentication certificate not on the token');
  cert = auth;
});
afterAll(() => {
  mod?.close();
  hsm.dispose();
});

describe('signing the challenge', () => {
  test('SoftHSM lists CKM_SHA256_RSA_PKCS, so the token hashes the nonce itself', () => {
    expect(mod.mechanisms(slot)).toContain(pkcs11js.CKM_SHA256_RSA_PKCS);
    const challenge = newChallenge();
    const r = mod.signWithPin(slot, cert.id, TEST_PIN, challenge);
    expect(r.mechanism).toBe('CKM_SHA256_RSA_PKCS');
    expect(signatureMatchesCertificate(cert.value, challenge.nonce, r.signature)).toBe(true);
  });

  test('without on-card hashing, CKM_RSA_PKCS over our DigestInfo gives the same verifiable signature', () => {
    const challenge = newChallenge();
    const fallback = mod.signWithPin(slot, cert.id, TEST_PIN, challenge, false);
    expect(fallback.mechanism).toBe('CKM_RSA_PKCS');
    expect(signatureMatchesCertificate(cert.value, challenge.nonce, fallback.signature)).toBe(true);
    // PKCS#1 v1.5 is deterministic: both paths must produce the very same bytes for the same nonce.
    const onCard = mod.signWithPin(slot, cert.id, TEST_PIN, challenge);
    expect(onCard.signature.equals(fallback.signature)).toBe(true);
  });

  test('a signature over another nonce does not verify (the check is not a formality)', () => {
    const a = newChallenge();
    const b = newChallenge();
    const r = mod.signWithPin(slot, cert.id, TEST_PIN, a);
    expect(signatureMatchesCertificate(cert.value, b.nonce, r.signature)).toBe(false);
  });

  test('a wrong PIN fails in C_Login, before any mechanism is chosen', () => {
    expect(() => mod.signWithPin(slot, cert.id, '0000000', newChallenge())).toThrow(/CKR_PIN_INCORRECT/);
  });
});
