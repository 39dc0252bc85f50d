import type { PinFlags } from '../../core/contract/domains/identity';
import { newChallenge, signatureMatchesCertificate } from './challenge';
import { parseCertificate } from './certificate';
import { explainLoadError, moduleCandidates, moduleFileExists } from './modules';
import { classifyPkcs11Error, ckrOf } from './pkcs11-errors';
import { identityFromToken } from './profile';
import { ReinitPolicy, type CardListing } from './reinit-policy';
import { SlotEventRetry } from './slot-event-retry';
import { EVENT_GAP_MS, SAFETY_POLL_MS, SlotEventWatcher, type SlotEventState } from './slot-events';
import {
  libraryFingerprint,
  type CertificateSummary,
  type DeviceConfig,
  type FromDevice,
  type ModuleReport,
  type SlotReport,
  type ToDevice,
} from './protocol';
import { Pkcs11Module, type TokenContents, type TokenData, type TokenFacts } from './token';
import { TrustStore } from './trust';

interface KnownToken {
  readonly serial: string;
  /** Set once read: token serial + certificate hash, the card's identity for the desk. */
  cardKey: string | null;
  /** The label of the slot holding the authentication certificate: where the PIN check signs. */
  authLabel: string;
  certDer: Buffer | null;
  keyId: string;
  failures: number;
  errorPosted: boolean;
  /** The desk asked for this card to be read again: the next scan reads it as if it had just arrived. */
  reread?: boolean;
}

interface Watched {
  report: ModuleReport;
  readonly mod: Pkcs11Module | null;
  /** The module's slot-event thread, while it may still report. */
  events: SlotEventWatcher | null;
  /** The module waits for slot events: it is polled on each, and otherwise only every SAFETY_POLL_MS. */
  eventDriven: boolean;
  /** Asks again for the events of a module whose waits failed (the service gone for a while). */
  readonly eventRetry: SlotEventRetry;
  readonly tokens: Map<string, KnownToken>;
  needsReinit: boolean;
  policy: ReinitPolicy;
  /** Token keys listed by this poll and by the previous one: two sets swapped, not allocated per poll. */
  seen: Set<string>;
  seenBefore: Set<string>;
  readers: number;
  /** Each slot's description (its reader's name), by handle, for counting readers; see countReaders. */
  readonly slotNames: Map<number | string, string>;
  /** Slots (see handleKey) whose token was blank, with the number of the last poll that listed them. */
  readonly blank: Map<number | string, number>;
  polls: number;
}

/**
 * The module will not make this card sign: the PIN may well be right, but there is no proof of possession to
 * be had through it. OpenSC 0.23's CNS driver declares RSA-1024 only and answers a 2048-bit CNS so
 * (opensc-cns.test.ts).
 */
const SIGNING_REFUSED = new Set([
  'CKR_FUNCTION_NOT_SUPPORTED',
  'CKR_MECHANISM_INVALID',
  'CKR_MECHANISM_PARAM_INVALID',
  'CKR_KEY_SIZE_RANGE',
  'CKR_KEY_TYPE_INCONSISTENT',
  'CKR_KEY_FUNCTION_NOT_PERMITTED',
]);
/**
 * After this many failed reads of the same card the clerk is told, instead of retrying for ever silently. The
 * last try takes a data object the card will not give (EF_DatiPersonali) as unreadable rather than as a failed
 * read: the earlier ones cannot tell it from a card pulled out mid-read (OpenSC answers both CKR_GENERAL_ERROR).
 */
const MAX_READ_FAILURES = 3;

/** A card a poll found and has not read yet: one or more slots (see tokenKeyOf). */
interface PendingRead {
  readonly w: Watched;
  readonly mod: Pkcs11Module;
  readonly slots: { readonly slot: Buffer; readonly facts: TokenFacts }[];
  readonly entry: KnownToken;
  readonly key: string;
  readonly sawAt: number;
}

/**
 * A card is its token serial: OpenSC shows a CNS that has a signature certificate as two slots of the same reader,
 * one per PIN, with the same serial ("… (PIN CNS0)" holding the authentication certificate, "… (PIN CNS1)" the
 * signature one). Read apart, the second was a card with no authentication certificate.
 */
const tokenKeyOf = (t: TokenFacts) => t.serial || `\u0000${t.label}`;

/** One card's objects from all its slots; an object two slots both show is kept once. */
function mergeContents(parts: readonly TokenContents[]): TokenContents {
  if (parts.length === 1) return parts[0]!;
  const certificates = parts
    .flatMap((p) => p.certificates)
    .filter((c, i, all) => all.findIndex((o) => o.value.equals(c.value)) === i);
  const data = new Map<string, TokenData>();
  for (const d of parts.flatMap((p) => p.dataObjects)) if (!data.get(d.label)?.value) data.set(d.label, d);
  return { certificates, dataObjects: [...data.values()] };
}

/**
 * The device process's whole job: load modules, poll slots, turn tokens into identities, answer PIN checks.
 * It speaks only through `post`; everything that leaves is a FromDevice message, validated again by the desk.
 */
export class DeviceRuntime {
  private watched: Watched[] = [];
  private config: DeviceConfig | null = null;
  private trust = new TrustStore(null);
  private timer: NodeJS.Timeout | null = null;
  private periodMs = 0;
  /** A poll asked for by a slot event. */
  private eventTimer: NodeJS.Timeout | null = null;
  /** What the desk was last told: an unchanged poll sends nothing. */
  private lastStatus: { modules: ModuleReport[]; readers: number; tokens: number; settled: boolean } | null =
    null;
  private settled = false;
  /** PIN checks, probes and polls that read a card run one at a time, in order, on this chain. */
  private busy: Promise<void> = Promise.resolve();
  private queued = 0;
  /** Slot-event watchers of an earlier configuration: stopped, but their thread may still be in the module. */
  private readonly retired: SlotEventWatcher[] = [];

  /** When the desk was last told anything (Date.now()), for the heartbeat. */
  private saidAt = 0;

  constructor(
    private readonly send: (m: FromDevice) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private post(m: FromDevice): void {
    this.saidAt = Date.now();
    this.send(m);
  }

  /** From the end of a poll, already awake: `alive` when the desk has heard nothing for heartbeatMs. */
  private heartbeat(): void {
    const every = this.config?.heartbeatMs;
    if (every !== undefined && Date.now() - this.saidAt >= every) this.post({ type: 'alive' });
  }

  handle(msg: ToDevice): void {
    switch (msg.type) {
      case 'ping':
        this.post({ type: 'pong', seq: msg.seq });
        return;
      case 'configure':
        this.configure(msg.config);
        return;
      case 'verifyPin':
        this.enqueue(() => this.verifyPin(msg.requestId, msg.cardKey, msg.pin));
        return;
      case 'probe':
        this.enqueue(() => this.probe(msg.requestId));
        return;
      case 'reread':
        this.enqueue(() => this.reread(msg.cardKey));
        return;
    }
  }

  private enqueue(job: () => Promise<void>): void {
    this.queued++;
    this.busy = this.busy.then(job).finally(() => void this.queued--);
  }

  private configure(config: DeviceConfig): void {
    this.stop();
    for (const w of this.watched) if (w.events) this.retire(w.events);
    this.settled = false;
    this.config = config;
    this.trust = new TrustStore(config.trustDir);
    this.watched = loadModules(config);
    // Nothing loaded, nothing to poll: this status is final, and says so (`identify` answers at once).
    if (!this.watched.some((w) => w.mod)) this.settled = true;
    this.postStatus();
    if (!this.watched.some((w) => w.mod)) return;
    const timer = this.armTimer(config.pollIntervalMs);
    this.enqueue(() => this.pollQueued(timer));
    if (config.slotEvents === false) {
      for (const w of this.watched) if (w.mod) this.setWatch(w, 'polling', 'OFF');
      return;
    }
    for (const w of this.watched) {
      if (!w.mod) continue;
      if (!w.mod.sharedAcrossThreads) this.setWatch(w, 'polling', 'CKR_CANT_LOCK');
      else w.events = new SlotEventWatcher(w.mod.path, this.slotEventSink(w));
    }
  }

  /**
   * One timer re-armed after each poll (refresh), not a new one per poll: the idle loop allocates little. A
   * new one only when the period changes (slot events ready or lost); a poll still running for the old one
   * then leaves it stopped (endPoll).
   */
  private armTimer(periodMs: number): NodeJS.Timeout {
    if (this.timer) clearTimeout(this.timer);
    const timer = setTimeout(this.onTimer, periodMs);
    // The poll must not keep a finished process alive on its own.
    timer.unref?.();
    this.timer = timer;
    this.periodMs = periodMs;
    return timer;
  }

  private slotEventSink(w: Watched): { onEvent(): void; onState(s: SlotEventState): void } {
    return {
      onEvent: () => {
        if (w.eventDriven) this.pollSoon();
      },
      onState: (s) => {
        if (!this.watched.includes(w)) return;
        if (s.state === 'ready') {
          w.eventDriven = true;
          w.eventRetry.ready();
          this.setWatch(w, 'events', null);
        } else {
          const failed = w.events;
          if (failed) this.retire(failed);
          w.events = null;
          const was = w.eventDriven;
          w.eventDriven = false;
          this.setWatch(w, 'polling', s.reason);
          if (s.state === 'failed' && s.transient) w.eventRetry.schedule(() => this.retryEvents(w));
          // Whatever happened while its events were trusted is found now.
          if (was) this.pollSoon();
        }
        this.retime();
        this.postStatus();
      },
    };
  }

  /** Stops a watcher whose thread may not have left the module yet (NO_ANSWER): it is waited for at exit. */
  private retire(events: SlotEventWatcher): void {
    events.stop();
    for (let i = this.retired.length - 1; i >= 0; i--)
      if (!this.retired[i]!.running) this.retired.splice(i, 1);
    this.retired.push(events);
  }

  /**
   * A module whose waits kept failing is asked for events again once every stopped thread of it has left it and
   * the poll has made the clean start it needed: a thread must not wait in a module the poll is about to
   * re-initialise.
   */
  private retryEvents(w: Watched): void {
    const mod = w.mod;
    if (!this.timer || !mod || w.events || !this.watched.includes(w)) return;
    if (w.needsReinit || this.retired.some((e) => e.running && e.modulePath === mod.path)) {
      w.eventRetry.schedule(() => this.retryEvents(w));
      return;
    }
    w.events = new SlotEventWatcher(mod.path, this.slotEventSink(w));
  }

  private setWatch(w: Watched, watch: ModuleReport['watch'], reason: string | null): void {
    w.report = { ...w.report, watch, watchReason: reason };
  }

  private retime(): void {
    if (!this.timer || !this.config) return;
    const period = this.wantedPeriod(this.config.pollIntervalMs);
    if (period !== this.periodMs) this.armTimer(period);
  }

  /**
   * The shortest period a loaded module wants: SAFETY_POLL_MS for one that reports slot events, the configured
   * one for a polled module, a longer one for a module that cannot show a card without re-initialisation and
   * has none in (ReinitPolicy.periodMs).
   */
  private wantedPeriod(configured: number): number {
    let period = Infinity;
    for (const w of this.watched) {
      if (!w.mod) continue;
      const wanted = w.eventDriven ? SAFETY_POLL_MS : w.policy.periodMs(w.tokens.size > 0);
      if (wanted < period) period = wanted;
    }
    return period === Infinity ? configured : period;
  }

  private readonly onEventTimer = (): void => {
    this.eventTimer = null;
    this.onTimer();
  };

  /** A slot event: poll now (a burst of events within EVENT_GAP_MS is one poll), or after `delayMs`. */
  private pollSoon(delayMs = EVENT_GAP_MS): void {
    if (!this.timer || this.eventTimer) return;
    this.eventTimer = setTimeout(this.onEventTimer, delayMs);
  }

  /**
   * Before the process exits. Node joins every worker thread on exit, and one blocked in a module's
   * C_WaitForSlotEvent would hold the exit for ever; finalising the module to end that wait races the module's
   * own cancel (see ReinitPolicy.plan). Returns false when such a thread may still be waiting: the process must
   * then end without joining it (a signal), which also releases the module's readers.
   */
  shutdown(): boolean {
    this.stop();
    let waiting = this.retired.some((e) => e.running);
    for (const w of this.watched) {
      if (!w.events) continue;
      w.events.stop();
      waiting ||= w.events.running;
    }
    return !waiting;
  }

  stop(): void {
    for (const w of this.watched) w.eventRetry.cancel();
    if (this.timer) clearTimeout(this.timer);
    if (this.eventTimer) clearTimeout(this.eventTimer);
    this.timer = this.eventTimer = null;
  }

  /**
   * The idle poll is synchronous: pkcs11js calls block anyway, and a poll that finds nothing new then costs no
   * promise, no await and no async-hook bookkeeping (bench/smartcard-idle.bench.ts). Only a poll that must read
   * a card, or one that arrives while a PIN check runs, goes through the queue.
   */
  private readonly onTimer = (): void => {
    const timer = this.timer;
    if (!timer) return;
    if (this.queued > 0) {
      this.enqueue(() => this.pollQueued(timer));
      return;
    }
    const reads = this.scanAll();
    if (reads.length === 0) this.endPoll(timer);
    else this.enqueue(() => this.readAll(reads).then(() => this.endPoll(timer)));
  };

  private async pollQueued(timer: NodeJS.Timeout): Promise<void> {
    await this.readAll(this.scanAll());
    this.endPoll(timer);
  }

  private endPoll(timer: NodeJS.Timeout): void {
    this.settled = true;
    this.postStatus();
    this.heartbeat();
    // A configure during the poll replaced the timer; this one stays stopped.
    if (this.timer !== timer) return;
    // A card came or went, or the policy learned how the module lists cards: the period may have changed.
    const period = this.config ? this.wantedPeriod(this.config.pollIntervalMs) : this.periodMs;
    if (period !== this.periodMs) this.armTimer(period);
    else timer.refresh();
    // A read to retry or a clean start to make will not come as an event: such a module is polled at the
    // configured interval until it has none.
    if (this.watched.some((w) => w.eventDriven && unfinished(w))) this.pollSoon(this.config?.pollIntervalMs);
  }

  private scanAll(): PendingRead[] {
    const reads: PendingRead[] = [];
    for (const w of this.watched) if (w.mod) this.scan(w, w.mod, reads);
    return reads;
  }

  private async readAll(reads: readonly PendingRead[]): Promise<void> {
    for (const r of reads) {
      try {
        await this.read(r);
      } catch {
        r.w.tokens.delete(r.key);
        r.w.needsReinit = true;
        r.w.policy.failed();
      }
    }
  }

  /** Lists the module's tokens; new ones are queued in `reads`, gone ones are reported at once. */
  private scan(w: Watched, mod: Pkcs11Module, reads: PendingRead[]): void {
    const sawAt = Date.now();
    const plan = w.policy.plan(sawAt, w.needsReinit, w.tokens.size > 0, w.eventDriven);
    // A module with a slot-event thread, ready or still starting, may have that thread inside it: it is never
    // re-initialised (see ReinitPolicy.plan), and the clean start an error asked for is this poll.
    const reinit = plan.reinit && !w.events;
    if (w.events) w.needsReinit = false;
    const queuedBefore = reads.length;
    let probeListed: number | null = null;
    try {
      if (reinit) {
        if (plan.probe) probeListed = mod.slotsWithToken().length;
        // Slot handles mean nothing across initialisations.
        w.blank.clear();
        w.slotNames.clear();
        mod.reinitialize();
        w.needsReinit = false;
      }
      if (plan.countReaders) w.readers = countReaders(w, mod);
      const seen = w.seenBefore;
      seen.clear();
      let added = false;
      const poll = ++w.polls;
      const slots = mod.slotsWithToken();
      for (const slot of slots) {
        const blankKey = w.blank.size > 0 ? handleKey(slot) : null;
        if (blankKey !== null && !plan.recheckBlank && w.blank.has(blankKey)) {
          w.blank.set(blankKey, poll);
          continue;
        }
        const facts = this.tokenOrUnrecognized(w, mod, slot, seen);
        if (!facts) continue;
        // An uninitialised token is an empty reader for the desk (SoftHSM always shows one).
        if (!facts.initialized) {
          w.blank.set(blankKey ?? handleKey(slot), poll);
          continue;
        }
        if (blankKey !== null) w.blank.delete(blankKey);
        const key = tokenKeyOf(facts);
        if (seen.has(key)) {
          // Another slot of a card this poll already found: read together.
          reads.find((r, i) => i >= queuedBefore && r.key === key)?.slots.push({ slot, facts });
          continue;
        }
        seen.add(key);
        if (!w.seen.has(key)) added = true;
        const known = w.tokens.get(key);
        if (known && (known.cardKey || known.errorPosted) && !known.reread) continue;
        const entry = known ?? {
          serial: facts.serial,
          cardKey: null,
          authLabel: '',
          certDer: null,
          keyId: '',
          failures: 0,
          errorPosted: false,
        };
        w.tokens.set(key, entry);
        reads.push({ w, mod, slots: [{ slot, facts }], entry, key, sawAt });
      }
      for (const [key, t] of w.tokens) {
        if (seen.has(key)) continue;
        w.tokens.delete(key);
        if (t.cardKey) this.post({ type: 'cardRemoved', key: t.cardKey });
        else if (t.errorPosted) this.post({ type: 'cardErrorCleared', tokenKey: key });
        // Many middlewares need a fresh C_Initialize before a re-inserted card shows up; one with a slot-event
        // thread is never re-initialised (it reports the insertion, or fails back to polling).
        if (!w.events) w.needsReinit = true;
      }
      // A slot no longer listed may hold anything when it comes back.
      if (w.blank.size > 0) for (const [k, at] of w.blank) if (at !== poll) w.blank.delete(k);
      w.seenBefore = w.seen;
      w.seen = seen;
      w.policy.observe({ added, reinitialized: reinit, listed: slots.length, probeListed });
      if (w.report.cardListing !== w.policy.cardListing)
        w.report = { ...w.report, cardListing: w.policy.cardListing };
    } catch {
      // Removal mid-scan (SoftHSM answers C_GetTokenInfo on a deleted token with CKR_GENERAL_ERROR), a stale
      // session, a confused module: start clean on the next poll. Cards are matched by serial and certificate,
      // so nothing is lost by forgetting slot handles.
      reads.length = queuedBefore;
      w.blank.clear();
      w.slotNames.clear();
      w.needsReinit = true;
      w.policy.failed();
    }
  }

  /**
   * A card the middleware cannot make a token of (a bank card, a card of another scheme: OpenSC answers
   * C_GetTokenInfo with CKR_TOKEN_NOT_RECOGNIZED) is told to the clerk once, keyed by its slot, and cleared when
   * the slot stops listing it. Any other error goes to the scan's handler.
   */
  private tokenOrUnrecognized(
    w: Watched,
    mod: Pkcs11Module,
    slot: Buffer,
    seen: Set<string>,
  ): TokenFacts | null {
    try {
      return mod.token(slot);
    } catch (err) {
      if (ckrOf(err) !== 'CKR_TOKEN_NOT_RECOGNIZED') throw err;
    }
    const key = `unrecognized\u0000${slot.toString('hex')}`;
    seen.add(key);
    if (!w.tokens.has(key)) {
      w.tokens.set(key, {
        serial: '',
        cardKey: null,
        authLabel: '',
        certDer: null,
        keyId: '',
        failures: 0,
        errorPosted: true,
      });
      this.post({
        type: 'cardError',
        code: 'CARD_UNSUPPORTED',
        reason: 'TOKEN_NOT_RECOGNIZED',
        kind: null,
        slotDescription: safe(() => mod.slotDescription(slot), ''),
        tokenKey: key,
      });
    }
    return null;
  }

  private async read({ w, mod, slots, entry, key, sawAt }: PendingRead): Promise<void> {
    entry.reread = false;
    const first = slots[0]!;
    let slotDescription = safe(() => mod.slotDescription(first.slot), '');
    this.post({ type: 'reading', slotDescription });
    let parts: TokenContents[];
    const t0 = performance.now();
    try {
      const tolerate = entry.failures >= MAX_READ_FAILURES - 1;
      parts = slots.map(({ slot }) => mod.readContents(slot, tolerate));
    } catch (err) {
      const cls = classifyPkcs11Error(err);
      if (cls !== 'gone') entry.failures++;
      if (entry.failures >= MAX_READ_FAILURES && !entry.errorPosted) {
        entry.errorPosted = true;
        this.post({
          type: 'cardError',
          code: 'CARD_READ_FAILED',
          reason: ckrOf(err),
          kind: null,
          slotDescription,
          tokenKey: key,
        });
      } else if (!entry.errorPosted) {
        // Retried on the next poll, which finds a card pulled mid-read gone. The entry stays, with its count.
        w.needsReinit = true;
        this.post({ type: 'readAborted', reason: ckrOf(err) });
      }
      return;
    }
    const t1 = performance.now();
    const result = await identityFromToken({
      contents: mergeContents(parts),
      token: first.facts,
      module: w.report.path,
      trust: this.trust,
      crlFile: this.config?.crlFile ?? null,
      now: this.now(),
    });
    const t2 = performance.now();
    if (!result.ok) {
      entry.errorPosted = true;
      this.post({
        type: 'cardError',
        code: result.code,
        reason: result.reason,
        kind: result.kind,
        slotDescription,
        tokenKey: key,
      });
      return;
    }
    // The slot whose certificate identified the holder is the one that holds its key.
    const at = parts.findIndex((c) => c.certificates.some((o) => o.value.equals(result.auth.der)));
    const auth = slots[Math.max(0, at)]!;
    if (auth !== first) slotDescription = safe(() => mod.slotDescription(auth.slot), slotDescription);
    entry.cardKey = `${auth.facts.serial}:${result.auth.sha256}`;
    entry.authLabel = auth.facts.label;
    entry.certDer = result.auth.der;
    entry.keyId = result.keyId;
    this.post({
      type: 'card',
      card: {
        key: entry.cardKey,
        module: w.report.path,
        slotDescription,
        tokenLabel: auth.facts.label,
        pinFlags: auth.facts.pinFlags,
        identity: result.identity,
        timing: { sawAt, pkcs11Ms: t1 - t0, parseMs: t2 - t1, sentAt: Date.now() },
      },
    });
  }

  /**
   * The clerk set the citizen of a card still in the reader aside and asks for it again: one poll, now, in which
   * the card is read whole (certificate, trust, revocation, personal data) as if it had just been inserted. A
   * card no longer there is reported removed by that same poll; one the device process does not know (its key
   * is stale) is reported removed at once.
   */
  private async reread(cardKey: string): Promise<void> {
    const entry = this.watched.flatMap((w) => [...w.tokens.values()]).find((t) => t.cardKey === cardKey);
    if (!entry) {
      this.post({ type: 'cardRemoved', key: cardKey });
      return;
    }
    entry.reread = true;
    entry.failures = 0;
    await this.readAll(this.scanAll());
    this.postStatus();
  }

  private postStatus(): void {
    let readers = 0;
    let tokens = 0;
    for (const w of this.watched) {
      readers += w.readers;
      tokens += w.tokens.size;
    }
    const last = this.lastStatus;
    // Module reports only change on configure, which replaces the array: comparing the reference is enough.
    if (
      last &&
      last.readers === readers &&
      last.tokens === tokens &&
      last.settled === this.settled &&
      last.modules.length === this.watched.length &&
      last.modules.every((m, i) => m === this.watched[i]?.report)
    )
      return;
    const modules = this.watched.map((w) => w.report);
    this.lastStatus = { modules, readers, tokens, settled: this.settled };
    this.post({ type: 'status', modules, readers, tokens, settled: this.settled });
  }

  private async verifyPin(requestId: number, cardKey: string, pin: string): Promise<void> {
    const answer = (result: Extract<FromDevice, { type: 'pinResult' }>['result']) =>
      this.post({ type: 'pinResult', requestId, result });
    const found = this.watched.flatMap((w) =>
      [...w.tokens.values()].filter((t) => t.cardKey === cardKey).map((t) => ({ w, t })),
    )[0];
    if (!found || !found.w.mod || !found.t.certDer) {
      answer({ ok: false, code: 'CARD_NOT_PRESENT', reason: 'CARD_GONE', pinFlags: null });
      return;
    }
    const { w, t } = found;
    const mod = found.w.mod;
    const certDer = t.certDer;
    if (!certDer) return;
    let slot: Buffer | undefined;
    let flags: PinFlags | null = null;
    try {
      // Looked up again by serial, and by label among a card's slots (see tokenKeyOf): the handle from the read
      // may belong to another card by now.
      for (const s of mod.slotsWithToken()) {
        const f = mod.token(s);
        if (f.serial === t.serial && f.label === t.authLabel) {
          slot = s;
          flags = f.pinFlags;
          break;
        }
      }
    } catch (err) {
      w.needsReinit = true;
      answer({ ok: false, code: 'CARD_NOT_PRESENT', reason: ckrOf(err), pinFlags: null });
      return;
    }
    if (!slot || !flags) {
      answer({ ok: false, code: 'CARD_NOT_PRESENT', reason: 'CARD_GONE', pinFlags: null });
      return;
    }
    // CKF_USER_PIN_LOCKED is not taken as the card's word: OpenSC's CNS driver cannot ask a CNS for its tries and
    // reports every CNS locked until a login (opensc-cns.test.ts). Offering the PIN is safe either way: a card
    // whose PIN is really blocked refuses it (CKR_PIN_LOCKED) and nothing on it changes.
    const challenge = newChallenge();
    let signature: Buffer;
    try {
      signature = mod.signWithPin(slot, t.keyId, pin, challenge).signature;
    } catch (err) {
      const cls = classifyPkcs11Error(err);
      const after = safe(() => mod.token(slot).pinFlags, null);
      if (cls === 'pin-incorrect')
        answer({ ok: false, code: 'PIN_INCORRECT', reason: 'CKR_PIN_INCORRECT', pinFlags: after });
      else if (cls === 'pin-locked')
        answer({ ok: false, code: 'PIN_LOCKED', reason: 'CKR_PIN_LOCKED', pinFlags: after });
      else if (cls === 'pin-range')
        answer({ ok: false, code: 'INVALID_INPUT', reason: 'PIN_LENGTH', pinFlags: after });
      else if (cls === 'gone')
        answer({ ok: false, code: 'CARD_NOT_PRESENT', reason: ckrOf(err), pinFlags: null });
      else if (err instanceof Error && err.message === 'NO_PRIVATE_KEY')
        answer({ ok: false, code: 'CARD_UNSUPPORTED', reason: 'NO_PRIVATE_KEY', pinFlags: after });
      else if (SIGNING_REFUSED.has(ckrOf(err)))
        answer({ ok: false, code: 'CARD_UNSUPPORTED', reason: 'SIGNING_NOT_SUPPORTED', pinFlags: after });
      else answer({ ok: false, code: 'CARD_READ_FAILED', reason: ckrOf(err), pinFlags: after });
      if (cls === 'gone' || cls === 'other') w.needsReinit = true;
      return;
    }
    const after = safe(() => mod.token(slot).pinFlags, flags);
    if (!signatureMatchesCertificate(certDer, challenge.nonce, signature)) {
      // The key that signed is not the certificate's: the card is not what it claims to be.
      answer({ ok: false, code: 'CARD_UNSUPPORTED', reason: 'KEY_MISMATCH', pinFlags: after });
      return;
    }
    answer({ ok: true, pinFlags: after });
  }

  /** The doctor's view: every module, every slot, every token and the certificates on it. */
  private async probe(requestId: number): Promise<void> {
    const slots: SlotReport[] = [];
    // The report says how each module is watched: give a module just loaded a moment to say.
    await withTimeout(Promise.all(this.watched.map((w) => w.events?.decided)), PROBE_EVENTS_WAIT_MS);
    const modules =
      this.watched.length > 0
        ? this.watched
        : loadModules(
            this.config ?? {
              modules: [],
              useDefaultModules: true,
              pollIntervalMs: 500,
              trustDir: null,
              crlFile: null,
            },
          );
    for (const w of modules) {
      const mod = w.mod;
      if (!mod) continue;
      let list: Buffer[];
      try {
        // A module with a slot-event thread lists every card live, and must not be finalised under its wait.
        if (!w.events) mod.reinitialize();
        list = mod.allSlots();
      } catch (err) {
        slots.push(emptySlot(w.report.path, '', ckrOf(err)));
        continue;
      }
      for (const slot of list) {
        const description = safe(() => mod.slotDescription(slot), '');
        let token: TokenFacts;
        try {
          token = mod.token(slot);
        } catch (err) {
          const ckr = ckrOf(err);
          slots.push(emptySlot(w.report.path, description, ckr === 'CKR_TOKEN_NOT_PRESENT' ? null : ckr));
          continue;
        }
        const report: SlotReport = {
          ...emptySlot(w.report.path, description, null),
          tokenPresent: true,
          token,
        };
        if (token.initialized) {
          try {
            const c = mod.readContents(slot, true);
            report.certificates.push(...c.certificates.map((o) => summarize(o.label, o.id, o.value)));
            report.dataObjects.push(...c.dataObjects.map((d) => d.label.slice(0, 256)));
          } catch (err) {
            report.error = ckrOf(err);
          }
        }
        slots.push(report);
      }
    }
    this.post({ type: 'probeResult', requestId, modules: modules.map((w) => w.report), slots });
  }
}

function emptySlot(module: string, slotDescription: string, error: string | null): SlotReport {
  return {
    module,
    slotDescription,
    tokenPresent: false,
    token: null,
    certificates: [],
    dataObjects: [],
    error,
  };
}

function summarize(label: string, id: string, der: Buffer): CertificateSummary {
  try {
    const c = parseCertificate(der);
    return {
      label: label.slice(0, 256),
      id: id.slice(0, 256),
      subject: c.subject.slice(0, 2000),
      issuer: c.issuer.slice(0, 2000),
      notBefore: c.notBefore.toISOString(),
      notAfter: c.notAfter.toISOString(),
      policies: c.policies.slice(0, 32),
      keyUsage: [...c.keyUsage],
      sha256: c.sha256,
      role: c.role,
    };
  } catch {
    return {
      label: label.slice(0, 256),
      id: id.slice(0, 256),
      subject: '(illeggibile)',
      issuer: '',
      notBefore: '',
      notAfter: '',
      policies: [],
      keyUsage: [],
      sha256: '',
      role: 'other',
    };
  }
}

/** How long a probe waits for a module just loaded to say whether it reports slot events. */
const PROBE_EVENTS_WAIT_MS = 2000;

async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

/**
 * Readers, not slots: OpenSC shows a CNS with a signature certificate as two slots of one reader (one per PIN),
 * and keeps the second slot listed after the card leaves. Slots are counted by their description, which is the
 * reader's name; it is asked once per slot handle (on OpenSC each C_GetSlotInfo is a round trip to pcscd), and
 * asked again for every slot whenever the number of slots changes, since a handle may then name another reader.
 */
function countReaders(w: Watched, mod: Pkcs11Module): number {
  const slots = mod.allSlots();
  if (slots.length !== w.slotNames.size) w.slotNames.clear();
  const names = new Set<string>();
  for (const slot of slots) {
    const key = handleKey(slot);
    let name = w.slotNames.get(key);
    if (name === undefined) {
      // A slot without a description is a reader of its own.
      name = safe(() => mod.slotDescription(slot), '') || `\u0000${String(key)}`;
      w.slotNames.set(key, name);
    }
    names.add(name);
  }
  return names.size;
}

/** A module with a card still to read, or a re-initialisation still to make. */
function unfinished(w: Watched): boolean {
  if (w.needsReinit) return true;
  for (const t of w.tokens.values()) if (!t.cardKey && !t.errorPosted) return true;
  return false;
}

/**
 * A slot handle (CK_ULONG, little-endian: 8 bytes on Linux and macOS, 4 on Windows) as a map key. A number
 * when exact, which is every slot id seen in practice: hex strings cost a poll more than the call they spared.
 */
function handleKey(h: Buffer): number | string {
  let n = 0;
  for (let i = h.length - 1; i >= 0; i--) n = n * 256 + h[i]!;
  return Number.isSafeInteger(n) ? n : h.toString('hex');
}

function safe<T, F>(f: () => T, fallback: F): T | F {
  try {
    return f();
  } catch {
    return fallback;
  }
}

/** What an earlier run learned of this very library, if the desk remembers it. */
function knownListing(config: DeviceConfig, report: ModuleReport): CardListing {
  const library = libraryFingerprint(report.library);
  if (report.status !== 'loaded' || library === null) return 'unknown';
  return (
    config.knownListings?.find((k) => k.path === report.path && k.library === library)?.listing ?? 'unknown'
  );
}

function loadModules(config: DeviceConfig): Watched[] {
  return moduleCandidates(config.modules, process.platform, config.useDefaultModules).map((c) => {
    const base = {
      path: c.path,
      source: c.source,
      library: null,
      message: null,
      reason: null,
      watch: 'polling' as const,
      watchReason: null,
      cardListing: 'unknown' as const,
    };
    const watched = (report: ModuleReport, mod: Pkcs11Module | null): Watched => {
      const policy = new ReinitPolicy(
        config.reinitializeWhenIdle ?? 'auto',
        config.pollIntervalMs,
        knownListing(config, report),
      );
      return {
        report: { ...report, cardListing: policy.cardListing },
        mod,
        events: null,
        eventDriven: false,
        eventRetry: new SlotEventRetry(),
        tokens: new Map(),
        needsReinit: false,
        policy,
        seen: new Set(),
        seenBefore: new Set(),
        readers: 0,
        blank: new Map(),
        slotNames: new Map(),
        polls: 0,
      };
    };
    if (!moduleFileExists(c.path)) return watched({ ...base, status: 'not-found' }, null);
    const mod = new Pkcs11Module(c.path);
    try {
      mod.load();
      const library = safe(() => mod.library(), null);
      return watched({ ...base, status: 'loaded', library }, mod);
    } catch (err) {
      mod.close();
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 2000);
      return watched({ ...base, status: 'error', reason: explainLoadError(message), message }, null);
    }
  });
}
