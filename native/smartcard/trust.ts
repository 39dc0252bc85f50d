import 'reflect-metadata';
import { X509Certificate as NodeCert } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate, X509Crl } from '@peculiar/x509';

export type ChainStatus = 'verified' | 'unverified' | 'untrusted';
export type RevocationStatus = 'not-checked' | 'good' | 'revoked' | 'unknown';

function certsInFile(file: string): NodeCert[] {
  const buf = readFileSync(file);
  const text = buf.toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    return blocks.map((b) => new NodeCert(b));
  }
  return [new NodeCert(buf)];
}

/**
 * The desk's trust bundle: a folder of CA certificates (PEM or DER, e.g. the AgID "IdV" CAs exported from the
 * eIDAS trusted list). Files that do not parse are skipped and counted, so the doctor can say so.
 */
export class TrustStore {
  readonly anchors: NodeCert[] = [];
  readonly skipped: string[] = [];

  constructor(readonly dir: string | null) {
    if (!dir) return;
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      this.skipped.push(dir);
      return;
    }
    for (const n of names) {
      const f = join(dir, n);
      try {
        if (!statSync(f).isFile()) continue;
        this.anchors.push(...certsInFile(f));
      } catch {
        this.skipped.push(n);
      }
    }
  }

  /**
   * `unverified` when no bundle is configured (nothing was checked), `verified` when the certificate chains
   * to an anchor through issuers found on the card or in the bundle, `untrusted` otherwise.
   */
  chainStatus(leafDer: Buffer, intermediatesDer: readonly Buffer[], at: Date): ChainStatus {
    if (!this.dir) return 'unverified';
    let current = new NodeCert(leafDer);
    const pool = [...intermediatesDer.map((d) => new NodeCert(d)), ...this.anchors];
    for (let depth = 0; depth < 8; depth++) {
      const issuer = pool.find((c) => current.checkIssued(c) && current.verify(c.publicKey));
      if (!issuer) return 'untrusted';
      if (new Date(issuer.validTo) < at) return 'untrusted';
      if (this.anchors.some((a) => a.fingerprint256 === issuer.fingerprint256)) return 'verified';
      current = issuer;
    }
    return 'untrusted';
  }

  issuerOf(leafDer: Buffer): NodeCert | null {
    const leaf = new NodeCert(leafDer);
    return this.anchors.find((c) => leaf.checkIssued(c) && leaf.verify(c.publicKey)) ?? null;
  }
}

/**
 * Revocation against a CRL file: one the administrator keeps fresh (offline desks), or the one the desk
 * downloads from `smartcard.crlUrl` (electron/services/smartcard/crl-refresher.ts); the device process itself
 * goes on no network. Without a file the status is `not-checked`, never assumed good. A CRL that is
 * unreadable, from another issuer, badly signed or past its nextUpdate gives `unknown`.
 */
export async function revocationStatus(
  leafDer: Buffer,
  crlFile: string | null,
  trust: TrustStore,
  at: Date,
): Promise<RevocationStatus> {
  if (!crlFile) return 'not-checked';
  try {
    const raw = readFileSync(crlFile);
    const text = raw.toString('latin1');
    const crl = new X509Crl(text.includes('-----BEGIN') ? text : new Uint8Array(raw));
    const leaf = new X509Certificate(new Uint8Array(leafDer));
    if (crl.issuer !== leaf.issuer) return 'unknown';
    const issuer = trust.issuerOf(leafDer);
    if (!issuer) return 'unknown';
    const issuerCert = new X509Certificate(new Uint8Array(issuer.raw));
    if (!(await crl.verify({ publicKey: issuerCert }))) return 'unknown';
    if (crl.nextUpdate && crl.nextUpdate < at) return 'unknown';
    return crl.findRevoked(leaf) ? 'revoked' : 'good';
  } catch {
    return 'unknown';
  }
}
