import { constants, createHash, randomBytes, verify, X509Certificate } from 'node:crypto';

/** A fresh nonce per verification: a replayed signature proves nothing. */
export function newChallenge(): { nonce: Buffer; digest: Buffer } {
  const nonce = randomBytes(32);
  return { nonce, digest: createHash('sha256').update(nonce).digest() };
}

/** Checks a PKCS#1 v1.5 SHA-256 signature of `nonce` against the certificate's own public key. */
export function signatureMatchesCertificate(certDer: Buffer, nonce: Buffer, signature: Buffer): boolean {
  const key = new X509Certificate(certDer).publicKey;
  if (key.asymmetricKeyType !== 'rsa') return false;
  try {
    return verify('sha256', nonce, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}
