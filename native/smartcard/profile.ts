import type { Identity } from '../../core/contract/domains/identity';
import { parseFiscalCode } from '../../core/fiscal-code';
import { chooseAuthCertificate, parseCertificate, POLICY, type CertificateFacts } from './certificate';
import { parseDatiPersonali } from './dati-personali';
import type { TokenContents, TokenFacts } from './token';
import { revocationStatus, type TrustStore } from './trust';

type CardKind = NonNullable<Identity['card']>['kind'];

export type ProfileResult =
  | {
      readonly ok: true;
      readonly identity: Identity;
      readonly auth: CertificateFacts;
      readonly keyId: string;
    }
  | {
      readonly ok: false;
      readonly code: 'CARD_UNSUPPORTED' | 'CARD_READ_FAILED';
      readonly reason: string;
      readonly kind: CardKind | null;
    };

export interface ProfileInput {
  readonly contents: TokenContents;
  readonly token: TokenFacts;
  readonly module: string;
  readonly trust: TrustStore;
  readonly crlFile: string | null;
  readonly now: Date;
}

const TS_CNS_ISSUER = /economia e delle finanze|sogei|tessera sanitaria|ts-cns/i;

/**
 * Card kind from the policy OID, with TS-CNS told apart by its issuing CA (the Ministry of Economy and Finance
 * runs the national health-card CNS; the policy OID is the plain CNS one).
 */
function kindOf(c: CertificateFacts): CardKind {
  if (c.policies.includes(POLICY.CIE)) return 'CIE';
  if (POLICY.LOMBARDIA_CRS.some((p) => c.policies.includes(p))) return 'CRS_LOMBARDIA';
  const issuerText = `${c.issuerField('O') ?? ''} ${c.issuerField('CN') ?? ''} ${c.issuerField('OU') ?? ''}`;
  if (TS_CNS_ISSUER.test(issuerText)) return 'TS_CNS';
  if (c.policies.includes(POLICY.CNS)) return 'CNS';
  return 'UNKNOWN';
}

const fail = (code: 'CARD_UNSUPPORTED' | 'CARD_READ_FAILED', reason: string, kind: CardKind | null = null) =>
  ({ ok: false, code, reason, kind }) as const;

/** Pulls the fiscal code out of a CIE-style subject serialNumber (TINIT-<CF> or IT:<CF>). */
function cfFromSerialNumber(c: CertificateFacts): string | null {
  const s = c.field('SERIAL');
  const m = s ? /^(?:TINIT-|IT:)([A-Z0-9]{16})$/i.exec(s) : null;
  return m ? (m[1] ?? null) : null;
}

/** A certificate profile (CNS, CRS, TS-CNS; CIE when its certificate is exposed) → the citizen's Identity. */
export async function identityFromToken(input: ProfileInput): Promise<ProfileResult> {
  const { contents, now } = input;
  const parsed: CertificateFacts[] = [];
  for (const c of contents.certificates) {
    try {
      parsed.push(parseCertificate(c.value));
    } catch {
      // One unreadable object must not hide a good certificate next to it.
    }
  }
  const cieToken = /\bcie\b/i.test(input.token.label) || /cie-pkcs11|ciepki/i.test(input.module);
  if (parsed.length === 0) {
    if (contents.certificates.length > 0) return fail('CARD_READ_FAILED', 'CERTIFICATE_UNREADABLE');
    // The CIE middleware shows no certificate before the one-time pairing with the full PIN.
    return cieToken
      ? fail('CARD_UNSUPPORTED', 'CIE_NOT_PAIRED', 'CIE')
      : fail('CARD_UNSUPPORTED', 'NO_CERTIFICATE');
  }
  const cie = parsed.find((c) => c.role === 'cie');
  let auth = chooseAuthCertificate(parsed);
  let rawCode: string | null = null;
  let cardId: string | null = null;
  if (!auth && cie) {
    rawCode = cfFromSerialNumber(cie);
    if (!rawCode) return fail('CARD_UNSUPPORTED', 'CIE_NOT_SUPPORTED', 'CIE');
    auth = cie;
  }
  if (!auth) return fail('CARD_UNSUPPORTED', 'NO_AUTH_CERTIFICATE');
  const kind = kindOf(auth);
  if (rawCode === null) {
    const cn = auth.field('CN') ?? '';
    // CN = <fiscal code>/<card id>.<base64 SHA-1>; the base64 part may itself hold '/', so split once.
    const slash = cn.indexOf('/');
    if (slash < 0) return fail('CARD_UNSUPPORTED', 'CN_MALFORMED', kind);
    rawCode = cn.slice(0, slash);
    const rest = cn.slice(slash + 1);
    const dot = rest.indexOf('.');
    cardId = (dot < 0 ? rest : rest.slice(0, dot)) || null;
  }
  const today = now.toISOString().slice(0, 10);
  const fc = parseFiscalCode(rawCode, { today });
  if (!fc.ok) return fail('CARD_UNSUPPORTED', `FISCAL_CODE_${fc.reason}`, kind);
  if (fc.value.kind !== 'person') return fail('CARD_UNSUPPORTED', 'FISCAL_CODE_NOT_PERSONAL', kind);
  const person = fc.value.person;

  const warnings: string[] = [];
  if (person.omocodic) warnings.push('OMOCODIC_CODE');
  if (now < auth.notBefore) warnings.push('CERT_NOT_YET_VALID');
  if (now > auth.notAfter) warnings.push('CERT_EXPIRED');
  const others = parsed.filter((c) => c !== auth).map((c) => c.der);
  const chain = input.trust.chainStatus(auth.der, others, now);
  if (chain === 'untrusted') warnings.push('CHAIN_UNTRUSTED');
  const revocation = await revocationStatus(auth.der, input.crlFile, input.trust, now);
  if (revocation === 'revoked') warnings.push('CERT_REVOKED');
  if (revocation === 'unknown') warnings.push('REVOCATION_UNKNOWN');

  let birthDate = person.birthDate;
  let personalData: NonNullable<Identity['card']>['personalData'] = 'absent';
  const ef = contents.dataObjects.find((d) => d.label === 'EF_DatiPersonali');
  let efNames: { givenName: string; surname: string } | null = null;
  if (ef) {
    const dp = ef.value ? parseDatiPersonali(ef.value) : null;
    if (!dp) {
      personalData = 'unreadable';
      warnings.push('PERSONAL_DATA_UNREADABLE');
    } else {
      const before = warnings.length;
      const efCode = parseFiscalCode(dp.fiscalCode, { today });
      // Exact codes: an omocodic variant is another person's code, so it does not match its base code.
      const efExact = efCode.ok && efCode.value.kind === 'person' ? efCode.value.person.code : dp.fiscalCode;
      if (dp.fiscalCode && efExact !== person.code) warnings.push('PERSONAL_DATA_CODE_MISMATCH');
      // The code carries only two digits of the year, so compare year mod 100 and month-day.
      if (dp.birthDate && dp.birthDate.slice(2) !== person.birthDate.slice(2))
        warnings.push('PERSONAL_DATA_BIRTHDATE_MISMATCH');
      if (dp.sex && dp.sex !== person.sex) warnings.push('PERSONAL_DATA_SEX_MISMATCH');
      personalData = warnings.length === before ? 'consistent' : 'inconsistent';
      // The file has the full year: it settles the century the code leaves open.
      if (personalData === 'consistent' && dp.birthDate) birthDate = dp.birthDate;
      efNames = { givenName: dp.givenName, surname: dp.surname };
    }
  }
  const givenName = auth.field('GN') ?? (efNames?.givenName || null);
  const surname = auth.field('SN') ?? (efNames?.surname || null);
  const identity: Identity = {
    fiscalCode: person.code,
    displayCode: person.code,
    kind: 'person',
    givenName,
    surname,
    birthDate,
    sex: person.sex,
    // The place name needs the Belfiore dataset: the desk side resolves it (see the smart card service).
    birthplace: null,
    source: 'card',
    card: {
      kind,
      cardId,
      issuer: auth.field('OU'),
      caOperator: auth.field('O'),
      notBefore: auth.notBefore.toISOString(),
      notAfter: auth.notAfter.toISOString(),
      policy: auth.policies[0] ?? null,
      module: input.module,
      chain,
      revocation,
      certificateSha256: auth.sha256,
      tokenSerial: input.token.serial,
      personalData,
    },
    warnings,
    identifiedAt: now.toISOString(),
  };
  const keyId = input.contents.certificates.find((c) => c.value.equals(auth.der))?.id ?? '';
  return { ok: true, identity, auth, keyId };
}
