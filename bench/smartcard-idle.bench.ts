/**
 * Idle cost of slot polling: CPU seconds per hour of the device process, measured over a bounded window
 * (WINDOW_S) and extrapolated to one hour, with no card and with a card in the SoftHSM "reader"; the baseline
 * is a Node child process of the same kind doing nothing, measured over the same window in the same run.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { DeviceSession } from '../electron/services/smartcard/device-client';
import { forkDeviceProcess } from '../electron/services/smartcard/device-process';
import { buildCard } from '../test/support/softhsm/cards';
import { SoftHsm } from '../test/support/softhsm/softhsm';
import { machineConditions, report } from './lib/report';

const WINDOW_S = 12;
const POLL_MS = 500;
const TICKS = 100; // USER_HZ on Linux

/** utime + stime of a process, in seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function measure(pid: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 3000)); // warm-up: start-up and first scan are not idle cost
  const a = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  return ((cpuSeconds(pid) - a) / WINDOW_S) * 3600;
}

const hsm = new SoftHsm();
process.env['SOFTHSM2_CONF'] = hsm.conf;
const config = {
  modules: [hsm.module],
  useDefaultModules: false,
  pollIntervalMs: POLL_MS,
  trustDir: null,
  crlFile: null,
};

async function polling(): Promise<number> {
  const proc = forkDeviceProcess();
  const s = new DeviceSession(proc, config);
  await s.waitFor((m) => (m.type === 'status' && m.settled ? true : undefined), 20_000);
  const v = await measure(proc.pid!);
  s.close();
  return v;
}

const noCard = await polling();
await hsm.insert(await buildCard());
const withCard = await polling();
hsm.dispose();

const idle = fork('-e', ['setInterval(() => {}, 1 << 30)'], {
  execArgv: ['-e', 'setInterval(() => {}, 1 << 30)'],
});
const baseline = await measure(idle.pid!);
idle.kill();

const r2 = (x: number) => Math.round(x * 100) / 100;
report({
  bench: 'smartcard-idle',
  conditions: {
    ...machineConditions(),
    module: 'SoftHSM 2.6',
    pollIntervalMs: POLL_MS,
    windowSeconds: WINDOW_S,
    note: `CPU measured over ${WINDOW_S} s after a 3 s warm-up and extrapolated to one hour; with no token SoftHSM is re-initialised on every poll so that a new token shows up`,
  },
  figures: [
    {
      name: 'polling, no card',
      value: r2(noCard),
      unit: 'CPU s/h',
      baseline: { name: 'idle Node child process', value: r2(baseline), unit: 'CPU s/h' },
      goal: '<= 5 s/h',
      met: noCard <= 5,
    },
    {
      name: 'polling, card in the reader',
      value: r2(withCard),
      unit: 'CPU s/h',
      baseline: { name: 'idle Node child process', value: r2(baseline), unit: 'CPU s/h' },
    },
  ],
});
