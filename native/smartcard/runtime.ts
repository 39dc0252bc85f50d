import { checkPin } from './pin-check';
import { probeModules } from './probe';
import type { DeviceConfig, FromDevice, ModuleReport, ToDevice } from './protocol';
import { EVENT_GAP_MS, SAFETY_POLL_MS, SlotEventWatcher, type SlotEventState } from './slot-events';
import { CardScanner } from './card-scan';
import { loadModules, unfinished, type PendingRead, type Watched } from './watched-module';

/**
 * The device process's whole job: load modules, poll slots, turn tokens into identities, answer PIN checks.
 * It speaks only through `post`; everything that leaves is a FromDevice message, validated again by the desk.
 */
export class DeviceRuntime {
  private watched: Watched[] = [];
  private config: DeviceConfig | null = null;
  /** Lists each module's cards and reads the new ones. */
  private readonly scanner: CardScanner;
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
    now: () => Date = () => new Date(),
  ) {
    this.scanner = new CardScanner((m) => this.post(m), now);
  }

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
    this.scanner.configure(config);
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
    for (const w of this.watched) if (w.mod) this.scanner.scan(w, w.mod, reads);
    return reads;
  }

  private async readAll(reads: readonly PendingRead[]): Promise<void> {
    for (const r of reads) {
      try {
        await this.scanner.read(r);
      } catch {
        r.w.tokens.delete(r.key);
        r.w.needsReinit = true;
        r.w.policy.failed();
      }
    }
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
    this.post({ type: 'pinResult', requestId, result: checkPin(this.watched, cardKey, pin) });
  }

  /** The doctor's view: every module, every slot, every token and the certificates on it. */
  private async probe(requestId: number): Promise<void> {
    const { modules, slots } = await probeModules(this.watched, this.config);
    this.post({ type: 'probeResult', requestId, modules, slots });
  }
}
