import { encodeDatiPersonali } from '../../../native/smartcard/dati-personali';
import { freshKeyPair, holderCertificate, holderKeyPair, POLICY, testCa, type TestCa } from './certificates';

/** What goes on a test token: certificates with their keys, and data objects. */
export interface CardContent {
  readonly objects: readonly {
    readonly label: string;
    readonly id: string;
    readonly cert: Buffer;
    readonly keys: CryptoKeyPair;
  }[];
  readonly data: readonly { readonly label: string; readonly value: Buffer }[];
}

export type CardProfile =
  | 'CNS'
  | 'CRS_LOMBARDIA'
  | 'TS_CNS_WITH_SIGNATURE'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'NON_CNS'
  | 'MALFORMED_CN'
  | 'WRONG_CHECK'
  | 'OMOCODIC'
  | 'CIE';

export interface CardSpec {
  readonly profile?: CardProfile;
  readonly fiscalCode?: string;
  readonly givenName?: string;
  readonly surname?: string;
  readonly cardId?: string;
  /** EF_DatiPersonali: absent (default), matching the code, contradicting it, or not in the format. */
  readonly datiPersonali?: 'absent' | 'consistent' | 'contradicting' | 'garbage';
  /** A private key that does not belong to the certificate (a forged card). */
  readonly mismatchedKey?: boolean;
  /** The holder key's size: 2048 (shared, fast) unless a card needs its own 1024-bit key. */
  readonly keyBits?: 1024 | 2048;
}

export const TS_CNS_CA = 'Ministero dell’Economia e delle Finanze TS-CNS Test CA';

/** Builds a card's content from the test CA(s) per the CNS profile variant asked for. */
export async function buildCard(spec: CardSpec = {}): Promise<CardContent & { ca: TestCa }> {
  const profile = spec.profile ?? 'CNS';
  const cf =
    spec.fiscalCode ??
    (profile === 'WRONG_CHECK'
      ? 'RSSMRA80A01H501X'
      : profile === 'OMOCODIC'
        ? 'RSSMRA80A01H50MM'
        : 'RSSMRA80A01H501U');
  const gn = spec.givenName ?? 'MARIO';
  const sn = spec.surname ?? 'ROSSI';
  const cardId = spec.cardId ?? '6120016461039008';
  const ca = await testCa(profile === 'TS_CNS_WITH_SIGNATURE' ? TS_CNS_CA : undefined);
  const keys = spec.keyBits === 1024 ? await freshKeyPair(1024) : await holderKeyPair();
  // The base64 tail may hold '/', '+' and '=': the profile must split the CN on the first '/' only.
  const cn = profile === 'MALFORMED_CN' ? `${cf} ${cardId}` : `${cf}/${cardId}.i1ZpZfaCX/eKyik+nF8to+M2T8=`;
  const policies =
    profile === 'CRS_LOMBARDIA'
      ? [POLICY.LOMBARDIA_CRS[0]]
      : profile === 'NON_CNS'
        ? ['1.2.3.4.5']
        : profile === 'CIE'
          ? [POLICY.CIE]
          : [POLICY.CNS];
  const day = 86_400_000;
  const validity =
    profile === 'EXPIRED'
      ? { notBefore: new Date(Date.now() - 800 * day), notAfter: new Date(Date.now() - 30 * day) }
      : profile === 'NOT_YET_VALID'
        ? { notBefore: new Date(Date.now() + 30 * day), notAfter: new Date(Date.now() + 800 * day) }
        : {};
  const objects: { label: string; id: string; cert: Buffer; keys: CryptoKeyPair }[] = [];
  if (profile === 'TS_CNS_WITH_SIGNATURE') {
    // The qualified signature certificate first, so that picking by position would pick the wrong one.
    const sigKeys = await freshKeyPair();
    const sig = await holderCertificate({
      ca,
      keys: sigKeys,
      cn: `${sn} ${gn}`,
      serialNumberAttr: `TINIT-${cf}`,
      givenName: gn,
      surname: sn,
      policies: ['1.3.76.99.1.1'],
      usage: 'signature',
    });
    objects.push({ label: 'FIRMA', id: '02', cert: sig, keys: sigKeys });
  }
  const auth = await holderCertificate({
    ca,
    keys,
    cn: profile === 'NON_CNS' ? `${gn} ${sn}` : cn,
    givenName: gn,
    surname: sn,
    policies,
    usage: 'authentication',
    ...(profile === 'CIE' ? { serialNumberAttr: `TINIT-${cf}`, cn: `${gn} ${sn}` } : {}),
    ...validity,
  });
  objects.push({
    label: 'CNS0',
    id: '01',
    cert: auth,
    keys: spec.mismatchedKey ? await freshKeyPair() : keys,
  });
  const data: { label: string; value: Buffer }[] = [];
  const dp = spec.datiPersonali ?? 'absent';
  if (dp === 'garbage') data.push({ label: 'EF_DatiPersonali', value: Buffer.from('not the CNS format') });
  else if (dp !== 'absent') {
    data.push({
      label: 'EF_DatiPersonali',
      value: encodeDatiPersonali({
        issuer: 'REGIONE DI PROVA',
        issueDate: '01012024',
        expiryDate: '01012030',
        surname: sn,
        givenName: gn,
        birthDate: dp === 'contradicting' ? '02011980' : '01011980',
        sex: dp === 'contradicting' ? 'F' : 'M',
        height: '',
        fiscalCode: cf,
      }),
    });
  }
  return { objects, data, ca };
}
