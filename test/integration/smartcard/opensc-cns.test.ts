import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createTestDesk, type TestDesk } from '../../support/desk';
import { OPENSC_MODULE, Pcscd, READER_NAME, pcscUnavailable } from '../../support/pcsc/pcscd';
import { cnsContentOf, VirtualCns, type VirtualCnsContent } from '../../support/pcsc/virtual-cns';
import { VpcdCard } from '../../support/pcsc/vpcd-card';
import { buildCard } from '../../support/softhsm/cards';
import { tempDir } from '../../support/temp';
import { waitFor } from '../../support/wait';

/**
 * Identification through a real middleware: OpenSC's PKCS#11 module over pcscd, and a CNS card in a virtual
 * reader. The card (test/support/pcsc/virtual-cns.ts) answers the APDUs of OpenSC's Italian CNS driver, so the
 * token, its serial, the certificate, EF_DatiPersonali, C_Login and C_Sign are what OpenSC makes of a CNS.
 */
const unavailable = await pcscUnavailable();
const PIN = '12345678';
/** A VERIFY of reference 0x10 carrying data: a PIN offered to the card (an empty one only asks for tries). */
const isPinOffer = (apdu: string) => apdu.startsWith('0020001008');

describe.skipIf(unavailable !== null)(
  `a CNS through OpenSC over pcscd${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    const pcscd = new Pcscd();
    const dir = tempDir('sportello-opensc-cns-');
    let td: TestDesk | null = null;
    let inserted: VpcdCard | null = null;

    beforeAll(() => pcscd.start(), 30_000);
    afterEach(async () => {
      await inserted?.remove();
      inserted = null;
      await td?.dispose();
      td = null;
    });
    afterAll(async () => {
      await pcscd.dispose();
      dir.remove();
    });

    async function startDesk(trustPem?: string): Promise<TestDesk> {
      let trustDir: string | null = null;
      if (trustPem) {
        trustDir = join(dir.path, 'trust');
        mkdirSync(trustDir, { recursive: true });
        writeFileSync(join(trustDir, 'ca.pem'), trustPem);
      }
      td = createTestDesk({
        config: {
          smartcard: {
            modules: [OPENSC_MODULE],
            useDefaultModules: false,
            pollIntervalMs: 200,
            watchdogMs: 10_000,
            trustDir,
          },
        },
      });
      await td.desk.start();
      const sc = td.desk.services.smartcard;
      await waitFor(() => sc.status().state === 'waiting', 15_000, 'waiting');
      return td;
    }

    async function insert(content: VirtualCnsContent, reader: 0 | 1 = 0): Promise<VirtualCns> {
      const card = new VirtualCns(content);
      inserted = new VpcdCard(card);
      await inserted.insert(pcscd.readerPort(reader));
      return card;
    }

    test('inserted in the second reader: identified from the certificate, EF_IDCarta and EF_DatiPersonali; pulled out: cleared', async () => {
      const card = await buildCard({ datiPersonali: 'consistent', givenName: 'MARIO', surname: 'ROSSI' });
      const { desk } = await startDesk(card.ca.pem);
      await insert(await cnsContentOf(card, { idCarta: '6120016461039008' }), 1);

      const id = await waitFor(() => desk.services.identity.get() ?? undefined, 20_000, 'identity');
      expect(id).toMatchObject({
        fiscalCode: 'RSSMRA80A01H501U',
        givenName: 'MARIO',
        surname: 'ROSSI',
        birthDate: '1980-01-01',
        sex: 'M',
        source: 'card',
        warnings: [],
        card: {
          kind: 'CNS',
          cardId: '6120016461039008',
          module: OPENSC_MODULE,
          chain: 'verified',
          personalData: 'consistent',
          tokenSerial: '6120016461039008',
        },
      });
      const status = desk.services.smartcard.status();
      expect(status.state).toBe('identified');
      expect(status.card).toMatchObject({ kind: 'CNS', slotDescription: `${READER_NAME} 00 01` });

      // The doctor's view of the same card: the token, its one certificate judged, the CNS files OpenSC lists.
      const probe = await desk.services.smartcard.probe();
      const slot = probe.slots.find((s) => s.tokenPresent);
      expect(slot).toMatchObject({
        slotDescription: `${READER_NAME} 00 01`,
        token: { serial: '6120016461039008', label: 'MARIO ROSSI (PIN CNS0)' },
        error: null,
      });
      expect(slot?.certificates.map((c) => c.role)).toEqual(['authentication']);
      expect(slot?.dataObjects).toContain('EF_DatiPersonali');
      expect(slot?.dataObjects).toContain('EF_GDO');

      await inserted!.remove();
      await waitFor(() => desk.services.identity.get() === null, 10_000, 'identity cleared');
      expect(desk.services.smartcard.status().state).toBe('waiting');
    });

    test('a TS-CNS with a signature certificate, which OpenSC shows as two slots: one card, identified without an error on the way, and the PIN signs with the authentication key', async () => {
      const card = await buildCard({ profile: 'TS_CNS_WITH_SIGNATURE', keyBits: 1024 });
      const { desk } = await startDesk();
      const states: string[] = [];
      desk.events.on('card.changed', (x) => states.push(x.problem ? `error:${x.problem.reason}` : x.state));
      const vc = await insert(await cnsContentOf(card, { idCarta: '8038000300000000', pin: PIN }));
      const id = await waitFor(() => desk.services.identity.get() ?? undefined, 20_000, 'identity');
      const auth = card.objects.find((o) => o.label === 'CNS0')!.cert;
      expect(id.card?.certificateSha256).toBe(createHash('sha256').update(auth).digest('hex'));
      expect(id).toMatchObject({ fiscalCode: 'RSSMRA80A01H501U', card: { kind: 'TS_CNS' } });
      expect(desk.services.smartcard.status().card?.tokenLabel).toMatch(/\(PIN CNS0\)$/);
      // OpenSC's two slots of the one reader: "(PIN CNS0)" with the authentication certificate, "(PIN CNS1)" with
      // the signature one.
      const probe = await desk.services.smartcard.probe();
      expect(probe.slots.filter((s) => s.tokenPresent).map((s) => s.certificates.map((c) => c.role))).toEqual(
        [['authentication'], ['signature']],
      );
      expect(states.filter((x) => x.startsWith('error'))).toEqual([]);
      // Three slots, two readers: the status counts readers.
      expect(probe.slots).toHaveLength(3);
      expect(desk.services.smartcard.status().readers).toBe(2);

      const right = await desk.call('identity.verifyPin', { pin: PIN });
      expect(right).toMatchObject({ ok: true, value: { source: 'card-pin' } });
      // The authentication key (security environment 01), not the signature one (10).
      expect(vc.log.filter((a) => a.startsWith('0022f1'))).toEqual(['0022f1b803830101']);

      // Out again: OpenSC may keep listing the card's second slot; still two readers.
      await inserted?.remove();
      inserted = null;
      const sc = desk.services.smartcard;
      await waitFor(() => (sc.status().state === 'waiting' ? true : undefined), 10_000, 'waiting');
      expect(sc.status().readers).toBe(2);
    });

    test('a CNS without EF_DatiPersonali (OpenSC lists it anyway): identified, its personal data "unreadable"', async () => {
      const card = await buildCard({ datiPersonali: 'absent' });
      const { desk } = await startDesk();
      const vc = await insert(await cnsContentOf(card, { idCarta: '6120016461039014' }));
      const id = await waitFor(() => desk.services.identity.get() ?? undefined, 20_000, 'identity');
      expect(id).toMatchObject({
        fiscalCode: 'RSSMRA80A01H501U',
        warnings: ['PERSONAL_DATA_UNREADABLE'],
        card: { personalData: 'unreadable', tokenSerial: '6120016461039014' },
      });
      // Taken as unreadable only on the last of three tries: the first two cannot tell it from a pulled card.
      expect(vc.log.filter((a) => a === '00a40800041100110200').length).toBeGreaterThanOrEqual(3);
      expect(desk.services.smartcard.status().problem).toBeNull();
    });

    test('pulled out while OpenSC binds the card, or while it reads EF_DatiPersonali for the desk: no identity, no error left; back in: identified', async () => {
      const content = await cnsContentOf(await buildCard({ datiPersonali: 'consistent' }), {
        idCarta: '6120016461039013',
      });
      const { desk } = await startDesk();
      const seen: (string | null)[] = [];
      desk.events.on('identity.changed', (i) => seen.push(i ? (i.card?.personalData ?? 'typed') : null));
      // OpenSC reads EF_DatiPersonali while binding the card (for the token label), and again for the desk.
      for (const nth of [1, 2]) {
        const vc = new VirtualCns(content);
        vc.pullWhileReading = { path: '3F00/1100/1102', nth };
        inserted = new VpcdCard(vc);
        await inserted.insert(pcscd.readerPort(0));
        await waitFor(() => !inserted!.inserted, 20_000, `card pulled during read ${nth}`);
        await waitFor(() => desk.services.smartcard.status().state === 'waiting', 10_000, 'waiting again');
        expect(desk.services.identity.get()).toBeNull();
        expect(desk.services.smartcard.status().problem).toBeNull();
      }

      await insert(content);
      const id = await waitFor(() => desk.services.identity.get() ?? undefined, 20_000, 'identity');
      expect(id).toMatchObject({ fiscalCode: 'RSSMRA80A01H501U', card: { personalData: 'consistent' } });
      // Never an identity built from a half-read card.
      expect(seen).toEqual(['consistent']);
    });

    test('PIN through OpenSC: its "locked" flag before any login does not stop the clerk; each attempt reaches the card once', async () => {
      // OpenSC's CNS driver cannot ask the card for its tries and reports CKF_USER_PIN_LOCKED until a login.
      const card = await buildCard({ keyBits: 1024 });
      const { desk } = await startDesk();
      const vc = await insert(await cnsContentOf(card, { idCarta: '6120016461039009', pin: PIN }));
      await waitFor(() => desk.services.identity.get() ?? undefined, 20_000, 'identity');
      expect(desk.services.smartcard.status().card?.pinFlags.locked).toBe(true);

      const wrong = await desk.call('identity.verifyPin', { pin: '00000000' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT' } });
      expect(vc.log.filter(isPinOffer)).toHaveLength(1);

      const right = await desk.call('identity.verifyPin', { pin: PIN });
      expect(right).toMatchObject({
        ok: true,
        value: { source: 'card-pin', fiscalCode: 'RSSMRA80A01H501U' },
      });
      // Never retried on the clerk's behalf: two attempts, two PINs offered to the card.
      expect(vc.log.filter(isPinOffer)).toEqual([
        `0020001008${Buffer.from('00000000').toString('hex')}`,
        `0020001008${Buffer.from(PIN).toString('hex')}`,
      ]);
      // The signature the desk checked was made by the card, once: OpenSC signs with a raw-RSA key through MSE SET
      // (decipher template, key 01) and PSO DECIPHER of the block it has padded itself.
      expect(vc.log.filter((a) => a === '0022f1b803830101')).toHaveLength(1);
      expect(vc.log.filter((a) => a.startsWith('002a8086'))).toHaveLength(1);
    });

    test('a 2048-bit CNS, which OpenSC 0.23 cannot make sign: the PIN reaches the card, the answer is "signing not supported", not a forgery', async () => {
      // The CNS driver declares RSA-1024 only; newer CNS carry 2048-bit keys.
      const card = await buildCard({ fiscalCode: 'MRNGPP60A01F839N' });
      const { desk } = await startDesk();
      const vc = await insert(await cnsContentOf(card, { idCarta: '6120016461039011', pin: PIN }));
      await waitFor(() => desk.services.identity.get() ?? undefined, 20_000, 'identity');

      const r = await desk.call('identity.verifyPin', { pin: PIN });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'CARD_UNSUPPORTED', details: { reason: 'SIGNING_NOT_SUPPORTED' } },
      });
      expect(vc.log.filter(isPinOffer)).toHaveLength(1);
      expect(vc.log.some((a) => a.startsWith('002a'))).toBe(false);
      expect(desk.services.identity.get()).toMatchObject({ source: 'card', fiscalCode: 'MRNGPP60A01F839N' });
    });

    test('a PIN the card has locked: PIN_LOCKED from the card, one PIN offered, none more', async () => {
      const card = await buildCard({ keyBits: 1024, fiscalCode: 'VRDLGU75C41F205E' });
      const { desk } = await startDesk();
      const vc = await insert(
        await cnsContentOf(card, { idCarta: '6120016461039010', pin: PIN, pinTries: 0 }),
      );
      await waitFor(() => desk.services.identity.get() ?? undefined, 20_000, 'identity');

      const locked = await desk.call('identity.verifyPin', { pin: PIN });
      expect(locked).toMatchObject({ ok: false, error: { code: 'PIN_LOCKED' } });
      expect(vc.log.filter(isPinOffer)).toHaveLength(1);
      expect(desk.services.identity.get()?.source).toBe('card');
    });

    // Last: it restarts pcscd under the desk.
    test('pcscd restarted under the desk: OpenSC is watched by its slot events again, and a card is identified and cleared by them', async () => {
      const card = await buildCard({ keyBits: 1024, fiscalCode: 'VRDLGU75C41F205E' });
      const { desk } = await startDesk();
      const sc = desk.services.smartcard;
      const watch = () => sc.status().modules[0]?.watch;
      await waitFor(() => (watch() === 'events' ? true : undefined), 10_000, 'slot events');
      const log: string[] = [];
      const t0 = Date.now();
      const every = setInterval(() => {
        const w = watch() ?? '-';
        if (log.at(-1)?.split(' ')[0] !== w) log.push(`${w} ${Date.now() - t0}`);
      }, 50);
      try {
        await pcscd.stop();
        await waitFor(() => sc.status().state === 'no-reader', 15_000, 'no reader');
        await pcscd.start();
        await waitFor(() => sc.status().state === 'waiting', 20_000, 'waiting after pcscd came back');
        // Events again: the failed wait's module is asked again within EVENTS_RETRY_FIRST_MS (and its backoff).
        await waitFor(() => (watch() === 'events' ? true : undefined), 40_000, `slot events again (${log})`);
      } finally {
        clearInterval(every);
      }
      expect(sc.restartCount).toBe(0);

      // Watched by events, the desk polls every SAFETY_POLL_MS (10 s): a card that shows up in well under that,
      // and leaves as fast, was reported by the module's events (a safety poll falling in both windows by chance
      // is about 1 in 16).
      const inAt = Date.now();
      await insert(await cnsContentOf(card, { idCarta: '6120016461039011' }));
      await waitFor(() => desk.services.identity.get() ?? undefined, 20_000, 'identity');
      expect(Date.now() - inAt).toBeLessThan(2500);
      expect(watch()).toBe('events');
      const outAt = Date.now();
      await inserted!.remove();
      inserted = null;
      await waitFor(() => desk.services.identity.get() === null, 20_000, 'identity cleared');
      expect(Date.now() - outAt).toBeLessThan(2500);
    }, 120_000);
  },
);
