/**
 * GPD bulk sync of 100,000 positions from the local fake GPD server (real HTTP on 127.0.0.1): time, requests,
 * peak RSS; baseline: the same number of requests fetched and parsed without mapping or storing. Then the
 * incremental pass that a scheduled run makes between full ones, after 1 % of the positions were paid.
 */
import { addDays, localDay } from '../electron/services/positions/dates';
import { EC, gpdPositions } from '../test/support/fake-backends/data';
import { fakeGpd } from '../test/support/fake-backends/gpd';
import { createDesk } from '../electron/services/desk';
import { testPlatform } from '../test/support/desk';
import { tempDir } from '../test/support/temp';
import { machineConditions, report } from './lib/report';
import type { Loose } from '../test/support/fake-backends/loose';
import type { SyncState } from '../core/contract/domains/positions';

const N = 100_000;
const today = localDay(new Date());
const fake = fakeGpd({
  organizationFiscalCode: EC.fiscalCode,
  subscriptionKey: 'k',
  positions: gpdPositions(N, addDays(today, -180), 360, 30_000),
});
await fake.server.start();
const dir = tempDir('sportello-bench-sync-');
const platform = testPlatform(dir.path, {
  backend: {
    kind: 'gpd',
    baseUrl: fake.server.url,
    organizationFiscalCode: EC.fiscalCode,
    subscriptionKeySecret: 'gpd',
    pastDays: 180,
    futureDays: 180,
    syncEveryMinutes: 0,
    timeoutMs: 10_000,
  },
});
platform.secrets.set('gpd', 'k');
const desk = createDesk({ platform });
const t0 = process.hrtime.bigint();
const s = await desk.call('sync.run', {});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (!s.ok || (s.value as Loose).state !== 'idle') throw new Error(JSON.stringify(s));
const requests = fake.server.requests.length;
const peakMb = process.resourceUsage().maxRSS / 1024;
const urls = fake.server.requests.map((r) => `${fake.server.url}${r.path}?${r.query.toString()}`);

// An incremental pass (the scheduled kind between two full ones): 1 % of the positions paid this morning.
const PAID = N / 100;
for (let i = 0; i < N; i += N / PAID) {
  const p = fake.state.positions[i]!;
  p.status = 'PAID';
  for (const ins of p.paymentOption[0]!.installments) {
    ins.status = 'PAID';
    ins.paymentDate = `${today}T08:15:00`;
  }
}
fake.reindex();
const before = fake.server.requests.length;
const i0 = process.hrtime.bigint();
const inc = await desk.call('sync.run', {});
const incSeconds = Number(process.hrtime.bigint() - i0) / 1e9;
const incState = (inc.ok ? inc.value : null) as SyncState | null;
if (!incState || incState.state !== 'idle' || incState.positionsSeen !== PAID)
  throw new Error(`incremental pass: ${JSON.stringify(inc)}`);
const incRequests = fake.server.requests.length - before;
await desk.close();

// Baseline: the same requests, body read and JSON-parsed, nothing else.
const b0 = process.hrtime.bigint();
for (const u of urls) await (await fetch(u, { headers: { 'ocp-apim-subscription-key': 'k' } })).json();
const baseSeconds = Number(process.hrtime.bigint() - b0) / 1e9;
await fake.server.stop();
dir.remove();

report({
  bench: 'GPD sync of 100,000 positions from the local fake server',
  conditions: { ...machineConditions(), positions: N, windowDays: 30, pageSize: 50 },
  figures: [
    {
      name: 'sync time',
      value: Math.round(seconds * 10) / 10,
      unit: 's',
      baseline: {
        name: 'same requests fetched+parsed only',
        value: Math.round(baseSeconds * 10) / 10,
        unit: 's',
      },
    },
    { name: 'requests', value: requests, unit: 'requests' },
    {
      name: 'positions/s',
      value: Math.round((s.value as SyncState).positionsSeen / seconds),
      unit: 'positions/s',
    },
    { name: 'peak RSS (process incl. fake server data)', value: Math.round(peakMb), unit: 'MB' },
    {
      name: `incremental pass (payments since the last pass; ${PAID} positions paid today)`,
      value: Math.round(incSeconds * 1000),
      unit: 'ms',
      baseline: { name: 'full pass', value: Math.round(seconds * 1000), unit: 'ms' },
    },
    {
      name: 'incremental pass requests',
      value: incRequests,
      unit: 'requests',
      baseline: { name: 'full pass', value: requests, unit: 'requests' },
    },
  ],
});
