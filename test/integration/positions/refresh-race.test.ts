import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PositionsResult } from '../../../core/contract/domains/positions';
import { pendenza } from '../../support/fake-backends/data';
import { govpayDesk } from './desk-helpers';

const CF = 'RSSMRA80A01H501U';

let t: Awaited<ReturnType<typeof govpayDesk>>;

beforeEach(async () => {
  t = await govpayDesk([pendenza({ serial: 1, debtor: CF, importo: 12.5 })], { timeoutMs: 2000, retries: 0 });
});
afterEach(() => t.dispose());

describe('cache-first list while a refresh finishes', () => {
  it('a list issued in the same tick as an update still gets its own update', async () => {
    const updates: PositionsResult[] = [];
    const seconds: ReturnType<typeof t.desk.api.positions.list>[] = [];
    t.desk.events.on('positions.updated', (u) => {
      updates.push(u);
      // Same tick as the first update: the finished refresh must not be joined.
      if (seconds.length === 0) seconds.push(t.desk.api.positions.list({ fiscalCode: CF }));
    });
    const first = await t.desk.api.positions.list({ fiscalCode: CF });
    expect(first.ok && first.value.refreshing).toBe(true);
    await expect.poll(() => updates.length, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
    expect(seconds).toHaveLength(1);
    const r = await seconds[0]!;
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    // Either the second list starts a new refresh (and an update follows) or it answers without one pending.
    if (r.value.refreshing)
      await expect.poll(() => updates.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(updates.at(-1)?.source).toBe('live');
  });
});
