import { describe, expect, test } from 'vitest';
import {
  BLANK_RECHECK_PERIOD_MS,
  READER_COUNT_PERIOD_MS,
  REINIT_PERIOD_MS,
  REINIT_WITH_CARD_PERIOD_MS,
  ReinitPolicy,
  type PollPlan,
} from '../../../native/smartcard/reinit-policy';

/** Runs `n` polls with nothing changing and returns their plans. */
function quietPolls(p: ReinitPolicy, n: number, hasCard = false): PollPlan[] {
  return Array.from({ length: n }, () => {
    const plan = p.plan(false, hasCard);
    p.observe(false, plan.reinit);
    return plan;
  });
}

describe('re-initialisation policy', () => {
  test('auto re-initialises once per period, not on every idle poll', () => {
    const p = new ReinitPolicy('auto', 500);
    const plans = quietPolls(p, 12);
    const every = REINIT_PERIOD_MS / 500;
    expect(plans.filter((x) => x.reinit)).toHaveLength(12 / every);
    expect(plans.map((x) => x.reinit)).toEqual(plans.map((_, i) => (i + 1) % every === 0));
  });

  test('readers are counted on the first poll, once per reader period, and after a removal or an error', () => {
    for (const mode of ['auto', 'always', 'never'] as const) {
      const p = new ReinitPolicy(mode, 500);
      const plans = quietPolls(p, 30);
      const every = READER_COUNT_PERIOD_MS / 500;
      expect(plans.map((x) => x.countReaders)).toEqual(plans.map((_, i) => i === 0 || (i + 1) % every === 0));
      expect(p.plan(true, false).countReaders).toBe(true);
    }
  });

  test('a blank slot is asked again once per blank period, on every re-initialisation, and after a removal', () => {
    // `never`: no periodic re-initialisation, so only the blank period asks again.
    const never = quietPolls(new ReinitPolicy('never', 500), 12);
    const every = BLANK_RECHECK_PERIOD_MS / 500;
    expect(never.map((x) => x.recheckBlank)).toEqual(never.map((_, i) => (i + 1) % every === 0));
    const always = quietPolls(new ReinitPolicy('always', 500), 5);
    expect(always.every((x) => x.recheckBlank)).toBe(true);
    const p = new ReinitPolicy('never', 500);
    expect(p.plan(true, false).recheckBlank).toBe(true);
  });

  test('a module that reports slot events is never re-initialised, and each of its polls asks everything', () => {
    for (const mode of ['auto', 'always', 'never'] as const) {
      const p = new ReinitPolicy(mode, 500);
      for (const forced of [false, true])
        expect(p.plan(forced, false, true)).toEqual({
          reinit: false,
          countReaders: true,
          recheckBlank: true,
        });
    }
  });

  test('always keeps the old behaviour: every idle poll, every 4th with a card', () => {
    const idle = quietPolls(new ReinitPolicy('always', 500), 8);
    expect(idle.every((x) => x.reinit)).toBe(true);
    const withCard = quietPolls(new ReinitPolicy('always', 500), 8, true);
    expect(withCard.map((x) => x.reinit)).toEqual([false, false, false, true, false, false, false, true]);
  });

  test('never re-initialises only when forced (removal, error)', () => {
    const p = new ReinitPolicy('never', 500);
    expect(quietPolls(p, 10).some((x) => x.reinit)).toBe(false);
    expect(p.plan(true, false).reinit).toBe(true);
  });

  test('a forced re-initialisation always happens, whatever the mode', () => {
    for (const mode of ['auto', 'always', 'never'] as const)
      expect(new ReinitPolicy(mode, 500).plan(true, true).reinit).toBe(true);
  });

  test('auto learns "live" only from a plain poll that finds a token the previous poll did not list', () => {
    const p = new ReinitPolicy('auto', 500);
    // A token present at start-up is not an insertion seen live.
    p.observe(true, p.plan(false, false).reinit);
    expect(p.seesInsertionsLive).toBe(false);
    // A token that shows up on a re-initialising poll says the module may need it: still periodic.
    quietPolls(p, 1);
    p.observe(true, true);
    expect(p.seesInsertionsLive).toBe(false);
    // After a failed poll there is no baseline either.
    p.failed();
    p.observe(true, false);
    expect(p.seesInsertionsLive).toBe(false);
    // A plain poll after a good one, listing a new token: the module sees insertions by itself.
    p.observe(true, false);
    expect(p.seesInsertionsLive).toBe(true);
    const after = quietPolls(p, 12);
    expect(after.some((x) => x.reinit)).toBe(false);
    // Readers are still counted once per period, so a reader plugged in shows up.
    expect(after.filter((x) => x.countReaders).length).toBeGreaterThan(0);
  });

  test('auto re-initialises four times less often while a card is in', () => {
    const count = (hasCard: boolean) =>
      quietPolls(new ReinitPolicy('auto', 500), 48, hasCard).filter((x) => x.reinit).length;
    expect(count(true)).toBe(48 / (REINIT_WITH_CARD_PERIOD_MS / 500));
    expect(count(false)).toBe(4 * count(true));
  });

  test('auto also learns "live" from a plain poll that no longer lists a token', () => {
    const p = new ReinitPolicy('auto', 500);
    quietPolls(p, 2, true);
    // The card leaves; the poll that notices did not re-initialise: the module lists cards live.
    p.observe(true, p.plan(false, true).reinit);
    expect(p.seesInsertionsLive).toBe(true);
    expect(quietPolls(p, 12).some((x) => x.reinit)).toBe(false);
  });

  test('the period follows the poll interval and never drops below one poll', () => {
    const slow = quietPolls(new ReinitPolicy('auto', 5000), 3);
    expect(slow.every((x) => x.reinit)).toBe(true);
    const fast = quietPolls(new ReinitPolicy('auto', 100), 30);
    expect(fast.filter((x) => x.reinit)).toHaveLength(30 / (REINIT_PERIOD_MS / 100));
  });
});
