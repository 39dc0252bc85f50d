import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, expect, test } from './fixtures';
import { buildFakePkcs11 } from '../support/fake-pkcs11/build';
import { FakeCard } from '../support/fake-pkcs11/control';
import { buildCard } from '../support/softhsm/cards';
import { SoftHsm, TEST_PIN } from '../support/softhsm/softhsm';
import { tempDir } from '../support/temp';

/** The browser host with a real device process; SoftHSM tokens and the programmable module as "cards". */
test.describe('smart card at the desk (SoftHSM)', () => {
  const hsm = new SoftHsm();
  test.use({
    hostConfig: { smartcard: { modules: [hsm.module], useDefaultModules: false, pollIntervalMs: 200 } },
    hostEnv: hsm.env,
  });
  test.afterAll(() => hsm.dispose());

  test('inserting a card shows the citizen with its source; PIN verifies; removing it clears the panel', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('status-reader')).toContainText('in attesa della carta', {
      timeout: 20_000,
    });
    // A code half typed (and one typed whole, with its decoded line) when the card arrives: the field then
    // shows the card's citizen, and Enter keeps them.
    await page.keyboard.type('MRNGPP60A01F839N');
    await expect(page.getByTestId('cf-decoded')).toBeVisible();
    const token = await hsm.insert(await buildCard({ givenName: 'MARIO', surname: 'ROSSI' }));
    await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U', { timeout: 15_000 });
    await expect(page.getByTestId('cf-input')).toHaveValue('RSSMRA80A01H501U');
    await expect(page.getByTestId('cf-decoded')).toHaveCount(0);
    await page.getByTestId('cf-input').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-source')).toHaveText('da carta');
    await expect(page.getByTestId('identity')).toContainText('MARIO ROSSI');
    await expect(page.getByTestId('card-kind')).toHaveText('CNS');
    await expect(page.getByTestId('status-reader')).toContainText('carta letta');

    await page.getByTestId('pin-open').click();
    await page.getByTestId('pin-input').fill('0000000');
    await page.getByTestId('pin-submit').click();
    await expect(page.getByTestId('pin-error')).toContainText('PIN errato');
    // After a wrong PIN the focus stays in the dialog: the retry types into the field, Esc closes it.
    await expect(page.getByTestId('pin-input')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('pin-dialog')).toHaveCount(0);
    await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U');
    await page.getByTestId('pin-open').click();
    await page.getByTestId('pin-input').fill('0000000');
    await page.getByTestId('pin-submit').click();
    await expect(page.getByTestId('pin-error')).toContainText('PIN errato');
    await expect(page.getByTestId('pin-input')).toBeFocused();
    await page.keyboard.type(TEST_PIN);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('identity-source')).toHaveText('carta verificata con PIN');
    await page.screenshot({ path: `${ARTIFACTS}/smartcard-identified.png` });

    // Esc with the card still in: the panel says the card was set aside and how to use it again.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('identity-empty')).toBeVisible();
    await expect(page.getByTestId('card-set-aside')).toContainText('Carta messa da parte');
    hsm.remove(token);
    await expect(page.getByTestId('card-set-aside')).toHaveCount(0, { timeout: 10_000 });
    await expect(page.getByTestId('identity-empty')).toBeVisible();
  });

  test('a card set aside is read again with F6 (after Esc, after a typed code), twice; with no card F6 says so', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('status-reader')).toContainText('in attesa della carta', {
      timeout: 20_000,
    });
    const token = await hsm.insert(await buildCard({ givenName: 'MARIO', surname: 'ROSSI' }));
    await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U', { timeout: 15_000 });
    for (const round of [1, 2]) {
      // Esc with the card in: set aside, and the line says which key brings the citizen back.
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('identity-empty')).toBeVisible();
      await expect(page.getByTestId('card-set-aside')).toContainText('Carta messa da parte');
      await expect(page.getByTestId('card-set-aside')).toContainText('F6');
      await expect(page.getByTestId('card-reread')).toHaveAttribute('aria-keyshortcuts', 'F6');
      await page.keyboard.press('F6');
      await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U');
      await expect(page.getByTestId('identity-source')).toHaveText('da carta');
      await expect(page.getByTestId('identity')).toContainText('MARIO ROSSI');
      await expect(page.getByTestId('card-set-aside')).toHaveCount(0);
      await expect(page.getByTestId('position').first()).toBeVisible();

      // A code typed over the card's citizen: the card is set aside too; the button brings its citizen back.
      await page.getByTestId('cf-input').fill('BNCLRA85T50L219P');
      await page.getByTestId('cf-input').press('Enter');
      await expect(page.getByTestId('identity-code')).toHaveText('BNCLRA85T50L219P');
      await expect(page.getByTestId('card-set-aside')).toContainText('codice digitato');
      if (round === 1) await page.getByTestId('card-reread').click();
      else await page.keyboard.press('F6');
      await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U');
      await expect(page.getByTestId('identity-source')).toHaveText('da carta');
      await expect(page.getByTestId('card-set-aside')).toHaveCount(0);
    }
    // Pulled out: F6 has nothing to read and says so in Italian, twice.
    await page.keyboard.press('Escape');
    hsm.remove(token);
    await expect(page.getByTestId('card-set-aside')).toHaveCount(0, { timeout: 10_000 });
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('F6');
      await expect(page.getByTestId('card-reread-error')).toHaveText(
        'Nessuna carta del cittadino nel lettore da rileggere: inserisci la carta, oppure digita il codice fiscale.',
      );
      await expect(page.getByTestId('identity-empty')).toBeVisible();
    }
  });

  test('an expired certificate and an unverifiable issuer are each unmistakable, in the panel and the bar', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('status-reader')).toContainText('in attesa della carta', {
      timeout: 20_000,
    });
    const expired = await hsm.insert(await buildCard({ profile: 'EXPIRED', fiscalCode: 'VRDLGU75C41F205E' }));
    await expect(page.getByTestId('identity-code')).toHaveText('VRDLGU75C41F205E', { timeout: 15_000 });
    await expect(page.getByTestId('card-alert')).toContainText('CERTIFICATO SCADUTO');
    await expect(page.getByTestId('card-alert')).toContainText('Chiedi un documento valido');
    await expect(page.getByTestId('status-reader')).toContainText('carta letta — certificato scaduto');
    await page.screenshot({ path: `${ARTIFACTS}/smartcard-expired.png` });
    hsm.remove(expired);
    await expect(page.getByTestId('identity-empty')).toBeVisible({ timeout: 10_000 });
    // A valid card, but no trust folder configured here: said as such, not as "carta letta" alone.
    const valid = await hsm.insert(await buildCard({ fiscalCode: 'BNCLRA85T50L219P' }));
    await expect(page.getByTestId('identity-code')).toHaveText('BNCLRA85T50L219P', { timeout: 15_000 });
    await expect(page.getByTestId('card-alert')).toContainText('nessuna cartella di certificati fidati');
    await expect(page.getByTestId('status-reader')).not.toContainText('scaduto');
    hsm.remove(valid);
    await expect(page.getByTestId('identity-empty')).toBeVisible({ timeout: 10_000 });
  });
});

test.describe('smart card with desk.onCardRemoved = keep', () => {
  const hsm = new SoftHsm();
  test.use({
    hostConfig: {
      desk: { onCardRemoved: 'keep' },
      smartcard: { modules: [hsm.module], useDefaultModules: false, pollIntervalMs: 200 },
    },
    hostEnv: hsm.env,
  });
  test.afterAll(() => hsm.dispose());

  test('the citizen stays after the card leaves until the clerk closes it (Esc, then the button)', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    await expect(page.getByTestId('status-reader')).toContainText('in attesa della carta', {
      timeout: 20_000,
    });
    const token = await hsm.insert(await buildCard({ fiscalCode: 'VRDLGU75C41F205E' }));
    await expect(page.getByTestId('identity-code')).toHaveText('VRDLGU75C41F205E', { timeout: 15_000 });
    await expect(page.getByTestId('status-reader')).toContainText('carta letta');

    hsm.remove(token);
    // The reader going back to waiting proves the removal reached the desk: only then is "still there" news.
    await expect(page.getByTestId('status-reader')).toContainText('in attesa della carta', {
      timeout: 10_000,
    });
    await expect(page.getByTestId('identity-code')).toHaveText('VRDLGU75C41F205E');
    // Kept, but never as if the card were still there.
    await expect(page.getByTestId('identity-source')).toHaveText('carta tolta dal lettore (letta prima)');
    await page.screenshot({ path: `${ARTIFACTS}/smartcard-kept-after-removal.png` });
    await page.getByTestId('cf-input').press('Escape');
    await expect(page.getByTestId('identity-empty')).toBeVisible();

    // Second round, closed with the button; a new card still replaces the empty panel as usual.
    const again = await hsm.insert(await buildCard({ fiscalCode: 'BNCLRA85T50L219P' }));
    await expect(page.getByTestId('identity-code')).toHaveText('BNCLRA85T50L219P', { timeout: 15_000 });
    hsm.remove(again);
    await expect(page.getByTestId('status-reader')).toContainText('in attesa della carta', {
      timeout: 10_000,
    });
    await expect(page.getByTestId('identity-code')).toHaveText('BNCLRA85T50L219P');
    await page.getByTestId('identity-clear').click();
    await expect(page.getByTestId('identity-empty')).toBeVisible();
  });
});

test.describe('smart card: a crashing module', () => {
  const dir = tempDir('sportello-e2e-fake-');
  const fake = new FakeCard(dir.path);
  const certFile = join(dir.path, 'cert.der');
  test.use({
    hostConfig: {
      smartcard: {
        modules: [buildFakePkcs11()],
        useDefaultModules: false,
        pollIntervalMs: 200,
        watchdogMs: 2000,
      },
    },
    hostEnv: fake.env,
  });
  test.beforeAll(async () => {
    writeFileSync(certFile, (await buildCard({ fiscalCode: 'VRDLGU75C41F205E' })).objects[0]!.cert);
  });
  test.afterAll(() => dir.remove());

  test('shows "lettore in riavvio" while the module crashes, typed codes work, and it recovers', async ({
    page,
    host,
  }) => {
    fake.set({ present: true, cert: certFile });
    await page.goto(host.url);
    await expect(page.getByTestId('identity-code')).toHaveText('VRDLGU75C41F205E', { timeout: 20_000 });
    fake.set({ present: true, cert: certFile, crashIn: 'C_GetSlotList' });
    await expect(page.getByTestId('status-reader')).toContainText('lettore in riavvio', { timeout: 10_000 });
    await expect(page.getByTestId('reader-notice')).toContainText('Lettore in riavvio');
    await page.screenshot({ path: `${ARTIFACTS}/smartcard-restarting.png` });
    await page.getByTestId('cf-input').fill('RSSMRA80A01H501U');
    await page.getByTestId('cf-input').press('Enter');
    await expect(page.getByTestId('identity-source')).toHaveText('digitato');
    fake.set({ present: true, cert: certFile });
    await expect(page.getByTestId('status-reader')).toContainText('carta letta', { timeout: 20_000 });
  });
});

/** Revocation from a CRL URL the desk cannot reach: the status bar says so, and the clerk still works. */
test.describe('CRL download failing', () => {
  test.use({
    hostConfig: {
      // Port 9 (discard) is closed here: the download fails at once with a network error.
      smartcard: { modules: [], useDefaultModules: false, crlUrl: 'http://127.0.0.1:9/ca.crl' },
    },
  });

  test('the status bar shows the failed CRL download as a warning with its reason', async ({
    page,
    host,
  }) => {
    await page.goto(host.url);
    const item = page.getByTestId('status-revocation');
    await expect(item).toContainText('Revoche (CRL)');
    await expect(item).toContainText('download non riuscito', { timeout: 20_000 });
    await expect(item).toHaveClass(/warn/);
    await expect(item).toHaveAttribute('title', /download non riuscito — CRL_NETWORK/);
    await page.getByTestId('cf-input').fill('RSSMRA80A01H501U');
    await page.getByTestId('cf-input').press('Enter');
    await expect(page.getByTestId('identity-source')).toHaveText('digitato');
  });
});
