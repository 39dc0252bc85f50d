import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DB_FILE } from '../../../electron/services/desk';
import { createTestDesk, type TestDesk } from '../../support/desk';
import { buildCard } from '../../support/softhsm/cards';
import { SoftHsm } from '../../support/softhsm/softhsm';
import { waitFor } from '../../support/wait';

/**
 * `card.reread` with the real device process and SoftHSM cards: a card whose citizen the clerk set aside (the
 * desk cleared, or a typed code over it) is read again without pulling it, through the same path as an
 * insertion (audited `identify.card`, read back with the sqlite3 tool); with no card, CARD_NOT_PRESENT.
 */
const hsm = new SoftHsm();
let td: TestDesk | null = null;
beforeAll(() => {
  process.env['SOFTHSM2_CONF'] = hsm.conf;
});
afterEach(async () => {
  await td?.dispose();
  td = null;
});
afterAll(() => hsm.dispose());

const CARD_CF = 'RSSMRA80A01H501U';
const TYPED_CF = 'BNCLRA85T50L219P';

function auditRows(dataDir: string, subject: string): string[] {
  const out = execFileSync(
    'sqlite3',
    [
      '-readonly',
      join(dataDir, DB_FILE),
      `SELECT action FROM audit_log WHERE subject = '${subject}' AND action LIKE 'identify.%' ORDER BY id`,
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean);
}

describe('reading a card set aside again (SoftHSM)', () => {
  test('after the desk cleared it, and after a typed code over it: the card’s citizen is back; twice', async () => {
    td = createTestDesk({
      config: {
        smartcard: { modules: [hsm.module], useDefaultModules: false, pollIntervalMs: 100, watchdogMs: 3000 },
      },
    });
    const { desk } = td;
    await desk.start();
    await waitFor(() => desk.services.status.get().reader.state === 'waiting', 15_000, 'reader waiting');
    const token = await hsm.insert(await buildCard({ givenName: 'MARIO', surname: 'ROSSI' }));
    await waitFor(() => desk.services.identity.get()?.fiscalCode === CARD_CF, 15_000, 'identity from card');

    for (const round of [1, 2]) {
      // Esc at the desk: nobody on screen, the card still in.
      expect((await desk.call('identity.clear', {})).ok).toBe(true);
      expect(desk.services.identity.get()).toBeNull();
      const back = await desk.call('card.reread', {});
      expect(back, `round ${round}`).toMatchObject({
        ok: true,
        value: { fiscalCode: CARD_CF, source: 'card', givenName: 'MARIO' },
      });
      expect(desk.services.identity.get()).toMatchObject({ fiscalCode: CARD_CF, source: 'card' });
      expect(desk.services.identity.get()?.birthplace?.name).toBe('Roma');

      // A code typed over the card's citizen, then the card again.
      expect(await desk.call('identity.fromFiscalCode', { code: TYPED_CF })).toMatchObject({ ok: true });
      expect(desk.services.identity.get()).toMatchObject({ fiscalCode: TYPED_CF, source: 'typed' });
      expect(await desk.call('card.reread', {})).toMatchObject({ ok: true, value: { fiscalCode: CARD_CF } });
      expect(desk.services.identity.get()).toMatchObject({ fiscalCode: CARD_CF, source: 'card' });
      expect(desk.services.status.get().reader.state).toBe('identified');
    }
    // Each read is an identification of its own in the audit log, like an insertion: one at insertion, two per
    // round (after the clear and after the typed code).
    expect(auditRows(td.dataDir, CARD_CF).filter((a) => a === 'identify.card')).toHaveLength(5);

    // Pulled out: nothing to read, said as such; twice.
    hsm.remove(token);
    await waitFor(() => desk.services.smartcard.status().card === null, 15_000, 'card gone');
    for (let i = 0; i < 2; i++)
      expect(await desk.call('card.reread', {})).toMatchObject({
        ok: false,
        error: { code: 'CARD_NOT_PRESENT' },
      });
  }, 90_000);

  test('two requests at once are one read; a desk with no reader answers READER_RESTARTING or no card', async () => {
    td = createTestDesk({
      config: {
        smartcard: { modules: [hsm.module], useDefaultModules: false, pollIntervalMs: 100, watchdogMs: 3000 },
      },
    });
    const { desk } = td;
    const early = await desk.call('card.reread', {});
    expect(early).toMatchObject({ ok: false, error: { code: 'READER_RESTARTING' } });
    await desk.start();
    await waitFor(() => desk.services.status.get().reader.state === 'waiting', 15_000, 'reader waiting');
    expect(await desk.call('card.reread', {})).toMatchObject({
      ok: false,
      error: { code: 'CARD_NOT_PRESENT' },
    });
    const token = await hsm.insert(await buildCard({}));
    await waitFor(() => desk.services.identity.get()?.fiscalCode === CARD_CF, 15_000, 'identity from card');
    await desk.call('identity.clear', {});
    const [a, b] = await Promise.all([desk.call('card.reread', {}), desk.call('card.reread', {})]);
    expect(a).toMatchObject({ ok: true, value: { fiscalCode: CARD_CF } });
    expect(b).toEqual(a);
    expect(auditRows(td.dataDir, CARD_CF).filter((x) => x === 'identify.card')).toHaveLength(2);
    hsm.remove(token);
  }, 90_000);
});
