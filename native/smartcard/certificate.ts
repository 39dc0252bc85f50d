import 'reflect-metadata';
import { createHash } from 'node:crypto';
import {
  CertificatePolicyExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  X509Certificate,
} from '@peculiar/x509';

/** Certificate policy OIDs that identify the holder of an Italian card (smartcards.md). */
export const POLICY = {
  CNS: '1.3.76.16.2.1',
  LOMBARDIA_CRS: ['1.3.159.6.1.3.2.10', '1.3.76.12.1.1.10.2.2.10'],
  CIE: '1.3.76.47.4',
} as const;

const OID = {
  CN: '2.5.4.3',
  SN: '2.5.4.4',
  SERIAL: '2.5.4.5',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  GN: '2.5.4.42',
} as const;

export type CertificateRole = 'authentication' | 'signature' | 'cie' | 'other';

export interface CertificateFacts {
  readonly der: Buffer;
  readonly sha256: string;
  readonly x509: X509Certificate;
  readonly subject: string;
  readonly issuer: string;
  readonly field: (which: keyof typeof OID) => string | null;
  readonly issuerField: (which: keyof typeof OID) => string | null;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly policies: readonly string[];
  readonly keyUsage: readonly string[];
  readonly digitalSignature: boolean;
  readonly nonRepudiation: boolean;
  readonly role: CertificateRole;
}

const USAGE_NAMES: [KeyUsageFlags, string][] = [
  [KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [KeyUsageFlags.cRLSign, 'cRLSign'],
];

/** Throws on a blob that is not an X.509 certificate; the caller turns that into CERTIFICATE_UNREADABLE. */
export function parseCertificate(der: Buffer): CertificateFacts {
  const x509 = new X509Certificate(new Uint8Array(der));
  const ku = x509.getExtension(KeyUsagesExtension);
  const usages = ku ? ku.usages : 0;
  const cp = x509.getExtension(CertificatePolicyExtension);
  const policies = cp ? [...cp.policies] : [];
  const digitalSignature = (usages & KeyUsageFlags.digitalSignature) !== 0;
  const nonRepudiation = (usages & KeyUsageFlags.nonRepudiation) !== 0;
  // By OID, never by parsing a printed DN: printers escape '+' and some print G= for GN.
  const first = (values: string[]) => (values.length > 0 ? (values[0] ?? null) : null);
  const field = (which: keyof typeof OID) => first(x509.subjectName.getField(OID[which]));
  const issuerField = (which: keyof typeof OID) => first(x509.issuerName.getField(OID[which]));
  return {
    der,
    sha256: createHash('sha256').update(der).digest('hex'),
    x509,
    subject: x509.subject,
    issuer: x509.issuer,
    field,
    issuerField,
    notBefore: x509.notBefore,
    notAfter: x509.notAfter,
    policies,
    keyUsage: USAGE_NAMES.filter(([f]) => (usages & f) !== 0).map(([, n]) => n),
    digitalSignature,
    nonRepudiation,
    role: roleOf(policies, digitalSignature, nonRepudiation),
  };
}

function roleOf(
  policies: readonly string[],
  digitalSignature: boolean,
  nonRepudiation: boolean,
): CertificateRole {
  if (policies.includes(POLICY.CIE)) return 'cie';
  // A qualified signature certificate carries nonRepudiation; the authentication one never does.
  if (nonRepudiation) return 'signature';
  const auth = policies.includes(POLICY.CNS) || POLICY.LOMBARDIA_CRS.some((p) => policies.includes(p));
  return auth && digitalSignature ? 'authentication' : 'other';
}

/**
 * The certificate that identifies the holder: by policy OID and key usage, never by position on the token.
 * With no CNS policy anywhere, a digital-signature certificate whose CN has the CNS shape is accepted as a
 * fallback (some regional cards predate the policy OID); the profile check then decides.
 */
export function chooseAuthCertificate(certs: readonly CertificateFacts[]): CertificateFacts | null {
  const auth = certs.find((c) => c.role === 'authentication');
  if (auth) return auth;
  return (
    certs.find(
      (c) => c.role === 'other' && c.digitalSignature && /^[A-Z0-9]{16}\//i.test(c.field('CN') ?? ''),
    ) ?? null
  );
}
