import { join } from 'node:path';
import type { CardStatus, Identity } from '../../../core/contract/domains/identity';
import { AppError } from '../../../core/contract/errors';
import type { BirthplaceResolver } from '../../../core/fiscal-code/birthplace';
import {
  fromDeviceSchema,
  type CardRead,
  type FromDevice,
  type ModuleReport,
} from '../../../native/smartcard/protocol';
import type { AuditLog } from '../audit/audit-log';
import { smartcardSection, type SmartcardConfig } from '../config/sections/smartcard';
import type { DeskEvents } from '../events';
import type { IdentityService } from '../identity/identity-service';
import type { Startable } from '../lifecycle';
import type { Logger } from '../log';
import type { StatusBoard } from '../status-board';
import { CrlRefresher, type CrlState } from './crl-refresher';
import { revocationOf } from './revocation-status';
import type { DeviceProcess, DeviceProcessFactory } from './device-process';
import type { CardListingMemory } from './card-listings';
import { DeviceWatchdog } from './watchdog';
import { canonicalFiscalCode } from '../../../core/fiscal-code';

/** Long enough for the desk's first paint, short enough to beat the first card of the day. */
const PRELOAD_DELAY_MS = 3000;

export interface SmartcardDeps {
  readonly config: unknown;
  readonly identity: IdentityService;
  readonly status: StatusBoard;
  readonly events: DeskEvents;
  readonly audit: AuditLog;
  readonly log: Logger;
  readonly now: () => Date;
  readonly spawn: DeviceProcessFactory;
  readonly onCardRemoved: () => 'clear' | 'keep';
  readonly birthplaces: () => Promise<BirthplaceResolver>;
  /** What the polls learned of each module's card listing, remembered across restarts. */
  readonly listings: CardListingMemory;
  /** Where a CRL downloaded from `smartcard.crlUrl` goes when no `crlFile` is configured. */
  readonly dataDir: string;
  /**
   * Operators' own cards (issue 17): a card whose holder is a configured operator is never taken for a citizen;
   * its comings and goings are the operator service's (removal locks the desk).
   */
  readonly operatorCards?: {
    isOperator(fiscalCode: string): boolean;
    seen(fiscalCode: string, present: boolean): void;
  };
  /** Restart delays: first, then doubled up to max. */
  readonly backoff?: { readonly firstMs: number; readonly maxMs: number };
}

/** A process that stayed up this long is healthy again: the next crash restarts it at the first delay. */
const STABLE_AFTER_MS = 5000;
const PIN_TIMEOUT_MS = 60_000;
/** A re-read is one poll that reads the card whole: a slow middleware takes a few seconds, never this long. */
const REREAD_TIMEOUT_MS = 30_000;
/** Starting the process (Node, the TypeScript loader in development, the addon) is not a hang. */
const STARTUP_GRACE_MS = 20_000;

/** Latency of one identification, split by where the time went (bench/smartcard-identify.bench.ts). */
export interface IdentifyTiming {
  readonly pkcs11Ms: number;
  readonly parseMs: number;
  readonly hopMs: number;
  readonly totalMs: number;
}

interface PendingReread {
  readonly key: string;
  readonly promise: Promise<Identity>;
  resolve: (id: Identity) => void;
  reject: (err: AppError) => void;
  timer: NodeJS.Timeout;
}

interface PendingPin {
  resolve: (r: Extract<FromDevice, { type: 'pinResult' }>['result']) => void;
  reject: (err: AppError) => void;
  timer: NodeJS.Timeout;
}

/**
 * Supervises the smart-card device process: starts it, watches it (ping/pong watchdog), restarts it with
 * exponential backoff when it crashes or hangs, and turns its card events into the desk's current identity.
 * While it is down the desk keeps working: typed fiscal codes never touch this service.
 */
export class SmartcardService implements Startable {
  readonly name = 'smartcard';
  private readonly cfg: SmartcardConfig;
  private proc: DeviceProcess | null = null;
  private stopped = true;
  private restarts = 0;
  private consecutiveFailures = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private watch: DeviceWatchdog | null = null;
  private pingSeq = 0;
  private requestSeq = 0;
  private readonly pendingPin = new Map<number, PendingPin>();
  private readonly pendingProbe = new Map<
    number,
    (r: Extract<FromDevice, { type: 'probeResult' }>) => void
  >();
  /** Cards in the readers, by token serial + certificate hash. */
  private readonly cards = new Map<string, CardRead>();
  /** Cards in the readers that belong to operators, by card key: never a citizen's. */
  private readonly operatorCardKeys = new Map<string, string>();
  /**
   * Cards read, waiting for their birthplace (the directory may still be loading, up to a second): not yet
   * 'identified', so that the status never says so before the citizen is on screen.
   */
  private readonly resolving = new Map<string, CardRead>();
  /** Cards whose holder proved the PIN: survives a device restart, not a removal. */
  private readonly verified = new Set<string>();
  /** After a restart, cards are kept until the new process's first full scan confirms or drops them. */
  private unconfirmed = new Set<string>();
  private modules: ModuleReport[] = [];
  private readers = 0;
  private reading = false;
  private up = false;
  private problem: CardStatus['problem'] = null;
  private lastStatus = '';
  private readonly timingListeners = new Set<(t: IdentifyTiming) => void>();
  /** The card being read again at the clerk's request (one at a time: a second request joins it). */
  private pendingReread: PendingReread | null = null;

  private readonly crl: CrlRefresher | null;
  /** The CRL the device process checks revocation against: the configured file, or the downloaded one. */
  private readonly crlFile: string | null;

  constructor(private readonly d: SmartcardDeps) {
    // Parsed again here: the config schema's section default is taken as is, without the section's defaults.
    this.cfg = smartcardSection.parse(d.config ?? {});
    const { crlUrl } = this.cfg;
    this.crlFile = this.cfg.crlFile ?? (crlUrl ? join(d.dataDir, 'crl', 'downloaded.crl') : null);
    this.crl =
      crlUrl && this.crlFile
        ? new CrlRefresher({
            url: crlUrl,
            file: this.crlFile,
            refreshMs: this.cfg.crlRefreshHours * 3_600_000,
            log: d.log,
            now: d.now,
            onChange: (s) => d.status.set('revocation', revocationOf(s, d.now())),
          })
        : null;
  }

  /** The CRL download's state, when `smartcard.crlUrl` is set (diagnostics). */
  get crlState(): CrlState | null {
    return this.crl?.current ?? null;
  }

  /** Downloads the CRL again now (diagnostics, tests); resolves when done, whatever the outcome. */
  refreshCrl(): Promise<void> {
    return this.crl?.refresh() ?? Promise.resolve();
  }

  start(): void {
    if (!this.cfg.enabled) {
      this.publish();
      return;
    }
    this.stopped = false;
    this.crl?.start();
    // The Belfiore directory takes most of a second of CPU to load: not when the first card arrives, and not
    // while the window is painting its first screen either.
    setTimeout(() => void this.d.birthplaces().catch(() => {}), PRELOAD_DELAY_MS).unref();
    this.spawn();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.crl?.stop();
    this.clearTimers();
    const p = this.proc;
    this.proc = null;
    if (p) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 2000);
        p.onExit(() => {
          clearTimeout(t);
          resolve();
        });
        p.kill();
      });
    }
    this.failPending('READER_RESTARTING', 'STOPPED');
    this.endReread(new AppError('READER_RESTARTING', { reason: 'STOPPED' }));
  }

  /** For benchmarks: called with the timing of each identification as it reaches the desk. */
  onTiming(listener: (t: IdentifyTiming) => void): () => void {
    this.timingListeners.add(listener);
    return () => this.timingListeners.delete(listener);
  }

  get restartCount(): number {
    return this.restarts;
  }

  status(): CardStatus {
    const card = this.currentCard();
    return {
      state: this.state(),
      modules: this.modules.map((m) => ({
        path: m.path,
        status: m.status,
        reason: m.reason,
        watch: m.watch,
        cardListing: m.cardListing,
      })),
      readers: this.readers,
      card: card
        ? {
            kind: card.identity.card?.kind ?? 'UNKNOWN',
            tokenLabel: card.tokenLabel,
            slotDescription: card.slotDescription,
            pinFlags: card.pinFlags,
            verified: this.verified.has(card.key),
          }
        : null,
      problem: this.problem,
      restarts: this.restarts,
    };
  }

  private state(): CardStatus['state'] {
    if (!this.cfg.enabled) return 'disabled';
    if (!this.up) return this.restarts > 0 ? 'restarting' : 'no-module';
    if (!this.modules.some((m) => m.status === 'loaded'))
      return this.modules.some((m) => m.status === 'error') ? 'error' : 'no-module';
    // A card being read or read proves a reader, even before the scan's reader count arrives.
    if (this.reading || this.resolving.size > 0) return 'reading';
    if (this.cards.size > 0) return 'identified';
    if (this.readers === 0) return 'no-reader';
    if (this.problem) return 'error';
    return 'waiting';
  }

  /** The card behind the current identity, else the last one read. */
  private currentCard(): CardRead | null {
    const id = this.d.identity.get();
    const key = id ? cardKeyOf(id) : null;
    if (key && this.cards.has(key)) return this.cards.get(key) ?? null;
    return [...this.cards.values()].at(-1) ?? null;
  }

  private async askPin(key: string, pin: string) {
    const proc = this.proc;
    if (!proc) throw new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' });
    const requestId = ++this.requestSeq;
    const result = await new Promise<Extract<FromDevice, { type: 'pinResult' }>['result']>(
      (resolve, reject) => {
        const timer = setTimeout(() => {
          this.pendingPin.delete(requestId);
          resolve({ ok: false, code: 'CARD_READ_FAILED', reason: 'TIMEOUT', pinFlags: null });
        }, PIN_TIMEOUT_MS);
        this.pendingPin.set(requestId, { resolve, reject, timer });
        proc.send({ type: 'verifyPin', requestId, cardKey: key, pin });
      },
    );
    const card = this.cards.get(key);
    if (card && result.pinFlags) this.cards.set(key, { ...card, pinFlags: result.pinFlags });
    return result;
  }

  /** The PIN of an operator's card in the reader (sign-in with the card): throws the card's answer when wrong. */
  async verifyOperatorPin(fiscalCode: string, pin: string): Promise<void> {
    if (!this.up) throw new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' });
    const key = [...this.operatorCardKeys].find(([, cf]) => cf === fiscalCode)?.[0];
    if (!key || !this.cards.has(key)) throw new AppError('CARD_NOT_PRESENT', { reason: 'NO_OPERATOR_CARD' });
    const result = await this.askPin(key, pin);
    if (!result.ok)
      throw new AppError(result.code, {
        reason: result.reason,
        ...(result.pinFlags
          ? { countLow: result.pinFlags.countLow, finalTry: result.pinFlags.finalTry }
          : {}),
      });
  }

  async verifyPin(pin: string): Promise<Identity> {
    const id = this.d.identity.get();
    const key = id ? cardKeyOf(id) : null;
    if (!this.up) throw new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' });
    if (!id || !key || !this.cards.has(key))
      throw new AppError('CARD_NOT_PRESENT', { reason: 'NO_CARD_IDENTITY' });
    // Audit first, then act: a PIN offered to the card spends one of its tries, so an attempt that cannot be
    // recorded is never offered (the audit's typed error goes to the clerk instead).
    this.d.audit.record({ actor: 'desk', action: 'identify.pin-attempt', subject: id.fiscalCode });
    const result = await this.askPin(key, pin);
    if (!result.ok) {
      this.d.audit.record({
        actor: 'desk',
        action: `identify.pin-failed.${result.code}`,
        subject: id.fiscalCode,
      });
      this.publish();
      throw new AppError(result.code, {
        reason: result.reason,
        ...(result.pinFlags
          ? {
              countLow: result.pinFlags.countLow,
              finalTry: result.pinFlags.finalTry,
              triesLeft: result.pinFlags.finalTry ? 1 : null,
            }
          : {}),
      });
    }
    this.verified.add(key);
    const current = this.d.identity.get();
    const base = current && cardKeyOf(current) === key ? current : id;
    const next: Identity = { ...base, source: 'card-pin', identifiedAt: this.d.now().toISOString() };
    this.d.identity.set(next);
    this.publish();
    return next;
  }

  /**
   * Reads the citizen's card in the reader again, as if it had just been inserted: the clerk set its citizen
   * aside (Esc with the card in, or a typed code over it) and wants them back without pulling the card. The
   * device process reads and checks the card whole, and the identity it sends becomes the desk's citizen through
   * the same path as an insertion (audited `identify.card`). No citizen card in the reader: CARD_NOT_PRESENT.
   */
  reread(): Promise<Identity> {
    const proc = this.proc;
    if (!proc || !this.up)
      return Promise.reject(new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' }));
    if (this.pendingReread) return this.pendingReread.promise;
    const key = this.citizenCardKey();
    if (!key) return Promise.reject(new AppError('CARD_NOT_PRESENT', { reason: 'NO_CITIZEN_CARD' }));
    let resolve!: (id: Identity) => void;
    let reject!: (err: AppError) => void;
    const promise = new Promise<Identity>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const timer = setTimeout(
      () => this.endReread(new AppError('CARD_READ_FAILED', { reason: 'TIMEOUT' })),
      REREAD_TIMEOUT_MS,
    );
    this.pendingReread = { key, promise, resolve, reject, timer };
    proc.send({ type: 'reread', cardKey: key });
    return promise;
  }

  /** The citizen card to read again: the one behind the current identity, else the last one read. */
  private citizenCardKey(): string | null {
    const id = this.d.identity.get();
    const current = id ? cardKeyOf(id) : null;
    if (current && this.cards.has(current) && !this.operatorCardKeys.has(current)) return current;
    return [...this.cards.keys()].filter((k) => !this.operatorCardKeys.has(k)).at(-1) ?? null;
  }

  private endReread(outcome: Identity | AppError): void {
    const p = this.pendingReread;
    if (!p) return;
    this.pendingReread = null;
    clearTimeout(p.timer);
    if (outcome instanceof AppError) p.reject(outcome);
    else p.resolve(outcome);
  }

  /** One-shot diagnostic through the running device process (doctor uses its own process). */
  probe(timeoutMs = 20_000): Promise<Extract<FromDevice, { type: 'probeResult' }>> {
    const proc = this.proc;
    if (!proc || !this.up)
      return Promise.reject(new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' }));
    const requestId = ++this.requestSeq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingProbe.delete(requestId);
        reject(new AppError('READER_RESTARTING', { reason: 'PROBE_TIMEOUT' }));
      }, timeoutMs);
      this.pendingProbe.set(requestId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      proc.send({ type: 'probe', requestId });
    });
  }

  private spawn(): void {
    if (this.stopped) return;
    let proc: DeviceProcess;
    try {
      proc = this.d.spawn();
    } catch (err) {
      this.d.log.error('smartcard device process did not start', { error: String(err) });
      this.scheduleRestart();
      return;
    }
    this.proc = proc;
    const every = Math.max(100, Math.floor(this.cfg.watchdogMs / 4));
    this.watch = new DeviceWatchdog(every, this.cfg.watchdogMs, STARTUP_GRACE_MS, Date.now());
    proc.onMessage((raw) => {
      if (this.proc === proc) this.onDeviceMessage(raw);
    });
    proc.onExit((code, signal) => {
      if (this.proc !== proc) return;
      this.proc = null;
      this.d.log.warn('smartcard device process exited', { code, signal });
      this.onDown();
    });
    proc.send({
      type: 'configure',
      config: {
        modules: this.cfg.modules,
        useDefaultModules: this.cfg.useDefaultModules,
        pollIntervalMs: this.cfg.pollIntervalMs,
        reinitializeWhenIdle: this.cfg.reinitializeWhenIdle,
        // A device process that died may have died waiting for slot events (a module that crashes or holds its
        // lock in C_WaitForSlotEvent): the ones after it poll, which every module supports.
        slotEvents: this.cfg.slotEvents && this.restarts === 0,
        trustDir: this.cfg.trustDir,
        crlFile: this.crlFile,
        knownListings: this.d.listings.list(),
        // Often enough that a device process whose poll runs every 1.5 s or faster is never pinged (the watchdog
        // pings after half its limit of silence).
        heartbeatMs: Math.max(100, Math.floor(this.cfg.watchdogMs / 4)),
      },
    });
    this.pingTimer = setInterval(() => this.watchdog(proc), every);
    this.pingTimer.unref?.();
    this.stableTimer = setTimeout(() => (this.consecutiveFailures = 0), STABLE_AFTER_MS);
    this.stableTimer.unref?.();
  }

  /** Every watchdogMs/4: a hang is found within 1.25 × watchdogMs. */
  private watchdog(proc: DeviceProcess): void {
    if (this.proc !== proc || !this.watch) return;
    const verdict = this.watch.check(Date.now());
    if (verdict === 'hung') {
      // Blocked inside a vendor call: no message will ever come back. Kill it; the exit restarts it.
      this.d.log.warn('smartcard device process hung: killing it', { watchdogMs: this.cfg.watchdogMs });
      this.watch = null;
      proc.kill();
    } else if (verdict === 'ping') proc.send({ type: 'ping', seq: ++this.pingSeq });
  }

  /** Pings sent to device processes so far (diagnostics, tests): an idle polled one answers none. */
  get pingsSent(): number {
    return this.pingSeq;
  }

  private onDown(): void {
    this.clearTimers();
    this.up = false;
    this.reading = false;
    this.restarts++;
    this.consecutiveFailures++;
    this.unconfirmed = new Set([...this.cards.keys(), ...this.resolving.keys()]);
    this.problem = { code: 'READER_RESTARTING', reason: 'DEVICE_PROCESS_EXITED', kind: null };
    this.failPending('READER_RESTARTING', 'DEVICE_PROCESS_EXITED');
    this.endReread(new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_EXITED' }));
    this.publish();
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.stopped) return;
    const { firstMs, maxMs } = this.d.backoff ?? { firstMs: 250, maxMs: 30_000 };
    const delay = Math.min(maxMs, firstMs * 2 ** Math.max(0, this.consecutiveFailures - 1));
    this.restartTimer = setTimeout(() => this.spawn(), delay);
  }

  private clearTimers(): void {
    for (const t of [this.restartTimer, this.stableTimer]) if (t) clearTimeout(t);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.restartTimer = this.stableTimer = this.pingTimer = null;
  }

  private failPending(code: 'READER_RESTARTING', reason: string): void {
    for (const [id, p] of this.pendingPin) {
      clearTimeout(p.timer);
      p.reject(new AppError(code, { reason }));
      this.pendingPin.delete(id);
    }
  }

  private onDeviceMessage(raw: unknown): void {
    const parsed = fromDeviceSchema.safeParse(raw);
    if (!parsed.success) {
      this.d.log.warn('smartcard: message refused', { issues: parsed.error.issues.length });
      return;
    }
    const m = parsed.data;
    this.watch?.heard(Date.now());
    switch (m.type) {
      case 'hello':
        return;
      case 'pong':
      case 'alive':
        return;
      case 'status': {
        this.up = true;
        this.modules = m.modules;
        this.d.listings.learn(m.modules);
        this.readers = m.readers;
        if (this.problem?.code === 'READER_RESTARTING') this.problem = null;
        if (m.settled) this.reconcile();
        const failed = m.modules.find((x) => x.status === 'error');
        if (failed && !m.modules.some((x) => x.status === 'loaded'))
          this.problem = { code: 'MODULE_LOAD_FAILED', reason: failed.reason ?? 'LOAD_FAILED', kind: null };
        this.publish();
        return;
      }
      case 'reading':
        this.reading = true;
        this.publish();
        return;
      case 'readAborted':
        this.reading = false;
        this.endReread(new AppError('CARD_READ_FAILED', { reason: m.reason }));
        this.publish();
        return;
      case 'card':
        void this.onCard(m.card);
        return;
      case 'cardRemoved':
        this.onRemoved(m.key);
        return;
      case 'cardError':
        this.reading = false;
        this.problem = { code: m.code, reason: m.reason, kind: m.kind };
        this.endReread(new AppError(m.code, { reason: m.reason }));
        this.d.log.warn('smartcard: card not usable', { code: m.code, reason: m.reason });
        this.publish();
        return;
      case 'cardErrorCleared':
        this.problem = null;
        this.publish();
        return;
      case 'pinResult': {
        const p = this.pendingPin.get(m.requestId);
        if (!p) return;
        clearTimeout(p.timer);
        this.pendingPin.delete(m.requestId);
        p.resolve(m.result);
        return;
      }
      case 'probeResult': {
        const r = this.pendingProbe.get(m.requestId);
        this.pendingProbe.delete(m.requestId);
        r?.(m);
        return;
      }
    }
  }

  /** First full scan after a restart: cards not seen again left while the process was down. */
  private reconcile(): void {
    for (const key of this.unconfirmed) this.onRemoved(key);
    this.unconfirmed.clear();
  }

  private async onCard(card: CardRead): Promise<void> {
    const arrived = Date.now();
    this.reading = false;
    this.problem = null;
    this.unconfirmed.delete(card.key);
    // The same card seen again after a device restart: the citizen on screen is already this one, or the
    // clerk has moved on (typed a code) and must not be overridden by a card that never left.
    // Asked for again by the clerk: read as an insertion, the citizen comes back.
    if (this.pendingReread?.key === card.key) this.cards.delete(card.key);
    if (this.cards.has(card.key)) {
      this.cards.set(card.key, card);
      this.publish();
      return;
    }
    const already = this.resolving.has(card.key);
    this.resolving.set(card.key, card);
    if (already) return;
    this.verified.delete(card.key);
    this.publish();
    let birthplace: Identity['birthplace'] = null;
    try {
      const resolve = await this.d.birthplaces();
      if (card.identity.kind === 'person' && card.identity.birthDate) {
        const belfiore = belfioreOf(card.identity.fiscalCode);
        birthplace = belfiore ? resolve(belfiore, card.identity.birthDate) : null;
      }
    } catch {
      // Without the directory the place stays unknown; the identification itself does not depend on it.
    }
    // Pulled out meanwhile, or the desk closing.
    const read = this.resolving.get(card.key);
    this.resolving.delete(card.key);
    if (!read || this.stopped) return;
    this.cards.set(card.key, read);
    if (this.d.operatorCards?.isOperator(read.identity.fiscalCode)) {
      this.operatorCardKeys.set(card.key, read.identity.fiscalCode);
      this.d.operatorCards.seen(read.identity.fiscalCode, true);
      this.publish();
      return;
    }
    const identity: Identity = { ...read.identity, birthplace, source: 'card' };
    try {
      this.d.identity.set(identity);
    } catch (err) {
      // Not recorded (the audit log refused it), so not identified: the re-read says why.
      if (this.pendingReread?.key === card.key)
        this.endReread(err instanceof AppError ? err : new AppError('INTERNAL', { reason: 'IDENTIFY' }));
      throw err;
    }
    if (this.pendingReread?.key === card.key) this.endReread(identity);
    this.publish();
    const t = card.timing;
    const timing: IdentifyTiming = {
      pkcs11Ms: t.pkcs11Ms,
      parseMs: t.parseMs,
      hopMs: arrived - t.sentAt,
      totalMs: Date.now() - t.sawAt,
    };
    for (const l of this.timingListeners) l(timing);
  }

  private onRemoved(key: string): void {
    const operator = this.operatorCardKeys.get(key);
    if (operator !== undefined) {
      this.operatorCardKeys.delete(key);
      this.d.operatorCards?.seen(operator, false);
    }
    const had = this.cards.delete(key);
    if (this.pendingReread?.key === key)
      this.endReread(new AppError('CARD_NOT_PRESENT', { reason: 'CARD_REMOVED' }));
    this.resolving.delete(key);
    this.verified.delete(key);
    this.reading = false;
    const current = this.d.identity.get();
    if (had && current && cardKeyOf(current) === key && this.d.onCardRemoved() === 'clear') {
      this.d.identity.set(null);
    }
    this.publish();
  }

  private publish(): void {
    const s = this.status();
    const sig = JSON.stringify(s);
    if (sig === this.lastStatus) return;
    this.lastStatus = sig;
    const detail =
      s.state === 'error' || s.state === 'restarting'
        ? (s.problem?.reason ?? null)
        : s.state === 'identified'
          ? (s.card?.kind ?? null)
          : (this.modules.find((m) => m.status === 'loaded')?.path ?? null);
    this.d.status.set('reader', { state: s.state, detail });
    this.d.events.emit('card.changed', s);
  }
}

export function cardKeyOf(id: Identity): string | null {
  if (!id.card || (id.source !== 'card' && id.source !== 'card-pin')) return null;
  return `${id.card.tokenSerial}:${id.card.certificateSha256}`;
}

/** Positions 12-15 of the code, read through omocodia (the identity keeps the code exactly as issued). */
function belfioreOf(code: string): string | null {
  return /^[A-Z]{6}\d{2}[A-Z]\d{2}([A-Z]\d{3})[A-Z]$/.exec(canonicalFiscalCode(code))?.[1] ?? null;
}
