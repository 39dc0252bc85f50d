import { describe, expect, test } from 'vitest';
import {
  BLANK_RECHECK_PERIOD_MS,
  READER_COUNT_PERIOD_MS,
  REINIT_PERIOD_MS,
  REINIT_WITH_CARD_PERIOD_MS,
  ReinitPolicy,
  type PollOutcome,
  type PollPlan,
} from '../../../native/smartcard/reinit-policy';

const quiet = (reinitialized: boolean, listed = 1): PollOutcome => ({
  added: false,
  reinitialized,
  listed,
  probeListed: null,
});

/** A module's polls on a clock: `every` ms apart, from where the clock stands. */
class Polls {
  t = 0;
  constructor(
    readonly p: ReinitPolicy,
    readonly every = 500,
  ) {}

  /** `n` polls with nothing changing; returns their plans. */
  quiet(n: number, hasCard = false): PollPlan[] {
    return Array.from({ length: n }, () => {
      const plan = this.p.plan(this.t, false, hasCard);
      this.p.observe(quiet(plan.reinit));
      this.t += this.every;
      return plan;
    });
  }

  /** One poll with the outcome `o` gives for its plan. */
  one(o: (plan: PollPlan) => Partial<PollOutcome>, hasCard = false, forced = false): PollPlan {
    const plan = this.p.plan(this.t, forced, hasCard);
    this.p.observe({ ...quiet(plan.reinit), ...o(plan) });
    this.t += this.every;
    return plan;
  }
}

describe('re-initialisation policy', () => {
  test('auto re-initialises once per period, not on every idle poll', () => {
    const plans = new Polls(new ReinitPolicy('auto', 500)).quiet(12);
    const every = REINIT_PERIOD_MS / 500;
    // The module was initialised when loaded, at the first poll: the period counts from there.
    expect(plans.map((x) => x.reinit)).toEqual(plans.map((_, i) => i > 0 && i % every === 0));
  });

  test('readers are counted on the first poll, once per reader period, and after a removal or an error', () => {
    for (const mode of ['auto', 'always', 'never'] as const) {
      const p = new ReinitPolicy(mode, 500);
      const plans = new Polls(p).quiet(30);
      const every = READER_COUNT_PERIOD_MS / 500;
      expect(plans.map((x) => x.countReaders)).toEqual(plans.map((_, i) => i % every === 0));
      expect(p.plan(30 * 500, true, false).countReaders).toBe(true);
    }
  });

  test('a blank slot is asked again once per blank period, on every re-initialisation, and after a removal', () => {
    // `never`: no periodic re-initialisation, so only the blank period asks again.
    const never = new Polls(new ReinitPolicy('never', 500)).quiet(12);
    const every = BLANK_RECHECK_PERIOD_MS / 500;
    expect(never.map((x) => x.recheckBlank)).toEqual(never.map((_, i) => i > 0 && i % every === 0));
    const always = new Polls(new ReinitPolicy('always', 500)).quiet(5);
    expect(always.every((x) => x.recheckBlank)).toBe(true);
    const p = new ReinitPolicy('never', 500);
    expect(p.plan(0, true, false).recheckBlank).toBe(true);
  });

  test('a module that reports slot events is never re-initialised, and each of its polls asks everything', () => {
    for (const mode of ['auto', 'always', 'never'] as const) {
      const p = new ReinitPolicy(mode, 500);
      for (const forced of [false, true])
        expect(p.plan(0, forced, false, true)).toEqual({
          reinit: false,
          probe: false,
          countReaders: true,
          recheckBlank: true,
        });
    }
  });

  test('always keeps the old behaviour: every idle poll, every 4th with a card', () => {
    const idle = new Polls(new ReinitPolicy('always', 500)).quiet(8);
    expect(idle.every((x) => x.reinit)).toBe(true);
    const withCard = new Polls(new ReinitPolicy('always', 500)).quiet(9, true);
    expect(withCard.map((x) => x.reinit)).toEqual(withCard.map((_, i) => i > 0 && i % 4 === 0));
  });

  test('never re-initialises only when forced (removal, error)', () => {
    const p = new ReinitPolicy('never', 500);
    expect(new Polls(p).quiet(10).some((x) => x.reinit)).toBe(false);
    expect(p.plan(5000, true, false).reinit).toBe(true);
  });

  test('a forced re-initialisation always happens, whatever the mode', () => {
    for (const mode of ['auto', 'always', 'never'] as const)
      expect(new ReinitPolicy(mode, 500).plan(0, true, true).reinit).toBe(true);
  });

  test('auto learns "live" only from a plain poll that finds a token the previous poll did not list', () => {
    const p = new ReinitPolicy('auto', 500);
    const polls = new Polls(p);
    // A token present at start-up is not an insertion seen live.
    polls.one(() => ({ added: true }));
    expect(p.cardListing).toBe('unknown');
    // A token that shows up on a re-initialising poll says the module may need it: still periodic.
    polls.one(() => ({ added: true, reinitialized: true }));
    expect(p.cardListing).toBe('unknown');
    // After a failed poll there is no baseline either.
    p.failed();
    polls.one(() => ({ added: true }));
    expect(p.cardListing).toBe('unknown');
    // A plain poll after a good one, listing a new token: the module sees insertions by itself.
    polls.one(() => ({ added: true, reinitialized: false }));
    expect(p.cardListing).toBe('live');
    const after = polls.quiet(12);
    expect(after.some((x) => x.reinit || x.probe)).toBe(false);
    // Readers are still counted once per period, so a reader plugged in shows up.
    expect(after.filter((x) => x.countReaders).length).toBeGreaterThan(0);
    // And the module keeps the configured period: a plain poll shows it the next card.
    expect(p.periodMs(false)).toBe(500);
  });

  test('auto re-initialises four times less often while a card is in', () => {
    const count = (hasCard: boolean) =>
      new Polls(new ReinitPolicy('auto', 500)).quiet(49, hasCard).filter((x) => x.reinit).length;
    expect(count(true)).toBe((48 * 500) / REINIT_WITH_CARD_PERIOD_MS);
    expect(count(false)).toBe((48 * 500) / REINIT_PERIOD_MS);
    expect(count(false)).toBe(4 * count(true));
  });

  test('a removal seen by a plain poll teaches nothing: the module may still need a re-initialisation to list', () => {
    const p = new ReinitPolicy('auto', 500);
    const polls = new Polls(p);
    polls.quiet(2, true);
    polls.one(() => ({ reinitialized: false, listed: 0 }), true);
    expect(p.cardListing).toBe('unknown');
    // The removal forces a clean start, and the periodic one goes on.
    expect(p.plan(polls.t, true, false).reinit).toBe(true);
    p.observe(quiet(true, 0));
    polls.t += 500;
    expect(polls.quiet(4).some((x) => x.reinit)).toBe(true);
  });

  test('the period follows the poll interval and never drops below one poll', () => {
    const slow = new Polls(new ReinitPolicy('auto', 5000), 5000).quiet(4);
    expect(slow.slice(1).every((x) => x.reinit)).toBe(true);
    const fast = new Polls(new ReinitPolicy('auto', 100), 100).quiet(31);
    expect(fast.filter((x) => x.reinit)).toHaveLength((30 * 100) / REINIT_PERIOD_MS);
  });

  test('a late timer does not skip a period: it is due half a poll early', () => {
    const p = new ReinitPolicy('auto', 500);
    p.plan(0, false, false);
    p.observe(quiet(false));
    expect(p.plan(1260, false, false).reinit).toBe(true);
    p.observe(quiet(true));
    expect(p.plan(2500, false, false).reinit).toBe(false);
  });
});

describe('learning that a module needs re-initialisation to list a card (auto)', () => {
  /** Quiet polls, one slot listed (SoftHSM's blank one), up to and including the first probing poll. */
  function toFirstProbe(polls: Polls): PollPlan {
    for (let i = 0; i < 10; i++) {
      const plan = polls.p.plan(polls.t, false, false);
      polls.t += polls.every;
      if (plan.probe) return plan;
      polls.p.observe(quiet(plan.reinit));
    }
    throw new Error('no probe within 10 polls');
  }

  test('a periodic re-initialisation probes the plain listing first, once there is a baseline', () => {
    const p = new ReinitPolicy('auto', 500);
    const plan = toFirstProbe(new Polls(p));
    expect(plan).toMatchObject({ reinit: true, probe: true });
    // No baseline: the first poll, and the one after a failure, do not probe.
    const fresh = new ReinitPolicy('auto', 500);
    expect(fresh.plan(0, true, false)).toMatchObject({ reinit: true, probe: false });
    fresh.failed();
    expect(fresh.plan(2000, false, false)).toMatchObject({ reinit: true, probe: false });
    // The other modes never learn, so never probe.
    for (const mode of ['always', 'never'] as const) {
      const plans = new Polls(new ReinitPolicy(mode, 500)).quiet(12);
      expect(plans.some((x) => x.probe)).toBe(false);
    }
  });

  test('a token that only the fresh listing shows makes the module "after-reinit"', () => {
    const p = new ReinitPolicy('auto', 500);
    const polls = new Polls(p);
    toFirstProbe(polls);
    // SoftHSM: the plain probe still lists the blank slot alone; the fresh listing adds the new token.
    p.observe({ added: true, reinitialized: true, listed: 2, probeListed: 1 });
    expect(p.cardListing).toBe('after-reinit');
    // With no card in, a plain poll could never show the next card: one poll per period, each re-initialising.
    expect(p.periodMs(false)).toBe(REINIT_PERIOD_MS);
    const slow = new Polls(p, REINIT_PERIOD_MS);
    // The probing poll was one poll ago; the next comes a period after it.
    slow.t = polls.t - polls.every + REINIT_PERIOD_MS;
    expect(slow.quiet(6).every((x) => x.reinit && !x.probe)).toBe(true);
    // With a card in, the configured period again, for its removal; re-initialised only every card period.
    expect(p.periodMs(true)).toBe(500);
    const withCard = new Polls(p);
    withCard.t = slow.t;
    const plans = withCard.quiet(24, true);
    expect(plans.filter((x) => x.reinit)).toHaveLength((24 * 500) / REINIT_WITH_CARD_PERIOD_MS);
  });

  test('a token the plain probe already lists proves nothing: the module may list cards live', () => {
    const p = new ReinitPolicy('auto', 500);
    const polls = new Polls(p);
    toFirstProbe(polls);
    p.observe({ added: true, reinitialized: true, listed: 2, probeListed: 2 });
    expect(p.cardListing).toBe('unknown');
    expect(p.periodMs(false)).toBe(500);
  });

  test('a module wrongly learned "after-reinit" is corrected by a plain poll that lists a new card', () => {
    const p = new ReinitPolicy('auto', 500);
    const polls = new Polls(p);
    toFirstProbe(polls);
    // A live module whose card came in between the probe and the re-initialisation: a rare race.
    p.observe({ added: true, reinitialized: true, listed: 2, probeListed: 1 });
    expect(p.cardListing).toBe('after-reinit');
    polls.quiet(2, true);
    polls.one(() => ({ reinitialized: false, listed: 1 }), true);
    expect(p.cardListing).toBe('after-reinit');
    // With a card in, plain polls go on at the configured interval: the next card listed by one corrects it.
    polls.quiet(1);
    polls.one(() => ({ added: true, reinitialized: false, listed: 2 }), false);
    expect(p.cardListing).toBe('live');
    expect(p.periodMs(false)).toBe(500);
  });

  test('what an earlier run learned is taken as learned, in auto only', () => {
    const stale = new ReinitPolicy('auto', 500, 'after-reinit');
    expect(stale.cardListing).toBe('after-reinit');
    expect(stale.periodMs(false)).toBe(REINIT_PERIOD_MS);
    const slow = new Polls(stale, REINIT_PERIOD_MS).quiet(4);
    expect(slow.slice(1).every((x) => x.reinit && !x.probe)).toBe(true);
    const live = new ReinitPolicy('auto', 500, 'live');
    expect(new Polls(live).quiet(12).some((x) => x.reinit)).toBe(false);
    for (const mode of ['always', 'never'] as const) {
      const p = new ReinitPolicy(mode, 500, 'after-reinit');
      expect(p.cardListing).toBe('unknown');
      expect(p.periodMs(false)).toBe(500);
    }
  });
});
