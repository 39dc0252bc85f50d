import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DeviceRuntime } from '../../../native/smartcard/runtime';
import type { CardRead, FromDevice } from '../../../native/smartcard/protocol';
import { buildCard, type CardSpec } from '../../support/softhsm/cards';
import { testCa, testCrl } from '../../support/softhsm/certificates';
import { SoftHsm } from '../../support/softhsm/softhsm';
import { waitFor } from '../../support/wait';

/**
 * Every CNS profile variant on real SoftHSM tokens, read through the real pkcs11js path by the device runtime
 * (in this process, so each card's outcome can be looked at directly). All tokens sit in the "readers" at once:
 * it also shows several cards being watched side by side.
 */
const hsm = new SoftHsm();
const messages: FromDevice[] = [];
let runtime: DeviceRuntime;
const labels = new Map<string, CardSpec>();
/** Token label → serial: a card is keyed by its serial (runtime.ts, tokenKeyOf). */
const serials = new Map<string, string>();

const variants: Record<string, CardSpec> = {
  cns: { profile: 'CNS', datiPersonali: 'consistent', givenName: 'ANNA MARIA', surname: 'DE LUCA' },
  lombardia: { profile: 'CRS_LOMBARDIA' },
  tscns: { profile: 'TS_CNS_WITH_SIGNATURE' },
  expired: { profile: 'EXPIRED', fiscalCode: 'VRDLGU75C41F205E' },
  future: { profile: 'NOT_YET_VALID', fiscalCode: 'BNCLRA85T50L219P' },
  noncns: { profile: 'NON_CNS' },
  malformed: { profile: 'MALFORMED_CN' },
  wrongcheck: { profile: 'WRONG_CHECK' },
  omocodic: { profile: 'OMOCODIC' },
  contradicting: { profile: 'CNS', datiPersonali: 'contradicting', fiscalCode: 'GLLPRI90B12A794T' },
  garbage: { profile: 'CNS', datiPersonali: 'garbage', fiscalCode: 'CLMGNN70M05L736L' },
  cie: { profile: 'CIE', fiscalCode: 'FRRLCU88E20D612H' },
};

const cardFor = (label: string): CardRead | undefined =>
  messages.flatMap((m) => (m.type === 'card' && m.card.tokenLabel === label ? [m.card] : []))[0];
const errorFor = (label: string) =>
  messages.flatMap((m) => (m.type === 'cardError' && m.tokenKey === serials.get(label) ? [m] : []))[0];

beforeAll(async () => {
  process.env['SOFTHSM2_CONF'] = hsm.conf;
  const ca = await testCa();
  writeFileSync(join(hsm.root, 'ca.pem'), ca.pem);
  for (const [name, spec] of Object.entries(variants)) {
    const t = await hsm.insert(await buildCard(spec), `T-${name}`);
    labels.set(t.label, spec);
    serials.set(t.label, t.serial);
  }
  runtime = new DeviceRuntime((m) => messages.push(m));
  runtime.handle({
    type: 'configure',
    config: {
      modules: [hsm.module],
      useDefaultModules: false,
      pollIntervalMs: 100,
      trustDir: hsm.root,
      crlFile: null,
    },
  });
  await waitFor(() => [...labels.keys()].every((l) => cardFor(l) || errorFor(l)), 30_000, 'every token read');
}, 120_000);

afterAll(() => {
  runtime?.stop();
  hsm.dispose();
});

describe('CNS profile → identity, on SoftHSM tokens', () => {
  test('a CNS: fiscal code, names by OID, card id from the CN, issuer and CA operator, chain verified', () => {
    const c = cardFor('T-cns');
    expect(c).toBeDefined();
    const id = c!.identity;
    expect(id.fiscalCode).toBe('RSSMRA80A01H501U');
    expect(id.givenName).toBe('ANNA MARIA');
    expect(id.surname).toBe('DE LUCA');
    expect(id.sex).toBe('M');
    expect(id.birthDate).toBe('1980-01-01');
    expect(id.card).toMatchObject({
      kind: 'CNS',
      cardId: '6120016461039008',
      issuer: 'REGIONE DI PROVA',
      caOperator: 'Sportello Test Trust Provider',
      policy: '1.3.76.16.2.1',
      module: hsm.module,
      chain: 'verified',
      revocation: 'not-checked',
      personalData: 'consistent',
    });
    expect(id.warnings).toEqual([]);
    expect(c!.key).toBe(`${id.card!.tokenSerial}:${id.card!.certificateSha256}`);
  });

  test('Lombardia CRS is recognised by its policy OID', () => {
    expect(cardFor('T-lombardia')?.identity.card?.kind).toBe('CRS_LOMBARDIA');
  });

  test('a TS-CNS holding a qualified signature certificate first: the authentication one is chosen', () => {
    const c = cardFor('T-tscns');
    expect(c?.identity.card?.kind).toBe('TS_CNS');
    expect(c?.identity.card?.policy).toBe('1.3.76.16.2.1');
    expect(c?.identity.fiscalCode).toBe('RSSMRA80A01H501U');
    // Issued by another CA, absent from the trust folder.
    expect(c?.identity.card?.chain).toBe('untrusted');
    expect(c?.identity.warnings).toContain('CHAIN_UNTRUSTED');
  });

  test('expired and not-yet-valid certificates identify with a warning the clerk sees', () => {
    expect(cardFor('T-expired')?.identity.warnings).toContain('CERT_EXPIRED');
    expect(cardFor('T-future')?.identity.warnings).toContain('CERT_NOT_YET_VALID');
    expect(cardFor('T-expired')?.identity.sex).toBe('F');
  });

  test('a certificate without the CNS profile is refused as unsupported', () => {
    expect(errorFor('T-noncns')).toMatchObject({ code: 'CARD_UNSUPPORTED', reason: 'NO_AUTH_CERTIFICATE' });
  });

  test('a CN without the fiscal-code/card-id shape is refused', () => {
    expect(errorFor('T-malformed')).toMatchObject({
      code: 'CARD_UNSUPPORTED',
      reason: 'CN_MALFORMED',
      kind: 'CNS',
    });
  });

  test('a fiscal code with a wrong check character is refused with the core rule that failed', () => {
    expect(errorFor('T-wrongcheck')).toMatchObject({
      code: 'CARD_UNSUPPORTED',
      reason: 'FISCAL_CODE_CHECK_CHARACTER',
    });
  });

  test('an omocodic code is kept as issued (another person than its base code), decoded, and flagged', () => {
    const id = cardFor('T-omocodic')?.identity;
    expect(id?.fiscalCode).toBe('RSSMRA80A01H50MM');
    expect(id?.displayCode).toBe('RSSMRA80A01H50MM');
    expect(id?.birthDate).toBe('1980-01-01');
    expect(id?.warnings).toContain('OMOCODIC_CODE');
  });

  test('EF_DatiPersonali contradicting the fiscal code gives warnings; an unreadable one too', () => {
    const c = cardFor('T-contradicting')?.identity;
    expect(c?.card?.personalData).toBe('inconsistent');
    expect(c?.warnings).toEqual(['PERSONAL_DATA_BIRTHDATE_MISMATCH', 'PERSONAL_DATA_SEX_MISMATCH']);
    const g = cardFor('T-garbage')?.identity;
    expect(g?.card?.personalData).toBe('unreadable');
    expect(g?.warnings).toContain('PERSONAL_DATA_UNREADABLE');
    expect(cardFor('T-lombardia')?.identity.card?.personalData).toBe('absent');
  });

  test('a CIE certificate is recognised as CIE', () => {
    const c = cardFor('T-cie');
    expect(c?.identity.card?.kind).toBe('CIE');
    expect(c?.identity.fiscalCode).toBe('FRRLCU88E20D612H');
  });

  test('revocation from a CRL file is checked and reported', async () => {
    const ca = await testCa();
    const revokedCard = await buildCard({ fiscalCode: 'MRNGPP60A01F839N' });
    const crlFile = join(hsm.root, 'test.crl');
    writeFileSync(crlFile, await testCrl(ca, [revokedCard.objects[0]!.cert]));
    const local: FromDevice[] = [];
    const rt = new DeviceRuntime((m) => local.push(m));
    rt.handle({
      type: 'configure',
      config: {
        modules: [hsm.module],
        useDefaultModules: false,
        pollIntervalMs: 100,
        trustDir: hsm.root,
        crlFile,
      },
    });
    const t = await hsm.insert(revokedCard, 'T-revoked');
    const cards = await waitFor(
      () => {
        const all = local.flatMap((m) => (m.type === 'card' ? [m.card] : []));
        return all.some((c) => c.tokenLabel === 'T-revoked') && all.some((c) => c.tokenLabel === 'T-cns')
          ? all
          : undefined;
      },
      15_000,
      'revoked card read',
    );
    rt.stop();
    hsm.remove(t);
    const revoked = cards.find((c) => c.tokenLabel === 'T-revoked')!.identity;
    expect(revoked.card?.revocation).toBe('revoked');
    expect(revoked.warnings).toContain('CERT_REVOKED');
    expect(cards.find((c) => c.tokenLabel === 'T-cns')!.identity.card?.revocation).toBe('good');
  });
});
