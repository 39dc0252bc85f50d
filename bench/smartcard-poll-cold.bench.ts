/**
 * Where the idle poll's CPU goes: the same SoftHSM poll (DeviceRuntime's own timer callback, no card, no
 * re-initialisation) measured when it runs again 1 ms after the last one, with the CPU's caches still holding
 * its code and data, and after the sleeps a desk polls with (20, 100, 500 ms), when they no longer do. The
 * baseline, measured alongside, is a callback that does nothing after the same sleep. CPU is process.cpuUsage()
 * around the call alone: the wake-up itself (the timer floor of bench/smartcard-idle) is not in these figures.
 */
import { DeviceRuntime } from '../native/smartcard/runtime';
import type { ToDevice } from '../native/smartcard/protocol';
import { SoftHsm } from '../test/support/softhsm/softhsm';
import { machineConditions, report, summarize } from './lib/report';

const GAPS_MS = [1, 20, 100, 500] as const;
const BUDGET_MS = 20_000;

const hsm = new SoftHsm();
process.env['SOFTHSM2_CONF'] = hsm.conf;
const runtime = new DeviceRuntime(() => {});
const configure: ToDevice = {
  type: 'configure',
  config: {
    modules: [hsm.module],
    useDefaultModules: false,
    // The runtime's own timer never fires: the bench calls the poll itself.
    pollIntervalMs: 3_600_000,
    reinitializeWhenIdle: 'never',
    trustDir: null,
    crlFile: null,
    slotEvents: false,
  },
};
runtime.handle(configure);
await new Promise((r) => setTimeout(r, 500));
// The timer callback the runtime arms: the whole idle poll, as a desk runs it.
const poll = (runtime as unknown as { onTimer: () => void }).onTimer;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU microseconds of `fn` alone, each call after `gapMs` of sleep. */
async function cpuPerCall(fn: () => void, gapMs: number): Promise<number[]> {
  const n = Math.max(40, Math.min(2000, Math.floor(BUDGET_MS / 2 / gapMs)));
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    await sleep(gapMs);
    const before = process.cpuUsage();
    fn();
    const d = process.cpuUsage(before);
    out.push(d.user + d.system);
  }
  return out;
}

const figures = [];
let warm = 0;
for (const gap of GAPS_MS) {
  const polled = summarize(await cpuPerCall(poll, gap));
  const nothing = summarize(await cpuPerCall(() => {}, gap));
  if (gap === 1) warm = polled.p50;
  figures.push({
    name: `idle poll CPU after ${gap} ms asleep, p50 (n=${polled.n})`,
    value: polled.p50,
    unit: 'µs',
    baseline: { name: 'empty callback, same sleep, p50', value: nothing.p50, unit: 'µs' },
  });
}
const cold = figures.at(-1)!.value;
figures.push({
  name: 'idle poll after 500 ms asleep, in CPU s/h at one poll per 500 ms',
  value: Math.round(((cold * 7200) / 1e6) * 100) / 100,
  unit: 's/h',
  baseline: {
    name: 'the same work at the warm (1 ms) cost',
    value: Math.round(((warm * 7200) / 1e6) * 100) / 100,
    unit: 's/h',
  },
});
runtime.stop();
hsm.dispose();

report({
  bench: 'smartcard-poll-cold',
  conditions: {
    ...machineConditions(),
    module: 'SoftHSM 2.6, no card',
    policy: 'never (no re-initialisation)',
    note: 'CPU of the poll call alone (process.cpuUsage, µs resolution); the timer wake-up is not included',
  },
  figures,
});
process.exit(0);
