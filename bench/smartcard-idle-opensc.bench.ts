/**
 * Idle cost of watching for cards on a real middleware stack: OpenSC's PKCS#11 module over pcscd with two empty
 * virtual readers (the vsmartcard driver), as on a Linux desk with a USB reader and no card. SoftHSM (the
 * smartcard-idle bench) answers a poll inside the process; OpenSC asks pcscd over its socket for every poll, so
 * the cost of polling here is mostly the middleware's own. The desk's default waits for OpenSC's slot events
 * instead (native/smartcard/slot-events.ts); the polling device processes (slotEvents off, `auto` and `never`
 * re-initialisation) run beside it. Baselines in the same window: the same PKCS#11 calls made
 * by a bare pkcs11js loop with the same timer and flags (what any poller pays for this middleware), a Node child
 * whose timer does nothing, and pcscd's own CPU. Also the CPU of one C_GetSlotList(true), OpenSC against
 * SoftHSM, in one process. A second window repeats it with a CNS (test/support/pcsc/virtual-cns.ts) left in a
 * reader. Needs root and no other pcscd (see test/support/pcsc/pcscd.ts); otherwise it says why.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkcs11js from 'pkcs11js';
import { build } from 'vite';
import { DEVICE_PROCESS_V8_FLAGS } from '../native/smartcard/process-flags';
import type { FromDevice } from '../native/smartcard/protocol';
import type { ReinitMode } from '../native/smartcard/reinit-policy';
import { OPENSC_MODULE, Pcscd, pcscUnavailable } from '../test/support/pcsc/pcscd';
import { cnsContentOf, VirtualCns } from '../test/support/pcsc/virtual-cns';
import { VpcdCard } from '../test/support/pcsc/vpcd-card';
import { buildCard } from '../test/support/softhsm/cards';
import { SoftHsm } from '../test/support/softhsm/softhsm';
import { schedSeconds } from './lib/proc-cpu';
import { machineConditions, report } from './lib/report';

const WINDOW_S = Number(process.env['SMARTCARD_IDLE_WINDOW_S'] ?? 60);
const WARMUP_S = 10;
const POLL_MS = 500;
const CALLS = 200;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'node_modules', '.cache', 'sportello-bench', 'smartcard-opensc');

const unavailable = await pcscUnavailable();
if (unavailable) {
  report({ bench: 'smartcard-idle-opensc', conditions: { skipped: unavailable }, figures: [] });
  process.exit(0);
}

await build({
  configFile: join(ROOT, 'native/smartcard/vite.config.ts'),
  logLevel: 'warn',
  build: { outDir: OUT, emptyOutDir: true },
});
const barePoll = join(OUT, 'bare-poll.cjs');
writeFileSync(
  barePoll,
  `const p = require('pkcs11js'); const m = new p.PKCS11(); m.load(${JSON.stringify(OPENSC_MODULE)}); m.C_Initialize();
process.on('message', () => {});
const t = setTimeout(() => { for (const s of m.C_GetSlotList(true)) m.C_GetTokenInfo(s); t.refresh(); }, ${POLL_MS});\n`,
);
const ticking = join(OUT, 'ticking.cjs');
writeFileSync(ticking, `process.on('message', () => {});\nsetInterval(() => {}, ${POLL_MS});\n`);

/** CPU seconds per hour of each process over one window of WINDOW_S. */
async function cpuPerHour(pids: Record<string, number>): Promise<Record<string, number>> {
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, schedSeconds(pid)]));
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  return Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => [k, ((schedSeconds(pid) - before[k]!) / WINDOW_S) * 3600]),
  );
}

/** CPU microseconds of one call, averaged over CALLS, in this process. */
function cpuPerCall(module: string, env: Record<string, string>): number {
  Object.assign(process.env, env);
  const lib = new pkcs11js.PKCS11();
  lib.load(module);
  lib.C_Initialize();
  lib.C_GetSlotList(true);
  const c0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) lib.C_GetSlotList(true);
  const c = process.cpuUsage(c0);
  lib.C_Finalize();
  lib.close();
  return (c.user + c.system) / CALLS;
}

const pcscd = new Pcscd();
const hsm = new SoftHsm();
try {
  await pcscd.start();
  const device = (mode: ReinitMode, slotEvents: boolean) => {
    const child = fork(join(OUT, 'device.cjs'), [], {
      execArgv: [...DEVICE_PROCESS_V8_FLAGS],
      serialization: 'json',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    // What the poll learned of the module's card listing (reinit-policy.ts), from its last status.
    let listing = 'unknown';
    child.on('message', (m: FromDevice) => {
      if (m.type === 'status') listing = m.modules[0]?.cardListing ?? listing;
    });
    // Settled, and for the event-driven one its module waiting for events.
    const settled = new Promise<number>((resolve) =>
      child.on('message', (m: FromDevice) => {
        if (m.type === 'status' && m.settled && (!slotEvents || m.modules[0]?.watch === 'events'))
          resolve(m.readers);
      }),
    );
    child.send({
      type: 'configure',
      config: {
        modules: [OPENSC_MODULE],
        useDefaultModules: false,
        pollIntervalMs: POLL_MS,
        reinitializeWhenIdle: mode,
        slotEvents,
        trustDir: null,
        crlFile: null,
      },
    });
    return { child, settled, listing: () => listing };
  };
  const events = device('auto', true);
  const auto = device('auto', false);
  const never = device('never', false);
  const readers = await Promise.all([events.settled, auto.settled, never.settled]);
  const bare = fork(barePoll, [], { execArgv: [...DEVICE_PROCESS_V8_FLAGS] });
  const tick = fork(ticking, [], { execArgv: [...DEVICE_PROCESS_V8_FLAGS] });
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  const pids = {
    events: events.child.pid!,
    auto: auto.child.pid!,
    never: never.child.pid!,
    bare: bare.pid!,
    ticking: tick.pid!,
    pcscd: pcscd.pid!,
  };
  const load0 = loadavg()[0]!;
  const perHour = await cpuPerHour(pids);

  // Second window: a CNS in the first reader, read by both device processes, then left there. It goes in, out
  // and in again first: a desk after its first citizen, when `auto` has seen a card come or go by itself.
  const next = (d: typeof auto, type: 'card' | 'cardRemoved') =>
    new Promise<void>((resolve) => {
      const on = (m: FromDevice) => {
        if (m.type !== type) return;
        d.child.off('message', on);
        resolve();
      };
      d.child.on('message', on);
    });
  const both = (type: 'card' | 'cardRemoved') =>
    Promise.all([next(events, type), next(auto, type), next(never, type)]);
  const reader = new VpcdCard(
    new VirtualCns(
      await cnsContentOf(await buildCard({ datiPersonali: 'consistent' }), { idCarta: '6120016461039008' }),
    ),
  );
  for (const step of ['in', 'out', 'in'] as const) {
    const seen = both(step === 'in' ? 'card' : 'cardRemoved');
    await (step === 'in' ? reader.insert(pcscd.readerPort(0)) : reader.remove());
    await seen;
  }
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  const withCard = await cpuPerHour(pids);
  const autoLearned = auto.listing();
  await reader.remove();
  for (const c of [events.child, auto.child, never.child, bare, tick]) c.kill();

  const openscUs = cpuPerCall(OPENSC_MODULE, {});
  const softhsmUs = cpuPerCall(hsm.module, { SOFTHSM2_CONF: hsm.conf });
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const bareBaseline = {
    name: 'bare pkcs11js poll of the same module, same timer',
    value: r2(perHour['bare']!),
    unit: 'CPU s/h',
  };
  report({
    bench: 'smartcard-idle-opensc',
    conditions: {
      ...machineConditions(),
      module: 'OpenSC 0.23 opensc-pkcs11.so over pcscd 1.9 (vsmartcard vpcd driver), no card',
      readersSeen: readers.join(', '),
      process: `vite bundle device.cjs under plain Node, V8 flags ${DEVICE_PROCESS_V8_FLAGS.join(' ')}`,
      pollIntervalMs: POLL_MS,
      windowSeconds: WINDOW_S,
      loadAverage1m: load0.toFixed(2),
      pollingAutoLearned: `${autoLearned} (live: insertions seen by a plain poll, no periodic re-initialisation)`,
      note: 'first window: no card, all six processes measured at once; the polling `auto` has seen no insertion, so it still re-initialises every 1.5 s; second window: a virtual CNS put in reader 0, taken out and put back (each step seen by the three device processes), then left in; CPU = sum of thread run time (schedstat); pcscd serves all the pollers at once',
    },
    figures: [
      {
        name: "no card, slot events (the desk's default: a thread waits in OpenSC, a safety poll every 10 s)",
        value: r2(perHour['events']!),
        unit: 'CPU s/h',
        baseline: {
          name: 'polling every 500 ms, auto (slotEvents off, the previous default)',
          value: r2(perHour['auto']!),
          unit: 'CPU s/h',
        },
        goal: '<= 5 s/h',
        met: perHour['events']! <= 5,
      },
      {
        name: 'polling, no card, auto (no insertion seen yet: periodic re-initialisation)',
        value: r2(perHour['auto']!),
        unit: 'CPU s/h',
        baseline: bareBaseline,
      },
      {
        name: 'polling, no card, no re-initialisation (auto after the first insertion it saw live)',
        value: r2(perHour['never']!),
        unit: 'CPU s/h',
        baseline: bareBaseline,
      },
      {
        name: 'a CNS in the reader, read and left there, slot events',
        value: r2(withCard['events']!),
        unit: 'CPU s/h',
        baseline: {
          name: 'polling, auto, same card',
          value: r2(withCard['auto']!),
          unit: 'CPU s/h',
        },
      },
      {
        name: `polling with a CNS in the reader, read and left there (auto, after a card has come and gone: learned ${autoLearned})`,
        value: r2(withCard['auto']!),
        unit: 'CPU s/h',
        baseline: {
          name: 'bare pkcs11js poll of the same module, same timer, same card',
          value: r2(withCard['bare']!),
          unit: 'CPU s/h',
        },
      },
      {
        name: 'polling with a CNS in the reader (never)',
        value: r2(withCard['never']!),
        unit: 'CPU s/h',
      },
      {
        name: 'pcscd with the card in the reader',
        value: r2(withCard['pcscd']!),
        unit: 'CPU s/h',
      },
      {
        name: 'pcscd itself, answering the three pollers',
        value: r2(perHour['pcscd']!),
        unit: 'CPU s/h',
      },
      {
        name: `Node child with a ${POLL_MS} ms no-op timer, same flags`,
        value: r2(perHour['ticking']!),
        unit: 'CPU s/h',
      },
      {
        name: 'CPU of one C_GetSlotList(true), OpenSC over pcscd',
        value: r2(openscUs),
        unit: 'µs',
        baseline: { name: 'SoftHSM', value: r2(softhsmUs), unit: 'µs' },
      },
    ],
  });
} finally {
  await pcscd.dispose();
  hsm.dispose();
}
