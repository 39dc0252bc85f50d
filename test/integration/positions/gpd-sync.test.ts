import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Position } from '../../../core/contract/domains/positions';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDay, addDays } from '../../../electron/services/positions/dates';
import { citizenCode, EC, gpdPositions } from '../../support/fake-backends/data';
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
