import { describe, expect, test } from 'vitest';
import { createDesk, type Desk } from '../../../electron/services/desk';
import { useFakeModule } from '../../support/fake-pkcs11/fixture';
import { waitFor } from '../../support/wait';

/**
 * What SoftHSM cannot do, through the programmable C module and the real pkcs11js path in the real device
 * process: PIN flags, locked PIN, a module that crashes, a module that hangs.
 */
const fx = useFakeModule('sportello-fake-');
const startDesk = () => fx.startDesk();

describe('faults and PIN states with the programmable module', () => {
  test("PIN count low, final try, locked: flags read before asking, a locked PIN is the card's answer to C_Login", async () => {
    fx.fake.set({ present: true, cert: fx.certFile, flags: ['count_low'] });
    const { desk } = await startDesk();
    await waitFor(() => desk.services.identity.get() ?? undefined, 15_000, 'identity');
    expect(desk.services.smartcard.status().card?.pinFlags).toEqual({
      countLow: true,
      finalTry: false,
      locked: false,
    });

    fx.fake.set({ present: true, cert: fx.certFile, flags: ['count_low', 'final_try'] });
    const wrong = await desk.call('identity.verifyPin', { pin: '11111' });
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'PIN_INCORRECT', details: { countLow: true, finalTry: true, triesLeft: 1 } },
    });

    fx.fake.set({ present: true, cert: fx.certFile, flags: ['locked'] });
    const loginsBefore = fx.fake.calls().filter((c) => c === 'C_Login').length;
    const locked = await desk.call('identity.verifyPin', { pin: '12345678' });
    // Offered once, as the clerk asked; the module's flag alone did not refuse it, nor did the desk try again.
    expect(fx.fake.calls().filter((c) => c === 'C_Login').length - loginsBefore).toBe(1);
    expect(locked).toMatchObject({
      ok: false,
      error: { code: 'PIN_LOCKED', details: { reason: 'CKR_PIN_LOCKED' } },
    });
    expect(desk.services.identity.get()?.source).toBe('card');
  });

  test('a module crashing inside a call: restarting, typed codes work meanwhile, then it recovers', async () => {
    fx.fake.set({ present: true, cert: fx.certFile });
    const { desk } = await startDesk();
    await waitFor(() => desk.services.identity.get() ?? undefined, 15_000, 'identity');
    fx.fake.set({ present: true, cert: fx.certFile, crashIn: 'C_GetSlotList' });
    await waitFor(() => desk.services.status.get().reader.state === 'restarting', 10_000, 'restarting');
    const typed = await desk.call('identity.fromFiscalCode', { code: 'RSSMRA80A01H501U' });
    expect(typed).toMatchObject({ ok: true, value: { source: 'typed' } });
    const pin = await desk.call('identity.verifyPin', { pin: '12345678' });
    expect(pin).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/READER_RESTARTING|CARD_NOT_PRESENT/) },
    });
    fx.fake.set({ present: true, cert: fx.certFile });
    await waitFor(() => desk.services.status.get().reader.state === 'identified', 20_000, 'reader back');
    // The card never left: the citizen the clerk typed meanwhile is not overridden by it.
    expect(desk.services.identity.get()?.source).toBe('typed');
    expect(desk.services.status.get().reader.state).toBe('identified');
    expect(desk.services.smartcard.restartCount).toBeGreaterThanOrEqual(1);
  });

  test('a module that hangs is killed by the watchdog and restarted', async () => {
    fx.fake.set({ present: false, cert: fx.certFile });
    const { desk } = await startDesk();
    await waitFor(() => desk.services.status.get().reader.state === 'waiting', 15_000, 'waiting');
    fx.fake.set({ present: false, cert: fx.certFile, hangIn: 'C_GetSlotList', hangMs: 60_000 });
    await waitFor(
      () => desk.services.status.get().reader.state === 'restarting',
      10_000,
      'restarting after hang',
    );
    fx.fake.set({ present: true, cert: fx.certFile });
    await waitFor(() => desk.services.identity.get()?.fiscalCode === 'MRNGPP60A01F839N', 20_000, 'recovered');
  });

  test('a card pulled during the read ends in no identity and a clean re-read on re-insertion', async () => {
    fx.fake.set({ present: true, cert: fx.certFile, hangIn: 'C_FindObjectsInit', hangMs: 400 });
    const { desk } = await startDesk();
    await waitFor(() => desk.services.status.get().reader.state === 'reading', 15_000, 'reading');
    fx.fake.set({ present: false, cert: fx.certFile });
    await waitFor(() => desk.services.status.get().reader.state === 'waiting', 10_000, 'waiting again');
    expect(desk.services.identity.get()).toBeNull();
    fx.fake.set({ present: true, cert: fx.certFile });
    await waitFor(() => desk.services.identity.get() ?? undefined, 10_000, 'identity');
  });

  test('a card the middleware does not recognise is told once as unsupported, and cleared when it leaves', async () => {
    fx.fake.set({ present: false });
    const { desk } = await startDesk();
    const sc = desk.services.smartcard;
    await waitFor(() => sc.status().state === 'waiting', 15_000, 'waiting');
    const changes: string[] = [];
    desk.events.on('card.changed', (s) => changes.push(s.problem?.reason ?? 'none'));
    const callsBefore = fx.fake.calls().length;
    fx.fake.set({ present: true, cert: fx.certFile, unrecognized: true });
    await waitFor(() => sc.status().state === 'error', 10_000, 'error state');
    expect(sc.status().problem).toEqual({
      code: 'CARD_UNSUPPORTED',
      reason: 'TOKEN_NOT_RECOGNIZED',
      kind: null,
    });
    expect(desk.services.identity.get()).toBeNull();
    // Polls go on seeing the same card: the clerk is not told again, and no read is attempted.
    await new Promise((r) => setTimeout(r, 500));
    expect(changes.filter((c) => c === 'TOKEN_NOT_RECOGNIZED')).toHaveLength(1);
    expect(fx.fake.calls().slice(callsBefore)).not.toContain('C_OpenSession');
    fx.fake.set({ present: false });
    await waitFor(() => sc.status().state === 'waiting', 10_000, 'waiting after removal');
    expect(sc.status().problem).toBeNull();
  });
});

describe('a card whose objects cannot be read', () => {
  test('is tried three times, then told once as CARD_READ_FAILED, and not read again until it leaves', async () => {
    fx.fake.set({ present: false });
    const { desk } = await startDesk();
    const sc = desk.services.smartcard;
    await waitFor(() => sc.status().state === 'waiting', 15_000, 'waiting');
    const finds = () => fx.fake.calls().filter((c) => c === 'C_FindObjectsInit').length;
    const before = finds();
    fx.fake.set({ present: true, cert: fx.certFile, readError: true });
    await waitFor(() => sc.status().state === 'error', 10_000, 'error state');
    expect(sc.status().problem).toEqual({ code: 'CARD_READ_FAILED', reason: 'CKR_DEVICE_ERROR', kind: null });
    expect(finds() - before).toBe(3);
    // Polls every 100 ms go on: no fourth read.
    await new Promise((r) => setTimeout(r, 600));
    expect(finds() - before).toBe(3);
    expect(desk.services.identity.get()).toBeNull();

    fx.fake.set({ present: false });
    await waitFor(() => sc.status().state === 'waiting', 10_000, 'waiting after removal');
    expect(sc.status().problem).toBeNull();
  });
});

describe('re-initialisation with a module that lists an inserted card by itself (`auto`)', () => {
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const initsSoFar = () => fx.fake.calls().filter((c) => c === 'C_Initialize').length;

  test('is re-initialised while idle until it shows an insertion live, and no more after that', async () => {
    fx.fake.set({ present: false, cert: fx.certFile });
    const { desk } = await startDesk();
    const reader = () => desk.services.status.get().reader.state;
    await waitFor(() => reader() === 'waiting', 15_000, 'reader waiting');
    // Not yet trusted: 2 s of idle polls every 100 ms span a 1.5 s re-initialisation period.
    const before = initsSoFar();
    await pause(2000);
    expect(initsSoFar() - before).toBeGreaterThanOrEqual(1);

    // Each insertion is seen by a plain poll unless it lands on a periodic re-initialisation (1 poll in 15);
    // three in a row all landing there would take a 1-in-3375 chance.
    for (let i = 0; i < 3; i++) {
      fx.fake.set({ present: true, cert: fx.certFile });
      await waitFor(() => (reader() === 'identified' ? true : undefined), 15_000, 'identified');
      fx.fake.set({ present: false, cert: fx.certFile });
      await waitFor(() => reader() === 'waiting', 10_000, 'card gone');
      // The removal re-initialises once; the next insertion must meet a poll that did not.
      await pause(300);
    }
    const after = initsSoFar();
    await pause(2000);
    expect(initsSoFar() - after).toBe(0);

    // Still sees the next card without one.
    fx.fake.set({ present: true, cert: fx.certFile });
    await waitFor(() => (reader() === 'identified' ? true : undefined), 15_000, 'identified again');
    expect(initsSoFar() - after).toBe(0);
  }, 60_000);
});

describe('re-initialisation with a module that lists an inserted card only after one (`auto`, like SoftHSM)', () => {
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const count = (name: string) => fx.fake.calls().filter((c) => c === name).length;

  test('is learned from the first card, then polled once per re-initialisation period while no card is in', async () => {
    fx.fake.set({ present: false, stale: true, cert: fx.certFile });
    const { desk } = await startDesk();
    const reader = () => desk.services.status.get().reader.state;
    const listing = () => desk.services.smartcard.status().modules[0]?.cardListing;
    await waitFor(() => reader() === 'waiting', 15_000, 'reader waiting');
    expect(listing()).toBe('unknown');
    // Not learned yet: a poll every 100 ms, a re-initialisation every 1.5 s.
    const lists0 = count('C_GetSlotList');
    await pause(1500);
    const listsBefore = count('C_GetSlotList') - lists0;
    expect(listsBefore).toBeGreaterThanOrEqual(10);

    // The first card shows up at a re-initialisation only, which lists the slots the plain way first.
    fx.fake.set({ present: true, stale: true, cert: fx.certFile });
    await waitFor(() => (reader() === 'identified' ? true : undefined), 15_000, 'identified');
    // The status carrying the lesson follows the card's read.
    await waitFor(() => (listing() === 'after-reinit' ? true : undefined), 5_000, 'learned');
    // With the card in, the poll keeps its interval, for the removal.
    const lists1 = count('C_GetSlotList');
    await pause(1500);
    expect(count('C_GetSlotList') - lists1).toBeGreaterThanOrEqual(10);
    fx.fake.set({ present: false, stale: true, cert: fx.certFile });
    await waitFor(() => reader() === 'waiting', 10_000, 'card gone');

    // No card: one poll per 1.5 s, each a re-initialisation (a plain one could not show the next card).
    await pause(1600);
    const lists2 = count('C_GetSlotList');
    const inits2 = count('C_Initialize');
    await pause(3000);
    const listsIdle = count('C_GetSlotList') - lists2;
    const initsIdle = count('C_Initialize') - inits2;
    expect(initsIdle).toBeGreaterThanOrEqual(1);
    expect(initsIdle).toBeLessThanOrEqual(3);
    // Listings per second: at most a quarter of what the unlearned module took (about a fifteenth, at 100 ms).
    expect(listsIdle / 3).toBeLessThanOrEqual(listsBefore / 1.5 / 4);

    // The next card is still found, and the listing stays learned.
    fx.fake.set({ present: true, stale: true, cert: fx.certFile });
    await waitFor(() => (reader() === 'identified' ? true : undefined), 15_000, 'identified again');
    expect(desk.services.identity.get()?.fiscalCode).toBe('MRNGPP60A01F839N');
    expect(listing()).toBe('after-reinit');
  }, 60_000);

  test('what it learned survives a device-process crash and a desk restart (kept in the desk database)', async () => {
    const stale = { stale: true, cert: fx.certFile };
    fx.fake.set({ present: false, ...stale });
    const first = await startDesk();
    const listing = (d: Desk) => d.services.smartcard.status().modules[0]?.cardListing;
    const reader = (d: Desk) => d.services.status.get().reader.state;
    await waitFor(() => reader(first.desk) === 'waiting', 15_000, 'reader waiting');
    fx.fake.set({ present: true, ...stale });
    await waitFor(() => (listing(first.desk) === 'after-reinit' ? true : undefined), 15_000, 'learned');
    fx.fake.set({ present: false, ...stale });
    await waitFor(() => reader(first.desk) === 'waiting', 10_000, 'card gone');

    // The middleware crashes: the restarted device process starts from what the first one learned.
    fx.fake.set({ present: false, ...stale, crashIn: 'C_GetSlotList' });
    await waitFor(() => reader(first.desk) === 'restarting', 10_000, 'restarting');
    fx.fake.set({ present: false, ...stale });
    await waitFor(() => reader(first.desk) === 'waiting', 20_000, 'reader back');
    expect(first.desk.services.smartcard.restartCount).toBeGreaterThanOrEqual(1);
    expect(listing(first.desk)).toBe('after-reinit');

    // The desk closes for the night and opens again on the same data: no card yet, and already polled lightly.
    await first.desk.close();
    const again = createDesk({ platform: first.platform });
    try {
      await again.start();
      await waitFor(() => reader(again) === 'waiting', 15_000, 'reader waiting after restart');
      expect(listing(again)).toBe('after-reinit');
      await pause(1600);
      const lists0 = count('C_GetSlotList');
      await pause(3000);
      // One poll per 1.5 s: a poll every 100 ms would have listed 30 times.
      expect(count('C_GetSlotList') - lists0).toBeLessThanOrEqual(8);
      fx.fake.set({ present: true, ...stale });
      await waitFor(() => (reader(again) === 'identified' ? true : undefined), 15_000, 'identified');
    } finally {
      await again.close();
    }
  }, 90_000);
});

describe('a blank token (not initialised) in the reader', () => {
  const count = (name: string) => fx.fake.calls().filter((c) => c === name).length;

  test('is not asked for its token on every poll, and a card swapped in for it is still identified', async () => {
    fx.fake.set({ present: true, blank: true, cert: fx.certFile });
    const { desk } = await startDesk();
    const reader = () => desk.services.status.get().reader.state;
    await waitFor(() => reader() === 'waiting', 15_000, 'reader waiting');
    const lists0 = count('C_GetSlotList');
    const infos0 = count('C_GetTokenInfo');
    await new Promise((r) => setTimeout(r, 2000));
    const lists = count('C_GetSlotList') - lists0;
    const infos = count('C_GetTokenInfo') - infos0;
    // Polls every 100 ms, the blank slot asked again every 1.5 s: about one C_GetTokenInfo per 15 listings
    // (one per listing before).
    expect(lists).toBeGreaterThanOrEqual(10);
    expect(infos * 5).toBeLessThanOrEqual(lists);
    expect(reader()).toBe('waiting');

    // Same slot, same listing, a card now: found at the next re-check at the latest.
    fx.fake.set({ present: true, cert: fx.certFile });
    await waitFor(() => (reader() === 'identified' ? true : undefined), 15_000, 'identified');
    expect(desk.services.identity.get()?.fiscalCode).toBe('MRNGPP60A01F839N');
  }, 30_000);
});
