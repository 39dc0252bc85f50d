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

      await inserted!.remove();
      await waitFor(() => desk.services.identity.get() === null, 10_000, 'identity cleared');
      expect(desk.services.smartcard.status().state).toBe('waiting');
    });
  },
);
