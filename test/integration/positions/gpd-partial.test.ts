import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Position, PositionsResult, SyncState } from '../../../core/contract/domains/positions';
import { addDays, localDay } from '../../../electron/services/positions/dates';
import { citizenCode, EC, gpdPositions, navFor } from '../../support/fake-backends/data';
import { fakeGpd } from '../../support/fake-backends/gpd';
import { deskWith } from './desk-helpers';

// Issue 15: a GPD sync page with a bad instalment dropped it from the cache silently.
const today = localDay(new Date());
const OMO_BASE = citizenCode(0);
// citizenCode(0) with its last two digit slots as omocodia letters (1 → M, 5 → R), check character recomputed.
const omocodic = (code: string): string => {
  const chars = code.split('');
  const letters = 'LMNPQRSTUV';
  chars[13] = letters[Number(chars[13])]!;
  chars[14] = letters[Number(chars[14])]!;
  return chars.slice(0, 15).join('');
};

let fake: ReturnType<typeof fakeGpd>;
beforeEach(async () => {
  fake = fakeGpd({
    organizationFiscalCode: EC.fiscalCode,
    subscriptionKey: 'sub-key',
    positions: gpdPositions(30, addDays(today, -10), 20, 10),
  });
  await fake.server.start();
});
afterEach(() => fake.server.stop());

const config = {
  backend: {
    kind: 'gpd' as const,
    baseUrl: '',
    organizationFiscalCode: EC.fiscalCode,
    subscriptionKeySecret: 'gpd.key',
    pastDays: 30,
    futureDays: 60,
    syncEveryMinutes: 0,
    fullSyncEveryHours: 0,
    timeoutMs: 2000,
    retries: 0,
  },
};

describe('GPD sync: refused items are named and keep their cached values', () => {
  it('an instalment with a zero amount or a bad NAV is refused, the plan keeps it cached, the pass says so', async () => {
    const t = deskWith(
      { backend: { ...config.backend, baseUrl: fake.server.url } },
      { 'gpd.key': 'sub-key' },
    );
    try {
      const first = await t.desk.call('sync.run', { full: true });
      expect(first.ok && (first.value as SyncState).partial).toBeNull();
      const planOf = async () => {
        const r = await t.desk.call('positions.list', { fiscalCode: citizenCode(0) });
        const list = (r.ok ? (r.value as PositionsResult).positions : []) as Position[];
        return list.find((p) => p.backendId === 'IUPD-0')!;
      };
      const before = await planOf();
      expect(before.options).toHaveLength(3);
      // Position 0 is a plan of three: the backend now sends instalment 2 at 0 cents and instalment 3 with a
      // NAV that fails its check digits.
      const ins = fake.state.positions[0]!.paymentOption[0]!.installments;
      ins[1]!.amount = 0;
      const badNav = ins[2]!.nav.slice(0, 16) + (ins[2]!.nav.endsWith('00') ? '01' : '00');
      ins[2]!.nav = badNav;
      fake.reindex();
      for (let round = 0; round < 2; round++) {
        const s = await t.desk.call('sync.run', { full: true });
        const state = (s.ok ? s.value : null) as SyncState;
        expect(state.state).toBe('idle');
        expect(state.partial).toMatchObject({ reasons: ['ITEMS_REFUSED'], refusedCount: 2 });
        expect(state.partial?.refused).toEqual([
          { backendId: 'IUPD-0', nav: ins[1]!.nav, reason: 'ZERO_AMOUNT', field: 'amount' },
          { backendId: 'IUPD-0', nav: badNav, reason: 'NAV', field: 'nav' },
        ]);
        const after = await planOf();
        expect(after.options.map((o) => [o.nav, o.amount])).toEqual(
          before.options.map((o) => [o.nav, o.amount]),
        );
      }
      // `sync.status` says it too, after the pass.
      const status = await t.desk.call('sync.status', {});
      expect(status.ok && (status.value as SyncState).partial?.refusedCount).toBe(2);
      // And a lookup answered from the synced cache is marked partial: the refused items may be this citizen's.
      const r = await t.desk.call('positions.list', { fiscalCode: citizenCode(0) });
      expect(r.ok && (r.value as PositionsResult).partial?.refused.map((x) => x.backendId)).toEqual([
        'IUPD-0',
        'IUPD-0',
      ]);
      // A pass with nothing refused clears it.
      ins[1]!.amount = 5_000;
      ins[2]!.nav = before.options[2]!.nav;
      fake.reindex();
      await t.desk.call('sync.run', { full: true });
      const clean = await t.desk.call('positions.list', { fiscalCode: citizenCode(0) });
      expect(clean.ok && (clean.value as PositionsResult).partial).toBeNull();
    } finally {
      await t.dispose();
    }
  });

  it('two citizens whose codes differ only by omocodia each get their own positions', async () => {
    const OMO = omocodic(OMO_BASE);
    const { computeCheckCharacter } = await import('../../../core/fiscal-code');
    const omo = OMO + computeCheckCharacter(OMO);
    const extra = gpdPositions(1, today, 1)[0]!;
    extra.iupd = 'IUPD-OMO';
    extra.paymentOption[0]!.debtor = { type: 'F', fiscalCode: omo, fullName: 'Omocodico' };
    const n = navFor(8_000_000);
    Object.assign(extra.paymentOption[0]!.installments[0]!, { nav: n.nav, iuv: n.iuv });
    fake.state.positions.push(extra);
    fake.reindex();
    const t = deskWith(
      { backend: { ...config.backend, baseUrl: fake.server.url } },
      { 'gpd.key': 'sub-key' },
    );
    try {
      await t.desk.call('sync.run', { full: true });
      for (let round = 0; round < 2; round++) {
        const a = await t.desk.call('positions.list', { fiscalCode: OMO_BASE });
        const b = await t.desk.call('positions.list', { fiscalCode: omo });
        const pa = (a.ok ? (a.value as PositionsResult).positions : []) as Position[];
        const pb = (b.ok ? (b.value as PositionsResult).positions : []) as Position[];
        expect(pa.map((p) => p.backendId)).not.toContain('IUPD-OMO');
        expect(pa.length).toBeGreaterThan(0);
        expect(pb.map((p) => p.backendId)).toEqual(['IUPD-OMO']);
        expect(pb[0]!.debtor.fiscalCode).toBe(omo);
      }
    } finally {
      await t.dispose();
    }
  });
});
