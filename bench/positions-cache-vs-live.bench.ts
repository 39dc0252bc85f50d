/**
 * Cache-first answer time vs live answer time for one citizen (5 positions, 12 options) through each connector,
 * over the contract (`desk.api`), each against its local fake server on 127.0.0.1:
 * - cache-first: `positions.list`, the answer returned at once with source 'cache' (for GovPay and MyPay it
 *   also starts the background refresh, whose cost up to the first await is inside the figure);
 * - list → `positions.updated`: from the same call until the background refresh pushes the live answer;
 * - live: `positions.refresh`, which waits for the backend; GPD has no per-citizen lookup (its cache is filled
 *   by sync), so its live figure is a one-window `sync.run` of the citizen's EC;
 * - baseline of each live figure: the same requests the connector sent, as plain `fetch`es (body read, not
 *   parsed) — the fake server's own round trip; the file connector's `positions.list` is the floor that the
 *   other cache-first figures are compared with, and its own baseline is the in-process repository lookup.
 * Per connector the cache-first samples come first, back to back as a clerk's identifications are (a list
 * measured right after a sync pass was ~0.3 ms slower than one after another list); then the live samples,
 * interleaved with their bare round trip so that drift of the machine hits both alike.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import type { PositionsResult, SyncState } from '../core/contract/domains/positions';
import { applyPayability } from '../core/positions/payability';
import type { DeskConfigInput } from '../electron/services/config/schema';
import { createDesk, type Desk } from '../electron/services/desk';
import { addDays, localDay } from '../electron/services/positions/dates';
import { importPositionsFile } from '../electron/services/positions/import-file';
import { PositionsRepo } from '../electron/store/positions/positions-repo';
import { EC, gpdPositions } from '../test/support/fake-backends/data';
import { fakeGovPay, GOVPAY_BASE } from '../test/support/fake-backends/govpay';
import { fakeGpd } from '../test/support/fake-backends/gpd';
import { fakeMyPay } from '../test/support/fake-backends/mypay';
import type { FakeServer, RecordedRequest } from '../test/support/fake-backends/server';
import { testPlatform } from '../test/support/desk';
import { tempDir } from '../test/support/temp';
import { machineConditions, report, summarize, type Figure } from './lib/report';
import {
  CITIZEN,
  CITIZEN_POSITIONS,
  gpdCitizenPositions,
  govpayPendenze,
  importCsv,
  mypayDovuti,
  OPTION_COUNT,
} from './positions-cache-vs-live-data';

const N = 1000;
const WARMUP = 50;
/** Positions of the whole EC due in the one 30-day window a GPD live pass reads: the citizen's 5 among them. */
const GPD_WINDOW_POSITIONS = 200;
const today = localDay(new Date());
const load1 = () => Math.round(loadavg()[0]! * 100) / 100;
const loadBefore = load1();
const started = Date.now();

const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
const round = (ms: number) => Math.round(ms * 1000) / 1000;

function openDesk(config: DeskConfigInput, secrets: Record<string, string> = {}) {
  const dir = tempDir('sportello-bench-cvl-');
  const platform = testPlatform(dir.path, config);
  for (const [k, v] of Object.entries(secrets)) platform.secrets.set(k, v);
  const desk = createDesk({ platform });
  return {
    desk,
    dir: dir.path,
    close: async () => {
      await desk.close();
      dir.remove();
    },
  };
}

function check(r: PositionsResult, source: PositionsResult['source'], positions: number, what: string): void {
  if (r.source !== source || r.error !== null || r.positions.length !== positions)
    throw new Error(`${what}: unexpected answer ${JSON.stringify({ ...r, positions: r.positions.length })}`);
  if (r.totals.optionCount !== OPTION_COUNT) throw new Error(`${what}: ${r.totals.optionCount} options`);
}

async function list(desk: Desk): Promise<PositionsResult> {
  const r = await desk.api.positions.list({ fiscalCode: CITIZEN });
  if (!r.ok) throw new Error(`positions.list: ${JSON.stringify(r.error)}`);
  return r.value;
}

async function refresh(desk: Desk): Promise<PositionsResult> {
  const r = await desk.api.positions.refresh({ fiscalCode: CITIZEN });
  if (!r.ok) throw new Error(`positions.refresh: ${JSON.stringify(r.error)}`);
  return r.value;
}

/**
 * The next `positions.updated`: set before the call that causes it, so it cannot be missed. Bounded, so that a
 * refresh that never reports fails the bench instead of hanging it.
 */
function updates(desk: Desk) {
  let waiter: ((r: PositionsResult) => void) | null = null;
  desk.api.positions.onUpdated((r) => {
    const w = waiter;
    waiter = null;
    w?.(r);
  });
  return () =>
    new Promise<PositionsResult>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no positions.updated within 5 s')), 5000);
      waiter = (r) => {
        clearTimeout(timer);
        resolve(r);
      };
    });
}

/**
 * The service emits `positions.updated` before it forgets the finished refresh (a `finally` one microtask
 * later): a list issued in the same turn would join that finished refresh and never get an event. A clerk's
 * next identification arrives over IPC in a later turn, so the bench lets the turn end first.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const urlOf = (server: FakeServer, q: RecordedRequest) =>
  `${server.url}${encodeURI(q.path)}${q.query.size > 0 ? `?${q.query.toString()}` : ''}`;

async function bareGet(url: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`bare fetch ${url}: ${res.status}`);
}

interface Samples {
  cacheFirst: number[];
  toUpdated: number[];
  live: number[];
  bare: number[];
}

/**
 * GovPay and MyPay, in two phases: identifications (`positions.list`, then its `positions.updated`, awaited so
 * that no background refresh overlaps the next sample), then live answers interleaved with the bare round trip.
 */
async function lookupConnector(
  desk: Desk,
  positions: number,
  bare: () => Promise<() => Promise<void>>,
): Promise<Samples> {
  const nextUpdate = updates(desk);
  check(await refresh(desk), 'live', positions, 'warm-up refresh');
  const s: Samples = { cacheFirst: [], toUpdated: [], live: [], bare: [] };
  for (let i = 0; i < WARMUP + N; i++) {
    const updated = nextUpdate();
    const t = process.hrtime.bigint();
    const cached = await list(desk);
    const cacheMs = since(t);
    const fresh = await updated;
    const updatedMs = since(t);
    await nextTurn();
    check(cached, 'cache', positions, 'list');
    if (!cached.refreshing) throw new Error('list did not start a background refresh');
    check(fresh, 'live', positions, 'positions.updated');
    if (i >= WARMUP) {
      s.cacheFirst.push(cacheMs);
      s.toUpdated.push(updatedMs);
    }
  }
  for (let i = 0; i < WARMUP + N; i++) {
    const b = await bare();
    let t = process.hrtime.bigint();
    await b();
    const bareMs = since(t);
    t = process.hrtime.bigint();
    const live = await refresh(desk);
    const liveMs = since(t);
    check(live, 'live', positions, 'refresh');
    if (i >= WARMUP) {
      s.bare.push(bareMs);
      s.live.push(liveMs);
    }
  }
  return s;
}

function assertClean(server: FakeServer, name: string): void {
  if (server.violations.length > 0)
    throw new Error(
      `${name} fake server saw contract violations: ${server.violations.slice(0, 5).join('; ')}`,
    );
}

// ---- file: the floor ---------------------------------------------------------------------------------------
async function benchFile() {
  const d = openDesk({ backend: { kind: 'file' } });
  try {
    const csv = join(d.dir, 'citizen.csv');
    writeFileSync(csv, importCsv(today));
    const imp = await importPositionsFile(d.desk.services.db, csv, { now: new Date() });
    if (!imp.committed || imp.errorCount > 0) throw new Error(`import: ${JSON.stringify(imp.errors)}`);
    const repo = new PositionsRepo(d.desk.services.db);
    const s = { cacheFirst: [] as number[], inProcess: [] as number[] };
    for (let i = 0; i < WARMUP + N; i++) {
      let t = process.hrtime.bigint();
      const direct = repo.byFiscalCode(CITIZEN).map((p) => applyPayability(p, today));
      const inMs = since(t);
      if (direct.length !== CITIZEN_POSITIONS.length) throw new Error('in-process lookup');
      t = process.hrtime.bigint();
      const r = await list(d.desk);
      const listMs = since(t);
      check(r, 'cache', CITIZEN_POSITIONS.length, 'file list');
      if (i >= WARMUP) {
        s.inProcess.push(inMs);
        s.cacheFirst.push(listMs);
      }
    }
    return s;
  } finally {
    await d.close();
  }
}

// ---- GovPay ------------------------------------------------------------------------------------------------
async function benchGovPay(): Promise<Samples> {
  const fake = fakeGovPay({ username: 'desk', password: 'pw', pendenze: govpayPendenze(today) });
  await fake.server.start();
  const d = openDesk(
    {
      backend: {
        kind: 'govpay',
        baseUrl: `${fake.server.url}${GOVPAY_BASE}`,
        auth: { mode: 'basic', username: 'desk', passwordSecret: 'gp.pw' },
        timeoutMs: 3000,
        retries: 1,
      },
    },
    { 'gp.pw': 'pw' },
  );
  try {
    const auth = { authorization: 'Basic ' + Buffer.from('desk:pw').toString('base64') };
    const s = await lookupConnector(d.desk, CITIZEN_POSITIONS.length, async () => {
      // The search the connector itself sent last (one page holds the citizen's 12 pendenze).
      const url = urlOf(fake.server, fake.server.requests.at(-1)!);
      return () => bareGet(url, auth);
    });
    assertClean(fake.server, 'GovPay');
    return s;
  } finally {
    await d.close();
    await fake.server.stop();
  }
}

// ---- MyPay -------------------------------------------------------------------------------------------------
async function benchMyPay(): Promise<Samples> {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const app = 'sportello-bench';
  const data = mypayDovuti(today);
  const fake = fakeMyPay({ applicationName: app, publicKeyPem: keys.publicKey, today, ...data });
  await fake.server.start();
  const d = openDesk(
    {
      backend: {
        kind: 'mypay',
        baseUrl: fake.server.url,
        applicationName: app,
        privateKeySecret: 'mypay.key',
        timeoutMs: 3000,
        retries: 1,
      },
    },
    { 'mypay.key': keys.privateKey },
  );
  const key = await importPKCS8(keys.privateKey, 'RS256');
  // The fake refuses a reused jti, as MyPay does: the baseline signs its own tokens, outside the timed part.
  const token = () => {
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ type: 'a2a' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setSubject(app)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 60)
      .setJti(randomUUID())
      .sign(key);
  };
  try {
    const s = await lookupConnector(d.desk, OPTION_COUNT, async () => {
      // The connector's two searches (dovuti and pagati), sent in parallel as it sends them.
      const urls = fake.server.requests.slice(-2).map((q) => urlOf(fake.server, q));
      const tokens = await Promise.all(urls.map(() => token()));
      return async () => {
        await Promise.all(urls.map((u, i) => bareGet(u, { authorization: `Bearer ${tokens[i]!}` })));
      };
    });
    assertClean(fake.server, 'MyPay');
    return s;
  } finally {
    await d.close();
    await fake.server.stop();
  }
}

// ---- GPD ---------------------------------------------------------------------------------------------------
async function benchGpd(): Promise<Samples & { pages: number }> {
  const others = gpdPositions(GPD_WINDOW_POSITIONS - CITIZEN_POSITIONS.length, today, 30, 60);
  const fake = fakeGpd({
    organizationFiscalCode: EC.fiscalCode,
    subscriptionKey: 'sub-key',
    positions: [...others, ...gpdCitizenPositions(today)],
  });
  await fake.server.start();
  // pastDays 0 + futureDays 29 with 30-day windows: a pass is exactly one window, today … today+29.
  const d = openDesk(
    {
      backend: {
        kind: 'gpd',
        baseUrl: fake.server.url,
        organizationFiscalCode: EC.fiscalCode,
        subscriptionKeySecret: 'gpd.key',
        windowDays: 30,
        pageSize: 50,
        pastDays: 0,
        futureDays: 29,
        syncEveryMinutes: 0,
        timeoutMs: 3000,
        retries: 1,
      },
    },
    { 'gpd.key': 'sub-key' },
  );
  const sync = async (): Promise<SyncState> => {
    // A full pass each time: the "live" GPD answer is the window's positions, not the payments since the last pass.
    const r = await d.desk.api.sync.run({ full: true });
    if (!r.ok || r.value.state !== 'idle' || r.value.positionsSeen !== GPD_WINDOW_POSITIONS)
      throw new Error(`sync.run: ${JSON.stringify(r)}`);
    return r.value;
  };
  try {
    const warm = await sync();
    const pages = warm.requests;
    const windows = new Set(fake.server.requests.map((q) => q.query.get('due_date_from')));
    if (windows.size !== 1) throw new Error(`expected one window, saw ${windows.size}`);
    const urls = fake.server.requests.slice(-pages).map((q) => urlOf(fake.server, q));
    const key = { 'ocp-apim-subscription-key': 'sub-key' };
    const s: Samples = { cacheFirst: [], toUpdated: [], live: [], bare: [] };
    // Between two syncs the desk answers GPD lookups from the cache alone: back-to-back lists, as at the desk.
    for (let i = 0; i < WARMUP + N; i++) {
      const t = process.hrtime.bigint();
      const r = await list(d.desk);
      const cacheMs = since(t);
      check(r, 'cache', CITIZEN_POSITIONS.length, 'gpd list');
      if (i >= WARMUP) s.cacheFirst.push(cacheMs);
    }
    for (let i = 0; i < WARMUP + N; i++) {
      let t = process.hrtime.bigint();
      for (const u of urls) await bareGet(u, key);
      const bareMs = since(t);
      t = process.hrtime.bigint();
      await sync();
      const liveMs = since(t);
      if (i >= WARMUP) {
        s.bare.push(bareMs);
        s.live.push(liveMs);
      }
    }
    assertClean(fake.server, 'GPD');
    return { ...s, pages };
  } finally {
    await d.close();
    await fake.server.stop();
  }
}

const file = await benchFile();
const govpay = await benchGovPay();
const mypay = await benchMyPay();
const gpd = await benchGpd();
const loadAfter = load1();

const floor = summarize(file.cacheFirst);
const inProcess = summarize(file.inProcess);
const pair = (
  name: string,
  samples: number[],
  baseName: string,
  base: { p50: number; p99: number },
): Figure[] => {
  const m = summarize(samples);
  return (['p50', 'p99'] as const).map((p) => ({
    name: `${name} ${p}`,
    value: round(m[p]),
    unit: 'ms',
    baseline: { name: `${baseName} ${p}`, value: round(base[p]), unit: 'ms' },
  }));
};
const liveConnector = (name: string, s: Samples, bareName: string): Figure[] => {
  const bare = summarize(s.bare);
  return [
    ...pair(`${name} cache-first positions.list`, s.cacheFirst, 'file positions.list (floor)', floor),
    ...pair(`${name} live positions.refresh`, s.live, bareName, bare),
    ...pair(`${name} positions.list → positions.updated`, s.toUpdated, bareName, bare),
  ];
};

report({
  bench: 'cache-first vs live answer for one citizen, per connector (over desk.api)',
  conditions: {
    ...machineConditions(),
    cpus: cpus().length,
    samplesPerFigure: N,
    warmupIterations: WARMUP,
    citizen: `${CITIZEN_POSITIONS.length} positions / ${OPTION_COUNT} options (MyPay: ${OPTION_COUNT} single-option dovuti, 1 of them in pagati)`,
    gpdLive: `one-window sync.run: ${GPD_WINDOW_POSITIONS} EC positions in ${today}…${addDays(today, 29)}, ${gpd.pages} pages of 50`,
    bareBaseline:
      'plain fetch (undici, keep-alive) of the requests the connector sent; body read, not parsed',
    loadAvg1Before: loadBefore,
    loadAvg1After: loadAfter,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  },
  figures: [
    ...pair('file positions.list (floor)', file.cacheFirst, 'in-process repo lookup + payability', inProcess),
    ...liveConnector('govpay', govpay, 'bare GET pendenze (1 page)'),
    ...liveConnector('mypay', mypay, 'bare GET dovuti+pagati in parallel (pre-signed JWTs)'),
    ...pair('gpd cache-first positions.list', gpd.cacheFirst, 'file positions.list (floor)', floor),
    ...pair(
      `gpd live = one-window sync.run (${gpd.pages} pages)`,
      gpd.live,
      `bare GET of the same ${gpd.pages} pages, in sequence`,
      summarize(gpd.bare),
    ),
  ],
});
