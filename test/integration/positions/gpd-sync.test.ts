import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Position } from '../../../core/contract/domains/positions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay, addDays } from '../../../electron/services/positions/dates';
import { citizenCode, EC, gpdPositions, navFor } from '../../support/fake-backends/data';
import { fakeGpd } from '../../support/fake-backends/gpd';
import { tempDir } from '../../support/temp';
import { deskWith } from './desk-helpers';
import type { Loose } from '../../support/fake-backends/loose';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const today = localDay(new Date());

let fake: ReturnType<typeof fakeGpd>;
beforeEach(async () => {
  fake = fakeGpd({
    organizationFiscalCode: EC.fiscalCode,
    subscriptionKey: 'sub-key',
    positions: gpdPositions(600, addDays(today, -50), 120, 200),
  });
  await fake.server.start();
});
afterEach(() => fake.server.stop());

const config = () => ({
  backend: {
    kind: 'gpd' as const,
    baseUrl: fake.server.url,
    organizationFiscalCode: EC.fiscalCode,
    subscriptionKeySecret: 'gpd.key',
    pastDays: 60,
    futureDays: 90,
    syncEveryMinutes: 0,
    timeoutMs: 2000,
    retries: 0,
  },
});

describe('GPD bulk sync', () => {
  it('syncs window by window (≤ 30 days) and page by page (≤ 50), then answers lookups locally', async () => {
    const t = deskWith(config(), { 'gpd.key': 'sub-key' });
    try {
      const progress: number[] = [];
      t.desk.events.on('sync.progress', (p) => progress.push(p.fraction));
      const s = await t.desk.call('sync.run', {});
      expect(s.ok && (s.value as Loose)).toMatchObject({
        state: 'idle',
        cursor: null,
        positionsSeen: 600,
        error: null,
      });
      expect(fake.server.violations).toEqual([]);
      expect(progress.at(-1)).toBe(1);
      const r = await t.desk.call('positions.list', { fiscalCode: citizenCode(0) });
      expect(r.ok && (r.value as Loose).positions.length).toBe(3);
      expect(r.ok && (r.value as Loose).dataAsOf).not.toBeNull();
      const list: Position[] = r.ok ? (r.value as Loose).positions : [];
      const plan = list.find((p) => p.options.length === 3);
      expect(plan?.options.map((o) => o.index)).toEqual([1, 2, 3]);
    } finally {
      await t.dispose();
    }
  });

  it('between full passes a run fetches only the payments since the last pass; new positions wait for a full one', async () => {
    const t = deskWith(config(), { 'gpd.key': 'sub-key' });
    try {
      const passes: string[] = [];
      t.desk.events.on('sync.progress', (p) => p.phase === 'done' && passes.push(p.pass));
      const first = await t.desk.call('sync.run', {});
      const firstState = (first.ok ? first.value : {}) as Loose;
      expect(firstState).toMatchObject({ positionsSeen: 600 });
      expect(firstState.lastFullAt).toBe(firstState.lastCompletedAt);
      const dueWindows = fake.requests.due;

      // Position 1 (a single payment of citizen 1) is paid at a post office this morning; a new position is
      // published for citizen 2.
      const paid = fake.state.positions[1]!;
      paid.status = 'PAID';
      const instalment = paid.paymentOption[0]!.installments[0]!;
      instalment.status = 'PAID';
      instalment.paymentDate = `${today}T09:30:00`;
      const fresh = gpdPositions(1, today, 1)[0]!;
      fresh.iupd = 'IUPD-NEW';
      fresh.paymentOption[0]!.debtor = { ...fresh.paymentOption[0]!.debtor, fiscalCode: citizenCode(2) };
      const freshNav = navFor(9_000_000);
      Object.assign(fresh.paymentOption[0]!.installments[0]!, { nav: freshNav.nav, iuv: freshNav.iuv });
      fake.state.positions.push(fresh);
      fake.reindex();

      const second = await t.desk.call('sync.run', {});
      // Payments since the day before the last pass: one window of payment dates, no due-date window.
      expect(fake.requests.due).toBe(dueWindows);
      expect(fake.requests.payment).toBe(1);
      expect(second.ok && (second.value as Loose)).toMatchObject({
        state: 'idle',
        positionsSeen: 1,
        requests: 1,
        lastFullAt: firstState.lastFullAt,
      });
      const options = async (cf: string) => {
        const r = await t.desk.call('positions.list', { fiscalCode: cf });
        return (r.ok ? ((r.value as Loose).positions as Position[]) : []).flatMap((p) => p.options);
      };
      const nav = instalment.nav;
      expect((await options(citizenCode(1))).find((o) => o.nav === nav)?.status).toBe('paid');
      expect((await options(citizenCode(2))).some((o) => o.nav === freshNav.nav)).toBe(false);

      const third = await t.desk.call('sync.run', { full: true });
      expect(third.ok && (third.value as Loose)).toMatchObject({ positionsSeen: 601 });
      expect((await options(citizenCode(2))).some((o) => o.nav === freshNav.nav)).toBe(true);
      expect(passes).toEqual(['full', 'payments', 'full']);
      expect(fake.server.violations).toEqual([]);
    } finally {
      await t.dispose();
    }
  });

  it('with fullSyncEveryHours 0 every run is a full pass', async () => {
    const t = deskWith({ backend: { ...config().backend, fullSyncEveryHours: 0 } }, { 'gpd.key': 'sub-key' });
    try {
      await t.desk.call('sync.run', {});
      const due = fake.requests.due;
      const again = await t.desk.call('sync.run', {});
      expect(again.ok && (again.value as Loose)).toMatchObject({ positionsSeen: 600 });
      expect(fake.requests.due).toBe(2 * due);
      expect(fake.requests.payment).toBe(0);
    } finally {
      await t.dispose();
    }
  });

  it('a failed page keeps the cursor; the next run resumes there', async () => {
    const t = deskWith(config(), { 'gpd.key': 'sub-key' });
    try {
      const before = fake.server.requests.length;
      let pages = 0;
      t.desk.events.on('sync.progress', (p) => {
        if (p.phase === 'page' && ++pages === 4) fake.server.inject({ kind: 'status', status: 500 });
      });
      const failed = await t.desk.call('sync.run', {});
      expect(failed.ok && (failed.value as Loose).state).toBe('failed');
      const cursor = failed.ok ? (failed.value as Loose).cursor : null;
      expect(cursor).not.toBeNull();
      expect(t.desk.services.status.get().backend.state).toBe('offline');
      fake.server.clearFaults();
      const seen = fake.server.requests.length;
      const ok = await t.desk.call('sync.run', {});
      expect(ok.ok && (ok.value as Loose).state).toBe('idle');
      const resumed = fake.server.requests[seen]!;
      expect(resumed.query.get('due_date_from')).toBe(cursor!.windowFrom);
      expect(resumed.query.get('page')).toBe(String(cursor!.page));
      expect(fake.server.requests.length - before).toBeGreaterThan(4);
    } finally {
      await t.dispose();
    }
  });

  it('a process killed mid-sync leaves the database consistent and resumes from its cursor', async () => {
    const dir = tempDir('sportello-gpd-kill-');
    try {
      writeFileSync(join(dir.path, 'config.json'), JSON.stringify(config()));
      const secrets = join(dir.path, 'secrets.json');
      writeFileSync(secrets, JSON.stringify({ 'gpd.key': 'sub-key' }), { mode: 0o600 });
      fake.server.inject({ kind: 'latency', ms: 60 });
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'sportello.js'), 'sync'], {
        env: {
          ...process.env,
          SPORTELLO_DATA_DIR: dir.path,
          SPORTELLO_ADMIN_CONFIG: '',
          SPORTELLO_SECRETS: secrets,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise((r) => child.once('exit', r));
      for (let i = 0; i < 1000 && fake.server.requests.length < 6 && child.exitCode === null; i++)
        await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGKILL');
      await exited;
      expect(child.signalCode).toBe('SIGKILL');
      const db = new Database(join(dir.path, 'sportello.sqlite'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const row = db.prepare(`SELECT cursor, requests FROM sync_state WHERE connector = 'gpd'`).get() as {
        cursor: string;
        requests: number;
      };
      db.close();
      expect(row.cursor).not.toBeNull();
      const cursor = JSON.parse(row.cursor) as { windowFrom: string; page: number };
      fake.server.clearFaults();
      const seen = fake.server.requests.length;
      const t = deskWith(config(), { 'gpd.key': 'sub-key' }, dir.path);
      try {
        const s = await t.desk.call('sync.run', {});
        expect(s.ok && (s.value as Loose).state).toBe('idle');
        const first = fake.server.requests[seen]!;
        expect([first.query.get('due_date_from'), first.query.get('page')]).toEqual([
          cursor.windowFrom,
          String(cursor.page),
        ]);
        const n = (
          t.desk.services.db.prepare(`SELECT count(*) AS n FROM positions WHERE connector = 'gpd'`).get() as {
            n: number;
          }
        ).n;
        expect(n).toBe(600);
      } finally {
        await t.desk.close();
      }
    } finally {
      dir.remove();
    }
  });
});
