/**
 * When the poller re-initialises a module (C_Finalize + C_Initialize). Some middlewares (SoftHSM among them)
 * only list a newly inserted token after a fresh C_Initialize; most PC/SC-based ones list it at once. A
 * re-initialisation on every idle poll finds new tokens on both, but costs the device process three times the
 * CPU of a plain C_GetSlotList + C_GetTokenInfo poll (bench/smartcard-idle.bench.ts).
 *
 * - `always`: the old strategy, re-initialise on every poll with no card and every 4th poll with one.
 * - `never`: only after a removal or an error (the module is trusted to list new tokens by itself).
 * - `auto`: re-initialise every `REINIT_PERIOD_MS` (every `REINIT_WITH_CARD_PERIOD_MS` while a card is in),
 *   until a plain poll shows a token arrive by itself: from then on the module is known to list cards live
 *   (`live`) and is re-initialised only after a removal or an error. The slower period with a card in is for
 *   that card: on OpenSC each re-initialisation binds it again (56 APDUs for a CNS), which every 1.5 s cost 65
 *   CPU s/h instead of 40 and kept a real card busy (bench/smartcard-idle-opensc.bench.ts). A removal seen by a
 *   plain poll proves nothing: the modules that need a re-initialisation to list a card mostly show its removal
 *   at once (the fake module's `stale` mode, faults.test.ts), and trusting them after it lost the next card.
 *   The opposite is learned too (`after-reinit`): a periodic re-initialisation first lists the slots the plain
 *   way, and a token that only the fresh listing shows proves that the module needs it. Such a module cannot
 *   show a card to a plain poll, so with no card in it is polled only once per `REINIT_PERIOD_MS`, each poll a
 *   re-initialisation: the same wait for a card, a third of the wake-ups (bench/smartcard-idle.bench.ts). With a
 *   card in it is polled at the configured interval again, for the removal.
 *
 * Periods are measured in time, not in polls: a module learned `after-reinit` may share the timer with one
 * polled at the configured interval.
 */
export type ReinitMode = 'auto' | 'always' | 'never';

/** Longest extra wait for a new token on a module that needs re-initialisation to list it. */
export const REINIT_PERIOD_MS = 1500;
/** The same while a card is in: the wait for a second card in another reader, on such a module. */
export const REINIT_WITH_CARD_PERIOD_MS = 6000;
/**
 * How often the readers are counted (C_GetSlotList without the token filter): the count only feeds the status
 * bar ("nessun lettore"), and on PC/SC middlewares this listing costs as much as two card polls (OpenSC:
 * bench/smartcard-idle-opensc.bench.ts), so it is not repeated on every poll.
 */
export const READER_COUNT_PERIOD_MS = 5000;
/**
 * How often a slot whose token was blank (not initialised: SoftHSM's free slot, a blank card) is asked for its
 * token again while the slot list keeps showing it. C_GetTokenInfo was the largest part of an idle SoftHSM poll
 * (bench/smartcard-idle.bench.ts), for an answer that only a card swapped within one poll interval could change;
 * such a swap is seen at most this much later, and at once after a re-initialisation.
 */
export const BLANK_RECHECK_PERIOD_MS = 1500;
/** `always` with a card present: still re-initialise now and then so that a second reader's card shows up. */
const ALWAYS_WITH_CARD_EVERY = 4;

/** What `auto` has learned of how the module lists a newly inserted card. */
export type CardListing = 'unknown' | 'live' | 'after-reinit';

export interface PollPlan {
  /** Re-initialise the module before this poll. */
  readonly reinit: boolean;
  /** List the slots the plain way before re-initialising, and tell observe() what that listing counted. */
  readonly probe: boolean;
  /** Also list the slots without a token (the reader count): on the first poll, after a removal or an error,
   * and once per READER_COUNT_PERIOD_MS. */
  readonly countReaders: boolean;
  /** Ask again the token of slots last seen blank (see BLANK_RECHECK_PERIOD_MS). */
  readonly recheckBlank: boolean;
}

/** What a completed poll saw, for the policy to learn from. */
export interface PollOutcome {
  /** A token listed that the previous poll did not list. */
  readonly added: boolean;
  /** The poll re-initialised the module. */
  readonly reinitialized: boolean;
  /** Slots with a token: listed by this poll, and by its plain probe before re-initialising (null: no probe). */
  readonly listed: number;
  readonly probeListed: number | null;
}

export class ReinitPolicy {
  /** Completed polls since the last (re-)initialisation: only after one is there a baseline to compare with. */
  private pollsSinceInit = 0;
  private listing: CardListing = 'unknown';
  /** Slots with a token the last completed poll listed (null: no baseline). */
  private lastListed: number | null = null;
  /** When the module was last (re-)initialised, its readers counted, its blank slots asked again. */
  private initAt: number | null = null;
  private countAt: number | null = null;
  private blankAt: number | null = null;
  /** Timer jitter: a period is due half a poll early rather than a whole poll late. */
  private readonly slack: number;

  /** `known`: what an earlier run learned of this module (the same library), taken as learned (`auto` only). */
  constructor(
    private readonly mode: ReinitMode,
    private readonly pollIntervalMs: number,
    known: CardListing = 'unknown',
  ) {
    this.slack = pollIntervalMs / 2;
    if (mode === 'auto') this.listing = known;
  }

  /** What the module is known to need to list a new card (learned in `auto`; `unknown` in the other modes). */
  get cardListing(): CardListing {
    return this.listing;
  }

  /**
   * How often this module wants polling. A module that needs re-initialisation to list a card, with none in,
   * gains nothing from a plain poll: it is asked once per re-initialisation period instead.
   */
  periodMs(hasCard: boolean): number {
    if (this.mode === 'auto' && this.listing === 'after-reinit' && !hasCard)
      return Math.max(this.pollIntervalMs, REINIT_PERIOD_MS);
    return this.pollIntervalMs;
  }

  /**
   * `now`: the poll's time (ms). `forced`: a removal or an error asked for a clean start. `eventDriven`: the
   * module reports card changes itself (slot-events.ts), so this poll answers an event or is the occasional
   * safety poll: everything worth asking is asked, and the module is never re-initialised, forced or not:
   * C_Finalize with a thread waiting in the module races the module's own cancel of that wait (OpenSC hung
   * there, in opensc-cns.test.ts).
   */
  plan(now: number, forced: boolean, hasCard: boolean, eventDriven = false): PollPlan {
    if (eventDriven) return { reinit: false, probe: false, countReaders: true, recheckBlank: true };
    const first = this.initAt === null;
    // The module was initialised when it was loaded, just before its first poll.
    if (first) this.initAt = this.countAt = this.blankAt = now;
    const due = (at: number | null, period: number) => at === null || now - at >= period - this.slack;
    let reinit: boolean;
    if (this.mode === 'always')
      reinit = forced || !hasCard || due(this.initAt, ALWAYS_WITH_CARD_EVERY * this.pollIntervalMs);
    else if (this.mode === 'never') reinit = forced;
    else
      reinit =
        forced ||
        (this.listing !== 'live' &&
          due(this.initAt, hasCard ? REINIT_WITH_CARD_PERIOD_MS : REINIT_PERIOD_MS));
    const countReaders = forced || first || due(this.countAt, READER_COUNT_PERIOD_MS);
    const recheckBlank = reinit || due(this.blankAt, BLANK_RECHECK_PERIOD_MS);
    if (reinit) this.initAt = now;
    if (countReaders) this.countAt = now;
    if (recheckBlank) this.blankAt = now;
    const probe = reinit && this.mode === 'auto' && this.listing === 'unknown' && this.lastListed !== null;
    return { reinit, probe, countReaders, recheckBlank };
  }

  /**
   * After a completed poll. A token added, seen by a poll that did not re-initialise, with a previous poll on the
   * same initialisation to compare with, proves the module lists cards live. A token added that the plain probe
   * just before the re-initialisation did not list (it counted what the last poll listed) proves the module
   * needs the re-initialisation.
   */
  observe(o: PollOutcome): void {
    if (o.reinitialized) this.pollsSinceInit = 0;
    if (this.mode === 'auto') {
      if (o.added && !o.reinitialized && this.pollsSinceInit > 0) this.listing = 'live';
      else if (
        this.listing === 'unknown' &&
        o.added &&
        o.probeListed !== null &&
        o.probeListed === this.lastListed
      )
        this.listing = 'after-reinit';
    }
    this.lastListed = o.listed;
    this.pollsSinceInit++;
  }

  /** A poll that failed: its token list is no baseline. */
  failed(): void {
    this.pollsSinceInit = 0;
    this.lastListed = null;
  }
}
