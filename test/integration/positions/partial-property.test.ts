import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { PartialAnswer } from '../../../core/contract/domains/positions';
import type { OptionDraft, PositionDraft } from '../../../core/positions/payability';
import type { LiveAnswer, LiveConnector } from '../../../electron/connectors/types';
import { DeskEvents } from '../../../electron/services/events';
import { silentLogger } from '../../../electron/services/log';
import { PositionsService } from '../../../electron/services/positions/positions-service';
import type { StatusBoard } from '../../../electron/services/status-board';
import { openDatabase } from '../../../electron/store/database';
import { PositionsRepo } from '../../../electron/store/positions/positions-repo';
import { EC, navFor } from '../../support/fake-backends/data';
import { tempDir } from '../../support/temp';

/**
 * Issue 15's rule as a property: for any backend answer, the options cached after a lookup include every
 * option the cache held before that the backend may still hold, unless the answer was complete.
 */
const CF = 'RSSMRA80A01H501U';
const dir = tempDir('sportello-prop-');
afterAll(() => dir.remove());

/** The universe: 6 positions of up to 3 options each, identified by (position, option) numbers. */
type Key = `${number}/${number}`;
const option = (pos: number, opt: number, amount: number): OptionDraft => {
  const nav = navFor(5000 + pos * 10 + opt).nav;
  return {
    id: `govpay:${EC.fiscalCode}:doc:D${pos}#${nav}`,
    nav,
    iuv: navFor(5000 + pos * 10 + opt).iuv,
    amount,
    dueDate: '2099-12-31',
    kind: 'instalment',
    planSize: 3,
    index: opt + 1,
    status: 'unpaid',
    backendStatus: 'NON_ESEGUITA',
    description: null,
  };
};
function positions(keys: readonly Key[], amount: number, at: string): PositionDraft[] {
  const byPos = new Map<number, number[]>();
  for (const k of keys) {
    const [p, o] = k.split('/').map(Number) as [number, number];
    byPos.set(p, [...(byPos.get(p) ?? []), o]);
  }
  return [...byPos].map(([p, opts]) => ({
    id: `govpay:${EC.fiscalCode}:doc:D${p}`,
    connector: 'govpay',
    backendId: `D${p}`,
    creditor: {
      fiscalCode: EC.fiscalCode,
      name: EC.name,
      ipaCode: null,
      cbill: null,
      sector: null,
      info: null,
    },
    debtor: { fiscalCode: CF, kind: 'F', name: null },
    subject: `Piano ${p}`,
    status: 'payable',
    backendStatus: null,
    options: opts.sort().map((o) => option(p, o, amount)),
    fetchedAt: at,
  }));
}

const ALL: Key[] = [];
for (let p = 0; p < 6; p++) for (let o = 0; o < 3; o++) ALL.push(`${p}/${o}`);
const keySet = fc.subarray(ALL);
const PARTIAL: PartialAnswer = {
  reasons: ['ITEMS_REFUSED'],
  refused: [],
  refusedCount: 1,
  pagesRead: 1,
  pagesTotal: 1,
  retryAfterSeconds: null,
  error: null,
};

describe('a lookup never loses what the backend may still hold (property)', () => {
  it('cached after ⊇ (cached before ∩ held by the backend) unless the answer was complete', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        keySet, // what the cache holds before
        keySet, // what the backend holds now
        fc.boolean(), // whether the answer is complete
        fc.func(fc.boolean()), // for a partial answer: which held items it leaves out
        async (before, held, complete, leaveOut) => {
          const db = openDatabase(join(dir.path, `p${run++}.sqlite`));
          try {
            const repo = new PositionsRepo(db);
            let clock = Date.parse('2025-06-15T08:00:00Z');
            const now = () => new Date((clock += 1000));
            db.transaction(() =>
              repo.replaceForCitizen('govpay', CF, positions(before, 100, now().toISOString())),
            )();
            const answerKeys = complete ? held : held.filter((k) => !leaveOut(k));
            const live: LiveConnector = {
              kind: 'govpay',
              byFiscalCode: async (cf): Promise<LiveAnswer> => ({
                positions: cf === CF ? positions(answerKeys, 200, now().toISOString()) : [],
                partial: complete ? null : PARTIAL,
              }),
              byNotice: async () => ({ positions: [], partial: null }),
              probe: async () => {},
            };
            const service = new PositionsService({
              repo,
              connector: 'govpay',
              live,
              policy: { timeoutMs: 1000, retries: 0 },
              setupError: null,
              events: new DeskEvents(),
              status: { set: () => {} } as unknown as StatusBoard,
              log: silentLogger,
              now,
              retentionDays: 30,
            });
            const r = await service.refresh(CF);
            const cachedAfter = new Set(repo.byFiscalCode(CF).flatMap((p) => p.options.map((o) => o.nav)));
            const navOf = (k: Key) => {
              const [p, o] = k.split('/').map(Number) as [number, number];
              return option(p, o, 0).nav;
            };
            if (complete) {
              expect(r.partial).toBeNull();
              expect([...cachedAfter].sort()).toEqual(held.map(navOf).sort());
            } else {
              expect(r.partial).not.toBeNull();
              const mustKeep = before.filter((k) => held.includes(k)).map(navOf);
              for (const nav of mustKeep) expect(cachedAfter.has(nav)).toBe(true);
              for (const k of answerKeys) expect(cachedAfter.has(navOf(k))).toBe(true);
            }
            // What the clerk is shown is what the cache holds.
            expect(new Set(r.positions.flatMap((p) => p.options.map((o) => o.nav)))).toEqual(cachedAfter);
          } finally {
            db.close();
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
