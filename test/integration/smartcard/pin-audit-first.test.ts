import { mkdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ANCHOR_FILE } from '../../../electron/services/audit/audit-chain';
import { OperatorsRepo } from '../../../electron/store/operators/operators-repo';
import { useFakeModule } from '../../support/fake-pkcs11/fixture';
import { waitFor } from '../../support/wait';

/**
 * A PIN offered to a card spends one of its tries: it is offered only once the attempt is in the audit log.
 * The programmable module logs every PKCS#11 call, so "never offered" is read from C_Login's count.
 */
const fx = useFakeModule('sportello-pin-audit-');
const logins = () => fx.fake.calls().filter((c) => c === 'C_Login').length;

/** The anchor file swapped for a directory: every audit row is refused (AUDIT_UNAVAILABLE) until it is back. */
function breakAnchor(dataDir: string): () => void {
  const file = join(dataDir, ANCHOR_FILE);
  renameSync(file, `${file}.away`);
  mkdirSync(file);
  return () => {
    rmdirSync(file);
    renameSync(`${file}.away`, file);
  };
}

describe('PIN attempts: audit first, then the card', () => {
  test("a citizen's PIN is not offered while the attempt cannot be audited, twice; then it is offered", async () => {
    fx.fake.set({ present: true, cert: fx.certFile });
    const { desk, dataDir } = await fx.startDesk();
    await waitFor(() => desk.services.identity.get() ?? undefined, 15_000, 'identity');
    const before = logins();
    const restore = breakAnchor(dataDir);
    for (const pin of ['11111', '12345678']) {
      const r = await desk.call('identity.verifyPin', { pin });
      expect(r).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
    }
    expect(logins() - before).toBe(0);
    expect(desk.services.identity.get()?.source).toBe('card');
    restore();
    // Recorded now, so offered: the card's own answer comes back.
    expect(await desk.call('identity.verifyPin', { pin: '11111' })).toMatchObject({
      ok: false,
      error: { code: 'PIN_INCORRECT' },
    });
    expect(logins() - before).toBe(1);
  });

  test("an operator card's PIN is not offered while the attempt cannot be audited, twice; then it is offered", async () => {
    fx.fake.set({ present: false, cert: fx.certFile });
    const { desk, dataDir } = await fx.startDesk();
    const cf = 'MRNGPP60A01F839N';
    new OperatorsRepo(desk.services.db).add(
      { fiscalCode: cf, name: 'Giuseppe Marini', role: 'clerk', hash: null, salt: null },
      new Date().toISOString(),
    );
    fx.fake.set({ present: true, cert: fx.certFile });
    await waitFor(() => desk.services.operators.session().card ?? undefined, 15_000, 'operator card');
    const before = logins();
    const restore = breakAnchor(dataDir);
    for (const pin of ['11111', '12345678']) {
      const r = await desk.call('operator.signInCard', { pin });
      expect(r).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
    }
    expect(logins() - before).toBe(0);
    restore();
    expect(await desk.call('operator.signInCard', { pin: '11111' })).toMatchObject({
      ok: false,
      error: { code: 'PIN_INCORRECT' },
    });
    expect(logins() - before).toBe(1);
  });
});
