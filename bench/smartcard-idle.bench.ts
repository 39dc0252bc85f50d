/**
 * Idle cost of slot polling: CPU seconds per hour of the device process as the app ships it (the vite bundle
 * dist/smartcard/device.cjs under plain Node, not the tsx loader used in development, which alone costs several
 * s/h), with no card and with a card in a SoftHSM "reader", for the `auto` re-initialisation policy and the old
 * `always` one (C_Finalize + C_Initialize on every idle poll). Window B measures every condition at once, so
 * that a loaded machine weighs on each alike, with an idle Node child and a Node child that wakes every poll
 * interval to do nothing (the floor of any JavaScript poller on the machine). Window A then measures the `auto`
 * processes with no card as a desk runs them, before its first card and after one (when the poll has learned
 * that SoftHSM needs a re-initialisation to list a card), alone (in their steady state, after window B) beside
 * the no-op child and a C program that only wakes as often (the machine's floor); the goal is judged there.
 * Window C measures the learned process once more under the desk's watchdog, with the heartbeat the desk asks
 * for and, as the baseline, without it (answering pings). Then the insert and
 * removal detection latency of both policies, by moving a token folder in and out of SoftHSM's token directory.
 *
 * CPU is the sum over the process's threads of /proc/<pid>/task/<tid>/schedstat run time (ns), cross-checked with
 * utime + stime from /proc/<pid>/stat (10 ms ticks). Linux only.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { DeviceWatchdog } from '../electron/services/smartcard/watchdog';
import { DEVICE_PROCESS_V8_FLAGS } from '../native/smartcard/process-flags';
import type { FromDevice } from '../native/smartcard/protocol';
import type { ReinitMode } from '../native/smartcard/reinit-policy';
import { buildCard } from '../test/support/softhsm/cards';
import { SoftHsm, type InsertedToken } from '../test/support/softhsm/softhsm';
import { schedSeconds } from './lib/proc-cpu';
import { machineConditions, report, summarize } from './lib/report';

const WINDOW_S = Number(process.env['SMARTCARD_IDLE_WINDOW_S'] ?? 60);
const WARMUP_S = 15;
const POLL_MS = 500;
const LATENCY_CYCLES = 8;
/** The desk's defaults: watchdog limit 8 s, checked every 2 s; the device says `alive` every 2 s from its polls. */
const WATCHDOG_MS = 8000;
const HEARTBEAT_MS = WATCHDOG_MS / 4;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Inside node_modules so that the bundle's external requires (pkcs11js, zod) resolve as in the app.
const OUT = join(ROOT, 'node_modules', '.cache', 'sportello-bench', 'smartcard');

await build({
  configFile: join(ROOT, 'native/smartcard/vite.config.ts'),
  logLevel: 'warn',
  build: { outDir: OUT, emptyOutDir: true },
});
const idleScript = join(OUT, 'idle.mjs');
const tickingScript = join(OUT, 'ticking.mjs');
writeFileSync(idleScript, 'process.on("message", () => {});\n');
writeFileSync(tickingScript, `process.on("message", () => {});\nsetInterval(() => {}, ${POLL_MS});\n`);
// The machine's own floor: what waking every poll interval costs a C program that does nothing else. On a
// virtual machine every entry into the kernel is dear, and this is the part no JavaScript change can remove.
const sleeperSource = join(OUT, 'sleeper.c');
const sleeperBinary = join(OUT, 'sleeper');
writeFileSync(
  sleeperSource,
  `#include <time.h>\nint main(void) { struct timespec t = {0, ${POLL_MS}000000L}; for (;;) nanosleep(&t, 0); }\n`,
);
execFileSync('gcc', ['-O2', '-o', sleeperBinary, sleeperSource]);

function statSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

interface Device {
  readonly child: ChildProcess;
  readonly messages: FromDevice[];
  next<T>(pick: (m: FromDevice) => T | undefined, timeoutMs: number): Promise<T>;
}

/** `v8Flags`: the app's own (DEVICE_PROCESS_V8_FLAGS) unless a baseline asks for V8's defaults. */
/** `heartbeatMs`: as the desk configures it (SmartcardService), or absent as before it did. */
function device(
  hsm: SoftHsm,
  mode: ReinitMode,
  v8Flags = DEVICE_PROCESS_V8_FLAGS,
  heartbeatMs?: number,
): Device {
  const child = fork(join(OUT, 'device.cjs'), [], {
    env: { ...process.env, SOFTHSM2_CONF: hsm.conf },
    execArgv: [...v8Flags],
    serialization: 'json',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const messages: FromDevice[] = [];
  const waiters = new Set<(m: FromDevice) => void>();
  child.on('message', (m) => {
    messages.push(m as FromDevice);
    for (const w of waiters) w(m as FromDevice);
  });
  child.send({
    type: 'configure',
    config: {
      modules: [hsm.module],
      useDefaultModules: false,
      pollIntervalMs: POLL_MS,
      reinitializeWhenIdle: mode,
      trustDir: null,
      crlFile: null,
      ...(heartbeatMs === undefined ? {} : { heartbeatMs }),
    },
  });
  return {
    child,
    messages,
    next: (pick, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`device (${mode}): no answer in ${timeoutMs} ms`));
        }, timeoutMs);
        const w = (m: FromDevice) => {
          const v = pick(m);
          if (v === undefined) return;
          clearTimeout(timer);
          waiters.delete(w);
          resolve(v);
        };
        waiters.add(w);
      }),
  };
}

const worlds = {
  autoEmpty: new SoftHsm(),
  autoCard: new SoftHsm(),
  alwaysEmpty: new SoftHsm(),
  alwaysCard: new SoftHsm(),
  // What polling costs when the module needs no re-initialisation to see a card (as `auto` settles on for
  // middlewares that show insertions live): SoftHSM cannot show one that way, so this world stays empty.
  neverEmpty: new SoftHsm(),
  // Baseline: `auto` with no card, started with V8's default flags instead of the app's.
  defaultFlagsEmpty: new SoftHsm(),
  // `auto` with no card, after one card came and went: the poll has learned that SoftHSM lists a new token only
  // after a re-initialisation (ReinitPolicy, `after-reinit`), as a desk's poll has after its first citizen.
  autoLearned: new SoftHsm(),
  // The same, without the heartbeat: answering the supervisor's pings instead (the desk before this change).
  autoLearnedPinged: new SoftHsm(),
};
const cardTokens = new Map<SoftHsm, InsertedToken>();
const parkedWorlds = [worlds.autoEmpty, worlds.alwaysEmpty, worlds.autoLearned, worlds.autoLearnedPinged];
for (const w of [worlds.autoCard, worlds.alwaysCard, ...parkedWorlds])
  cardTokens.set(w, await w.insert(await buildCard()));
// The "empty" worlds keep their token parked outside the token folder until the latency phase (or the lesson).
for (const w of parkedWorlds)
  renameSync(join(w.root, 'tokens', cardTokens.get(w)!.dir), join(w.root, 'parked'));

/** One card in and out, then the module's listing as the device reports it. */
async function teach(hsm: SoftHsm, d: Device): Promise<string> {
  const live = join(hsm.root, 'tokens', cardTokens.get(hsm)!.dir);
  const parked = join(hsm.root, 'parked');
  const seen = d.next((m) => (m.type === 'card' ? true : undefined), 15_000);
  renameSync(parked, live);
  await seen;
  const gone = d.next((m) => (m.type === 'cardRemoved' ? true : undefined), 15_000);
  renameSync(live, parked);
  await gone;
  const status = d.messages.findLast((m) => m.type === 'status');
  return status?.type === 'status' ? (status.modules[0]?.cardListing ?? 'none') : 'none';
}

/** CPU seconds per hour of each process over one window of WINDOW_S. */
async function measureWindow(
  pids: Record<string, number>,
): Promise<Record<string, { sched: number; stat: number }>> {
  const before = Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [k, { sched: schedSeconds(pid), stat: statSeconds(pid) }]),
  );
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  const out: Record<string, { sched: number; stat: number }> = {};
  for (const [k, pid] of Object.entries(pids)) {
    const b = before[k]!;
    out[k] = {
      sched: ((schedSeconds(pid) - b.sched) / WINDOW_S) * 3600,
      stat: ((statSeconds(pid) - b.stat) / WINDOW_S) * 3600,
    };
  }
  return out;
}

const first = device(worlds.autoEmpty, 'auto');
const ticking = fork(tickingScript, [], { execArgv: [...DEVICE_PROCESS_V8_FLAGS] });

// Window B: every condition at once, so a loaded machine weighs on each alike.
const devices = {
  autoEmpty: first,
  autoCard: device(worlds.autoCard, 'auto'),
  alwaysEmpty: device(worlds.alwaysEmpty, 'always'),
  alwaysCard: device(worlds.alwaysCard, 'always'),
  neverEmpty: device(worlds.neverEmpty, 'never'),
  defaultFlagsEmpty: device(worlds.defaultFlagsEmpty, 'auto', []),
  autoLearned: device(worlds.autoLearned, 'auto', DEVICE_PROCESS_V8_FLAGS, HEARTBEAT_MS),
};
const pingedLearned = device(worlds.autoLearnedPinged, 'auto');
await Promise.all([
  first.next((m) => (m.type === 'status' && m.settled ? true : undefined), 30_000),
  devices.autoCard.next((m) => (m.type === 'card' ? true : undefined), 30_000),
  devices.alwaysCard.next((m) => (m.type === 'card' ? true : undefined), 30_000),
  devices.alwaysEmpty.next((m) => (m.type === 'status' && m.settled ? true : undefined), 30_000),
  devices.neverEmpty.next((m) => (m.type === 'status' && m.settled ? true : undefined), 30_000),
  devices.defaultFlagsEmpty.next((m) => (m.type === 'status' && m.settled ? true : undefined), 30_000),
  devices.autoLearned.next((m) => (m.type === 'status' && m.settled ? true : undefined), 30_000),
  pingedLearned.next((m) => (m.type === 'status' && m.settled ? true : undefined), 30_000),
]);
for (const [name, world, d] of [
  ['autoLearned', worlds.autoLearned, devices.autoLearned],
  ['autoLearnedPinged', worlds.autoLearnedPinged, pingedLearned],
] as const) {
  const learned = await teach(world, d);
  if (learned !== 'after-reinit') throw new Error(`${name}: the poll learned "${learned}", not after-reinit`);
}
// Stopped until window C.
process.kill(pingedLearned.child.pid!, 'SIGSTOP');
const idle = fork(idleScript, [], { execArgv: [] });
// Start-up (module loading, JIT, the first GCs of a fresh heap, the first X.509 parse) is not idle cost.
await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
const measured: Record<string, number> = {
  autoEmpty: devices.autoEmpty.child.pid!,
  autoCard: devices.autoCard.child.pid!,
  alwaysEmpty: devices.alwaysEmpty.child.pid!,
  alwaysCard: devices.alwaysCard.child.pid!,
  neverEmpty: devices.neverEmpty.child.pid!,
  defaultFlagsEmpty: devices.defaultFlagsEmpty.child.pid!,
  autoLearned: devices.autoLearned.child.pid!,
  idle: idle.pid!,
  ticking: ticking.pid!,
};
const load0 = loadavg()[0]!;
const messagesBefore = Object.fromEntries(Object.entries(devices).map(([k, d]) => [k, d.messages.length]));
const perHour = await measureWindow(measured);
const messagesInWindow = Object.fromEntries(
  Object.entries(devices).map(([k, d]) => [k, d.messages.length - messagesBefore[k]!]),
);
const load1 = loadavg()[0]!;
idle.kill();
for (const k of ['autoCard', 'alwaysCard', 'neverEmpty', 'defaultFlagsEmpty'] as const)
  devices[k].child.kill();

// Window A, as on a desk: the `auto` processes with no card (one before its first card, one after), by now in
// their steady state, alone beside the no-op baseline; the `always` process (needed again for the latency
// phase) is stopped meanwhile.
process.kill(devices.alwaysEmpty.child.pid!, 'SIGSTOP');
await new Promise((r) => setTimeout(r, 5000));
const loadA = loadavg()[0]!;
const sleeper = spawn(sleeperBinary, [], { stdio: 'ignore' });
const alone = await measureWindow({
  autoEmpty: first.child.pid!,
  autoLearned: devices.autoLearned.child.pid!,
  ticking: ticking.pid!,
  sleeper: sleeper.pid!,
});
sleeper.kill();

// Window C: the learned process as a desk runs it, under the desk's own watchdog (DeviceWatchdog, checked every
// WATCHDOG_MS / 4, pinging after half the limit of silence), with its heartbeat and, as the baseline, without it.
process.kill(pingedLearned.child.pid!, 'SIGCONT');
function supervise(d: Device): { stop(): number } {
  const watch = new DeviceWatchdog(WATCHDOG_MS / 4, WATCHDOG_MS, 0, Date.now());
  const heard = () => watch.heard(Date.now());
  d.child.on('message', heard);
  let pings = 0;
  const timer = setInterval(() => {
    if (watch.check(Date.now()) === 'ping') d.child.send({ type: 'ping', seq: ++pings });
  }, WATCHDOG_MS / 4);
  return {
    stop: () => {
      clearInterval(timer);
      d.child.off('message', heard);
      return pings;
    },
  };
}
const supervisors = { beat: supervise(devices.autoLearned), pinged: supervise(pingedLearned) };
// The stopped process's overdue timer fires once on SIGCONT: let both settle under their supervisor first.
await new Promise((r) => setTimeout(r, 5000));
const supervised = await measureWindow({
  autoLearned: devices.autoLearned.child.pid!,
  autoLearnedPinged: pingedLearned.child.pid!,
  ticking: ticking.pid!,
});
const pingsTo = { beat: supervisors.beat.stop(), pinged: supervisors.pinged.stop() };
pingedLearned.child.kill();
devices.autoLearned.child.kill();
process.kill(devices.alwaysEmpty.child.pid!, 'SIGCONT');
ticking.kill();

/** Insert (folder moved in) → `card` message; removal (folder moved out) → `cardRemoved` message. */
async function latency(hsm: SoftHsm, d: Device): Promise<{ insert: number[]; remove: number[] }> {
  const live = join(hsm.root, 'tokens', cardTokens.get(hsm)!.dir);
  const parked = join(hsm.root, 'parked');
  const insert: number[] = [];
  const remove: number[] = [];
  for (let i = 0; i < LATENCY_CYCLES; i++) {
    // A random phase against the poll timer, so the samples cover the whole re-initialisation period.
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 1500));
    const seen = d.next((m) => (m.type === 'card' ? performance.now() : undefined), 15_000);
    const t0 = performance.now();
    renameSync(parked, live);
    insert.push((await seen) - t0);
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 1500));
    const gone = d.next((m) => (m.type === 'cardRemoved' ? performance.now() : undefined), 15_000);
    const t1 = performance.now();
    renameSync(live, parked);
    remove.push((await gone) - t1);
  }
  return { insert, remove };
}
const [autoLatency, alwaysLatency] = await Promise.all([
  latency(worlds.autoEmpty, devices.autoEmpty),
  latency(worlds.alwaysEmpty, devices.alwaysEmpty),
]);
for (const k of ['autoEmpty', 'alwaysEmpty'] as const) devices[k].child.kill();
for (const w of Object.values(worlds)) w.dispose();

const r2 = (x: number) => Math.round(x * 100) / 100;
const cpu = (k: string) => r2(perHour[k]!.sched);
const idleBaseline = { name: 'idle Node child, no timer', value: cpu('idle'), unit: 'CPU s/h' };
const ai = summarize(autoLatency.insert);
const wi = summarize(alwaysLatency.insert);
const ar = summarize(autoLatency.remove);
const wr = summarize(alwaysLatency.remove);
/** A window-A figure, judged against the goal, beside the no-op timer measured in the same window. */
const goalFigure = (when: string, key: 'autoLearned' | 'autoEmpty') => ({
  name: `polling, no card, auto, ${when}, window A`,
  value: r2(alone[key]!.sched),
  unit: 'CPU s/h',
  baseline: {
    name: `Node child with a ${POLL_MS} ms no-op timer, same flags, same window`,
    value: r2(alone['ticking']!.sched),
    unit: 'CPU s/h',
  },
  goal: '<= 5 s/h',
  met: alone[key]!.sched <= 5,
});
report({
  bench: 'smartcard-idle',
  conditions: {
    ...machineConditions(),
    module: 'SoftHSM 2.6 (file backend)',
    process: `vite bundle device.cjs under plain Node (as shipped), V8 flags ${DEVICE_PROCESS_V8_FLAGS.join(' ')}`,
    pollIntervalMs: POLL_MS,
    windowSeconds: WINDOW_S,
    warmupSeconds: WARMUP_S,
    loadAverage1m: `window B ${load0.toFixed(2)} at start, ${load1.toFixed(2)} at end; window A ${loadA.toFixed(2)} at start`,
    windowA: `auto no card ${r2(alone['autoEmpty']!.stat)}; learned ${r2(alone['autoLearned']!.stat)}; ticking ${r2(alone['ticking']!.stat)} (utime+stime, s/h)`,
    cpuCrossCheck: Object.entries(perHour)
      .map(([k, v]) => `${k} ${r2(v.stat)}`)
      .join('; '),
    messagesToParentInWindow: Object.entries(messagesInWindow)
      .map(([k, v]) => `${k} ${v}`)
      .join('; '),
    latencyCycles: LATENCY_CYCLES,
    note: 'window A: the two auto no-card device processes beside the no-op baseline; window B: all nine processes at once; CPU = sum of thread run time (schedstat); cpuCrossCheck = utime+stime from /proc/pid/stat in s/h (10 ms ticks); no supervisor in windows A and B; window C: the two learned processes under the desk watchdog (DeviceWatchdog, limit 8 s)',
  },
  figures: [
    goalFigure('after one card came and went (SoftHSM learned: after-reinit)', 'autoLearned'),
    goalFigure('before the first card (nothing learned yet)', 'autoEmpty'),
    {
      name: `polling, no card, auto, after one card, as on a desk: under the desk's watchdog, saying alive every ${HEARTBEAT_MS / 1000} s from its polls (window C, ${pingsTo.beat} pings)`,
      value: r2(supervised['autoLearned']!.sched),
      unit: 'CPU s/h',
      baseline: {
        name: `same without the heartbeat, answering the watchdog's pings (${pingsTo.pinged} pings), same window`,
        value: r2(supervised['autoLearnedPinged']!.sched),
        unit: 'CPU s/h',
      },
      goal: '<= 5 s/h',
      met: supervised['autoLearned']!.sched <= 5,
    },
    {
      name: `Node child with a ${POLL_MS} ms no-op timer, window C`,
      value: r2(supervised['ticking']!.sched),
      unit: 'CPU s/h',
    },
    {
      name: 'polling, no card, auto, before the first card, among the nine processes of window B',
      value: cpu('autoEmpty'),
      unit: 'CPU s/h',
      baseline: {
        name: "same, with V8's default flags (no DEVICE_PROCESS_V8_FLAGS)",
        value: cpu('defaultFlagsEmpty'),
        unit: 'CPU s/h',
      },
    },
    {
      name: 'polling, no card, auto, after one card, among the nine processes of window B',
      value: cpu('autoLearned'),
      unit: 'CPU s/h',
    },
    {
      name: 'polling, no card, always (re-init every idle poll)',
      value: cpu('alwaysEmpty'),
      unit: 'CPU s/h',
    },
    {
      name: 'polling, card in the reader, auto',
      value: cpu('autoCard'),
      unit: 'CPU s/h',
      baseline: { name: 'same, always (re-init every 4th poll)', value: cpu('alwaysCard'), unit: 'CPU s/h' },
    },
    {
      name: 'polling, no card, no re-initialisation (module that shows insertions live)',
      value: cpu('neverEmpty'),
      unit: 'CPU s/h',
      baseline: {
        name: `Node child with a ${POLL_MS} ms no-op timer, same flags`,
        value: cpu('ticking'),
        unit: 'CPU s/h',
      },
    },
    { name: 'idle Node child, no timer', value: cpu('idle'), unit: 'CPU s/h' },
    {
      name: `C program that only sleeps ${POLL_MS} ms in a loop (the machine's wake-up floor), window A`,
      value: r2(alone['sleeper']!.sched),
      unit: 'CPU s/h',
    },
    {
      name: `Node child with a ${POLL_MS} ms no-op timer, same flags`,
      value: cpu('ticking'),
      unit: 'CPU s/h',
      baseline: idleBaseline,
    },
    {
      name: 'insert detection p50, auto (learned after-reinit from its first cycle on)',
      value: r2(ai.p50),
      unit: 'ms',
      baseline: { name: 'always', value: r2(wi.p50), unit: 'ms' },
    },
    {
      name: 'insert detection max, auto',
      value: r2(Math.max(...autoLatency.insert)),
      unit: 'ms',
      baseline: { name: 'always', value: r2(Math.max(...alwaysLatency.insert)), unit: 'ms' },
      goal: '<= ~2000 ms',
      met: Math.max(...autoLatency.insert) <= 2000,
    },
    {
      name: 'removal detection p50, auto',
      value: r2(ar.p50),
      unit: 'ms',
      baseline: { name: 'always', value: r2(wr.p50), unit: 'ms' },
    },
    {
      name: 'removal detection max, auto',
      value: r2(Math.max(...autoLatency.remove)),
      unit: 'ms',
      baseline: { name: 'always', value: r2(Math.max(...alwaysLatency.remove)), unit: 'ms' },
    },
  ],
});
