import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  EVENTS_RETRY_FIRST_MS,
  EVENTS_RETRY_MAX_MS,
  SlotEventRetry,
} from '../../../native/smartcard/slot-event-retry';

describe('slot-event retry', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  test('backs off from the first delay, doubling, up to the longest', () => {
    const r = new SlotEventRetry();
    const delays = Array.from({ length: 8 }, () => r.schedule(() => {}));
    expect(delays).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
    expect(delays[0]).toBe(EVENTS_RETRY_FIRST_MS);
    expect(Math.max(...delays)).toBe(EVENTS_RETRY_MAX_MS);
    r.cancel();
  });

  test('calls back once, after the delay', () => {
    const r = new SlotEventRetry();
    const retry = vi.fn();
    r.schedule(retry);
    vi.advanceTimersByTime(EVENTS_RETRY_FIRST_MS - 1);
    expect(retry).not.toHaveBeenCalled();
    expect(r.pending).toBe(true);
    vi.advanceTimersByTime(1);
    expect(retry).toHaveBeenCalledTimes(1);
    expect(r.pending).toBe(false);
    vi.advanceTimersByTime(EVENTS_RETRY_MAX_MS);
    expect(retry).toHaveBeenCalledTimes(1);
  });

  test('a new schedule replaces the pending one; cancel drops it', () => {
    const r = new SlotEventRetry();
    const first = vi.fn();
    const second = vi.fn();
    r.schedule(first);
    r.schedule(second);
    vi.advanceTimersByTime(EVENTS_RETRY_MAX_MS);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    const third = vi.fn();
    r.schedule(third);
    r.cancel();
    vi.advanceTimersByTime(EVENTS_RETRY_MAX_MS);
    expect(third).not.toHaveBeenCalled();
  });

  test('events that then worked for a long while start the backoff over; a short spell does not', () => {
    const r = new SlotEventRetry();
    r.schedule(() => {}, 0);
    r.schedule(() => {}, 0);
    r.ready(1_000);
    // Ready only briefly: the service flapping keeps backing off.
    expect(r.schedule(() => {}, 2_000)).toBe(40_000);
    r.ready(100_000);
    expect(r.schedule(() => {}, 100_000 + EVENTS_RETRY_MAX_MS)).toBe(EVENTS_RETRY_FIRST_MS);
    r.cancel();
  });
});
