import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { POLICY } from '../../../native/smartcard/certificate';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
const KEYGEN = { ...ALG, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export interface TestCa {
  readonly name: string;
  readonly cert: x509.X509Certificate;
  readonly keys: CryptoKeyPair;
  readonly der: Buffer;
  readonly pem: string;
}

const caCache = new Map<string, Promise<TestCa>>();
let holderKeys: Promise<CryptoKeyPair> | null = null;

const serial = () => '01' + randomBytes(8).toString('hex');

/** A test certification authority, one per name and process (key generation is the slow part). */
export function testCa(name = 'Sportello Test CA'): Promise<TestCa> {
  let ca = caCache.get(name);
  if (!ca) {
    ca = (async () => {
      const keys = (await webcrypto.subtle.generateKey(KEYGEN, true, ['sign', 'verify'])) as CryptoKeyPair;
      const cert = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: serial(),
        name: [{ C: ['IT'] }, { O: ['Sportello Test Trust Provider'] }, { CN: [name] }],
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2040-01-01T00:00:00Z'),
        keys,
        signingAlgorithm: ALG,
        extensions: [
          new x509.BasicConstraintsExtension(true, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        ],
      });
      return { name, cert, keys, der: Buffer.from(cert.rawData), pem: cert.toString('pem') };
    })();
    caCache.set(name, ca);
  }
  return ca;
}

/** One key pair shared by every test holder certificate: the certificates still differ (subject, serial). */
export function holderKeyPair(): Promise<CryptoKeyPair> {
  holderKeys ??= webcrypto.subtle.generateKey(KEYGEN, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
  return holderKeys;
}

/** `modulusLength` 1024 for cards whose middleware assumes it (OpenSC's Italian CNS driver). */
export async function freshKeyPair(modulusLength = 2048): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey({ ...KEYGEN, modulusLength }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
}

export interface HolderCertOptions {
  readonly ca: TestCa;
  readonly keys: CryptoKeyPair;
  /** The full CN, e.g. `RSSMRA80A01H501U/1234567890123456.abc/def+=`. */
  readonly cn: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly serialNumberAttr?: string;
  readonly ou?: string;
  readonly o?: string;
  readonly policies: readonly string[];
  readonly usage: 'authentication' | 'signature';
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

/** A holder certificate shaped like a card's: attributes by OID, policies and key usage as the profile says. */
export async function holderCertificate(o: HolderCertOptions): Promise<Buffer> {
  const subject: x509.JsonName = [
    { '2.5.4.6': ['IT'] },
    { '2.5.4.10': [o.o ?? 'Sportello Test Trust Provider'] },
    { '2.5.4.11': [o.ou ?? 'REGIONE DI PROVA'] },
    { '2.5.4.3': [o.cn] },
  ];
  if (o.serialNumberAttr) subject.push({ '2.5.4.5': [o.serialNumberAttr] });
  if (o.givenName) subject.push({ '2.5.4.42': [o.givenName] });
  if (o.surname) subject.push({ '2.5.4.4': [o.surname] });
  const usages =
    o.usage === 'authentication'
      ? x509.KeyUsageFlags.digitalSignature
      : x509.KeyUsageFlags.nonRepudiation | x509.KeyUsageFlags.digitalSignature;
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(usages, true),
    new x509.BasicConstraintsExtension(false),
  ];
  if (o.policies.length > 0) extensions.push(new x509.CertificatePolicyExtension([...o.policies]));
  if (o.usage === 'authentication')
    extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject,
    issuer: o.ca.cert.subjectName,
    notBefore: o.notBefore ?? new Date(Date.now() - 86_400_000),
    notAfter: o.notAfter ?? new Date(Date.now() + 5 * 365 * 86_400_000),
    publicKey: o.keys.publicKey,
    signingKey: o.ca.keys.privateKey,
    signingAlgorithm: ALG,
    extensions,
  });
  return Buffer.from(cert.rawData);
}

/** A CRL from `ca` revoking the given certificates. */
export async function testCrl(ca: TestCa, revoked: readonly Buffer[]): Promise<string> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.cert.subjectName,
    thisUpdate: new Date(Date.now() - 3_600_000),
    nextUpdate: new Date(Date.now() + 7 * 86_400_000),
    signingAlgorithm: ALG,
    signingKey: ca.keys.privateKey,
    entries: revoked.map((der) => ({
      serialNumber: new x509.X509Certificate(new Uint8Array(der)).serialNumber,
      revocationDate: new Date(Date.now() - 60_000),
    })),
  });
  return crl.toString('pem');
}

export async function pkcs8Pem(keys: CryptoKeyPair): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

export { POLICY };
