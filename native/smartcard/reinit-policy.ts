/**
 * When the poller re-initialises a module (C_Finalize + C_Initialize). Some middlewares (SoftHSM among them)
 * only list a newly inserted token after a fresh C_Initialize; most PC/SC-based ones list it at once. A
 * re-initialisation on every idle poll finds new tokens on both, but costs the device process three times the
 * CPU of a plain C_GetSlotList + C_GetTokenInfo poll (bench/smartcard-idle.bench.ts).
 *
 * - `always`: the old strategy, re-initialise on every poll with no card and every 4th poll with one.
 * - `never`: only after a removal or an error (the module is trusted to list new tokens by itself).
 * - `auto`: re-initialise every `REINIT_PERIOD_MS` (every `REINIT_WITH_CARD_PERIOD_MS` while a card is in),
 *   until a plain poll shows a token arrive or leave by itself: from then on the module is known to list cards
 *   live and is re-initialised only after a removal or an error. A module that needs re-initialisation never
 *   shows that, so it keeps the periodic one. The slower period with a card in is for that card: on OpenSC each
 *   re-initialisation binds it again (56 APDUs for a CNS), which every 1.5 s cost 65 CPU s/h instead of 40 and
 *   kept a real card busy (bench/smartcard-idle-opensc.bench.ts), until its removal taught the policy.
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

export interface PollPlan {
  /** Re-initialise the module before this poll. */
  readonly reinit: boolean;
  /** Also list the slots without a token (the reader count): on the first poll, after a removal or an error,
   * and once per READER_COUNT_PERIOD_MS. */
  readonly countReaders: boolean;
  /** Ask again the token of slots last seen blank (see BLANK_RECHECK_PERIOD_MS). */
  readonly recheckBlank: boolean;
}

export class ReinitPolicy {
  private polls = 0;
  /** Completed polls since the last (re-)initialisation: only after one is there a baseline to compare with. */
  private pollsSinceInit = 0;
  private live = false;
  private readonly every: number;
  private readonly everyWithCard: number;
  private readonly readerEvery: number;
  private readonly blankEvery: number;

  constructor(
    private readonly mode: ReinitMode,
    pollIntervalMs: number,
  ) {
    this.every = Math.max(1, Math.round(REINIT_PERIOD_MS / pollIntervalMs));
    this.everyWithCard = Math.max(1, Math.round(REINIT_WITH_CARD_PERIOD_MS / pollIntervalMs));
    this.readerEvery = Math.max(1, Math.round(READER_COUNT_PERIOD_MS / pollIntervalMs));
    this.blankEvery = Math.max(1, Math.round(BLANK_RECHECK_PERIOD_MS / pollIntervalMs));
  }

  /** The module is known to list new tokens without re-initialisation (learned in `auto`). */
  get seesInsertionsLive(): boolean {
    return this.live;
  }

  /**
   * `forced`: a removal or an error asked for a clean start. `eventDriven`: the module reports card changes
   * itself (slot-events.ts), so this poll answers an event or is the occasional safety poll: everything worth
   * asking is asked, and the module is never re-initialised, forced or not: C_Finalize with a thread waiting in
   * the module races the module's own cancel of that wait (OpenSC hung there, in opensc-cns.test.ts).
   */
  plan(forced: boolean, hasCard: boolean, eventDriven = false): PollPlan {
    if (eventDriven) return { reinit: false, countReaders: true, recheckBlank: true };
    this.polls++;
    const periodic = this.polls % (hasCard ? this.everyWithCard : this.every) === 0;
    let reinit: boolean;
    if (this.mode === 'always') reinit = forced || !hasCard || this.polls % ALWAYS_WITH_CARD_EVERY === 0;
    else if (this.mode === 'never') reinit = forced;
    else reinit = forced || (periodic && !this.live);
    const countReaders = forced || this.polls === 1 || this.polls % this.readerEvery === 0;
    const recheckBlank = reinit || this.polls % this.blankEvery === 0;
    return { reinit, countReaders, recheckBlank };
  }

  /**
   * After a completed poll: `changed` when it listed a token the previous poll did not, or no longer listed one
   * it did. Seen by a poll that did not re-initialise, with a previous poll on the same initialisation to compare
   * with, it proves the module lists cards live.
   */
  observe(changed: boolean, reinitialized: boolean): void {
    if (reinitialized) this.pollsSinceInit = 0;
    if (this.mode === 'auto' && changed && !reinitialized && this.pollsSinceInit > 0) this.live = true;
    this.pollsSinceInit++;
  }

  /** A poll that failed: its token list is no baseline. */
  failed(): void {
    this.pollsSinceInit = 0;
  }
}
