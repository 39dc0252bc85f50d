import { describe, expect, test } from 'vitest';
import { DeviceWatchdog, type WatchdogVerdict } from '../../../electron/services/smartcard/watchdog';

const EVERY = 375;
const LIMIT = 1500;
const STARTUP = 20_000;

/** Checks on schedule from `from` until `to`; returns each verdict with its time. */
function checks(w: DeviceWatchdog, from: number, to: number): [number, WatchdogVerdict][] {
  const out: [number, WatchdogVerdict][] = [];
  for (let t = from; t <= to; t += EVERY) out.push([t, w.check(t)]);
  return out;
}

describe('device watchdog', () => {
  test('a silent process is pinged at half the limit and called hung past it', () => {
    const w = new DeviceWatchdog(EVERY, LIMIT, STARTUP, 0);
    w.heard(0);
    const verdicts = checks(w, EVERY, 5 * EVERY);
    expect(verdicts).toEqual([
      [375, 'quiet'],
      [750, 'ping'],
      [1125, 'ping'],
      [1500, 'ping'],
      [1875, 'hung'],
    ]);
  });

  test('an answer resets the silence', () => {
    const w = new DeviceWatchdog(EVERY, LIMIT, STARTUP, 0);
    w.heard(0);
    expect(w.check(750)).toBe('ping');
    w.heard(800);
    expect(checks(w, 1125, 2250).map(([, v]) => v)).toEqual(['quiet', 'quiet', 'ping', 'ping']);
    expect(w.check(2625)).toBe('hung');
  });

  test('before its first word the process has the start-up grace, and is pinged meanwhile', () => {
    const w = new DeviceWatchdog(EVERY, LIMIT, STARTUP, 0);
    const verdicts = checks(w, EVERY, STARTUP + EVERY);
    // The first check past 20 s: 54 × 375 ms.
    expect(verdicts.filter(([, v]) => v === 'hung').map(([t]) => t)).toEqual([20_250]);
    expect(verdicts.find(([t]) => t === 750)?.[1]).toBe('ping');
  });

  test('time the desk itself stalled is not the process’s silence', () => {
    const w = new DeviceWatchdog(EVERY, LIMIT, STARTUP, 0);
    w.heard(0);
    expect(w.check(375)).toBe('quiet');
    expect(w.check(750)).toBe('ping');
    // The desk's event loop did not run for 3 s (a long job, a laptop asleep): its next check comes late, before
    // it reads what the process sent meanwhile. Without the credit this was 'hung' (3,750 ms of "silence").
    expect(w.check(3750)).toBe('ping');
    // A process still silent after the stall is called hung as soon as the limit has passed in desk time.
    expect(w.check(4125)).toBe('ping');
    expect(w.check(4500)).toBe('hung');
  });

  test('a check only a little late (under one period) is not a stall', () => {
    const w = new DeviceWatchdog(EVERY, LIMIT, STARTUP, 0);
    w.heard(0);
    expect(w.check(375)).toBe('quiet');
    expect(w.check(1100)).toBe('ping');
    expect(w.check(1600)).toBe('hung');
  });
});
