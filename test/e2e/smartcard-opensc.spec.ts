import { ARTIFACTS, expect, test } from './fixtures';
import { OPENSC_MODULE, Pcscd, pcscUnavailable } from '../support/pcsc/pcscd';
import { cnsContentOf, VirtualCns } from '../support/pcsc/virtual-cns';
import { VpcdCard } from '../support/pcsc/vpcd-card';
import { buildCard } from '../support/softhsm/cards';

/**
 * The whole chain on a real middleware: a CNS in a virtual reader, pcscd, OpenSC's PKCS#11 module, the device
 * process, the desk services and the UI in Chromium. OpenSC reports every CNS's PIN as locked before a login;
 * the clerk sees that as a notice, not as a closed door, and the card's own answer decides.
 */
test.describe('a CNS through OpenSC over pcscd', () => {
  const pcscd = new Pcscd();
  let unavailable: string | null = null;
  test.use({
    hostConfig: { smartcard: { modules: [OPENSC_MODULE], useDefaultModules: false, pollIntervalMs: 200 } },
  });
  test.beforeAll(async () => {
    unavailable = await pcscUnavailable();
    if (!unavailable) await pcscd.start();
  });
  test.afterAll(() => pcscd.dispose());

  test('inserting it shows the citizen; the PIN is verified despite the module\'s "locked"; pulling it out clears the panel', async ({
    page,
    host,
  }) => {
    test.skip(unavailable !== null, `a private pcscd cannot run here: ${unavailable}`);
    await page.goto(host.url);
    await expect(page.getByTestId('status-reader')).toContainText('in attesa della carta', {
      timeout: 20_000,
    });
    const content = await cnsContentOf(await buildCard({ keyBits: 1024, datiPersonali: 'consistent' }), {
      idCarta: '6120016461039012',
      pin: '12345678',
    });
    const card = new VpcdCard(new VirtualCns(content));
    await card.insert(pcscd.readerPort(0));
    await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U', { timeout: 20_000 });
    await expect(page.getByTestId('identity-source')).toHaveText('da carta');
    await expect(page.getByTestId('card-kind')).toHaveText('CNS');
    await expect(page.getByTestId('card-details')).toContainText(
      'revoca non controllata; Certificato valido fino',
    );

    await page.getByTestId('pin-open').click();
    await expect(page.getByTestId('pin-notice')).toContainText('Il lettore segnala il PIN bloccato');
    await expect(page.getByTestId('pin-input')).toBeEnabled();
    await page.getByTestId('pin-input').fill('12345678');
    await page.getByTestId('pin-input').press('Enter');
    await expect(page.getByTestId('identity-source')).toHaveText('carta verificata con PIN', {
      timeout: 15_000,
    });
    await page.screenshot({ path: `${ARTIFACTS}/smartcard-opensc-verified.png` });

    await card.remove();
    await expect(page.getByTestId('identity-empty')).toBeVisible({ timeout: 10_000 });
  });

  test('a 2048-bit CNS, which OpenSC 0.23 cannot make sign: the dialog says so in plain Italian, the card identification stands', async ({
    page,
    host,
  }) => {
    test.skip(unavailable !== null, `a private pcscd cannot run here: ${unavailable}`);
    await page.goto(host.url);
    const content = await cnsContentOf(await buildCard({ fiscalCode: 'MRNGPP60A01F839N' }), {
      idCarta: '6120016461039015',
      pin: '12345678',
    });
    const card = new VpcdCard(new VirtualCns(content));
    await card.insert(pcscd.readerPort(1));
    await expect(page.getByTestId('identity-code')).toHaveText('MRNGPP60A01F839N', { timeout: 20_000 });
    await page.getByTestId('pin-open').click();
    await page.getByTestId('pin-input').fill('12345678');
    await page.getByTestId('pin-input').press('Enter');
    await expect(page.getByTestId('pin-error')).toContainText(
      'Il modulo del lettore non sa far firmare questa carta',
    );
    await page.getByTestId('pin-cancel').click();
    await expect(page.getByTestId('identity-source')).toHaveText('da carta');
    await card.remove();
  });
});
