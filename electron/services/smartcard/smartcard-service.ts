import { join } from 'node:path';
import type { CardStatus, Identity } from '../../../core/contract/domains/identity';
import { AppError } from '../../../core/contract/errors';
import type { BirthplaceResolver } from '../../../core/fiscal-code/birthplace';
import type { FromDevice, ModuleReport } from '../../../native/smartcard/protocol';
import type { AuditLog } from '../audit/audit-log';
import { smartcardSection, type SmartcardConfig } from '../config/sections/smartcard';
import type { DeskEvents } from '../events';
import type { IdentityService } from '../identity/identity-service';
import type { Startable } from '../lifecycle';
import type { Logger } from '../log';
import type { StatusBoard } from '../status-board';
import type { CardListingMemory } from './card-listings';
import { CardsInReaders } from './cards-in-readers';
import { CitizenCards, type IdentifyTiming } from './citizen-cards';
import { CrlRefresher, type CrlState } from './crl-refresher';
import { DeviceRequests, type ProbeAnswer } from './device-requests';
import { DeviceSupervisor } from './device-supervisor';
import type { DeviceProcessFactory } from './device-process';
import { OperatorCards, type OperatorCardHolders } from './operator-cards';
import { revocationOf } from './revocation-status';

export { cardKeyOf } from './cards-in-readers';
export type { IdentifyTiming } from './citizen-cards';

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
  /** Operators' own cards (issue 17): never taken for a citizen's (operator-cards.ts). */
  readonly operatorCards?: OperatorCardHolders;
  /** Restart delays: first, then doubled up to max. */
  readonly backoff?: { readonly firstMs: number; readonly maxMs: number };
}

/**
 * The desk's smart-card reader: the device process (device-supervisor.ts: started, watched, restarted), the
 * cards it reads (cards-in-readers.ts), what they mean for the citizen at the desk (citizen-cards.ts) and for
 * the operators (operator-cards.ts), and the reader's status for the status bar. While the process is down the
 * desk keeps working: typed fiscal codes never touch this service.
 */
export class SmartcardService implements Startable {
  readonly name = 'smartcard';
  private readonly cfg: SmartcardConfig;
  private stopped = true;
  private readonly device: DeviceSupervisor;
  private readonly requests: DeviceRequests;
  private readonly cards: CardsInReaders;
  private readonly operators: OperatorCards;
  private readonly citizens: CitizenCards;
  private modules: ModuleReport[] = [];
  private readers = 0;
  private up = false;
  private problem: CardStatus['problem'] = null;
  private lastStatus = '';

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
    this.device = new DeviceSupervisor({
      spawn: d.spawn,
      log: d.log,
      watchdogMs: this.cfg.watchdogMs,
      ...(d.backoff ? { backoff: d.backoff } : {}),
      configure: (restarts) => ({
        type: 'configure',
        config: {
          modules: this.cfg.modules,
          useDefaultModules: this.cfg.useDefaultModules,
          pollIntervalMs: this.cfg.pollIntervalMs,
          reinitializeWhenIdle: this.cfg.reinitializeWhenIdle,
          // A device process that died may have died waiting for slot events (a module that crashes or holds
          // its lock in C_WaitForSlotEvent): the ones after it poll, which every module supports.
          slotEvents: this.cfg.slotEvents && restarts === 0,
          trustDir: this.cfg.trustDir,
          crlFile: this.crlFile,
          knownListings: d.listings.list(),
          // Often enough that a device process whose poll runs every 1.5 s or faster is never pinged (the
          // watchdog pings after half its limit of silence).
          heartbeatMs: Math.max(100, Math.floor(this.cfg.watchdogMs / 4)),
        },
      }),
      onMessage: (m) => this.onDeviceMessage(m),
      onDown: () => this.onDown(),
    });
    this.requests = new DeviceRequests(this.device);
    this.cards = new CardsInReaders(this.requests);
    this.operators = new OperatorCards(this.cards, d.operatorCards, () => this.up);
    this.citizens = new CitizenCards({
      identity: d.identity,
      audit: d.audit,
      now: d.now,
      birthplaces: d.birthplaces,
      onCardRemoved: d.onCardRemoved,
      cards: this.cards,
      operators: this.operators,
      device: this.device,
      up: () => this.up && this.device.running,
      stopped: () => this.stopped,
      publish: () => this.publish(),
    });
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
    this.device.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.crl?.stop();
    await this.device.stop();
    this.requests.failPins('STOPPED');
    this.citizens.endReread(new AppError('READER_RESTARTING', { reason: 'STOPPED' }));
  }

  /** For benchmarks: called with the timing of each identification as it reaches the desk. */
  onTiming(listener: (t: IdentifyTiming) => void): () => void {
    return this.citizens.onTiming(listener);
  }

  get restartCount(): number {
    return this.device.restartCount;
  }

  /** Pings sent to device processes so far (diagnostics, tests): an idle polled one answers none. */
  get pingsSent(): number {
    return this.device.pingsSent;
  }

  status(): CardStatus {
    const card = this.cards.current(this.d.identity.get());
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
            verified: this.cards.verified.has(card.key),
          }
        : null,
      problem: this.problem,
      restarts: this.device.restartCount,
    };
  }

  private state(): CardStatus['state'] {
    if (!this.cfg.enabled) return 'disabled';
    if (!this.up) return this.device.restartCount > 0 ? 'restarting' : 'no-module';
    if (!this.modules.some((m) => m.status === 'loaded'))
      return this.modules.some((m) => m.status === 'error') ? 'error' : 'no-module';
    // A card being read or read proves a reader, even before the scan's reader count arrives.
    if (this.cards.reading || this.cards.resolving.size > 0) return 'reading';
    if (this.cards.read.size > 0) return 'identified';
    if (this.readers === 0) return 'no-reader';
    if (this.problem) return 'error';
    return 'waiting';
  }

  /** The PIN of an operator's card in the reader (sign-in with the card): throws the card's answer when wrong. */
  verifyOperatorPin(fiscalCode: string, pin: string): Promise<void> {
    return this.operators.verifyPin(fiscalCode, pin);
  }

  /** The holder of the citizen's card proves the PIN (identity.verifyPin). */
  verifyPin(pin: string): Promise<Identity> {
    return this.citizens.verifyPin(pin);
  }

  /** Reads the card whose citizen the clerk set aside again (card.reread). */
  reread(): Promise<Identity> {
    return this.citizens.reread();
  }

  /** One-shot diagnostic through the running device process (doctor uses its own process). */
  probe(timeoutMs = 20_000): Promise<ProbeAnswer> {
    if (!this.device.running || !this.up)
      return Promise.reject(new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' }));
    return this.requests.probe(timeoutMs);
  }

  private onDown(): void {
    this.up = false;
    this.cards.suspectAll();
    this.problem = { code: 'READER_RESTARTING', reason: 'DEVICE_PROCESS_EXITED', kind: null };
    this.requests.failPins('DEVICE_PROCESS_EXITED');
    this.citizens.endReread(new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_EXITED' }));
    this.publish();
  }

  private onDeviceMessage(m: FromDevice): void {
    switch (m.type) {
      case 'hello':
      case 'pong':
      case 'alive':
        return;
      case 'status': {
        this.up = true;
        this.modules = m.modules;
        this.d.listings.learn(m.modules);
        this.readers = m.readers;
        if (this.problem?.code === 'READER_RESTARTING') this.problem = null;
        // First full scan after a restart: cards not seen again left while the process was down.
        if (m.settled) for (const key of this.cards.takeUnconfirmed()) this.citizens.removed(key);
        const failed = m.modules.find((x) => x.status === 'error');
        if (failed && !m.modules.some((x) => x.status === 'loaded'))
          this.problem = { code: 'MODULE_LOAD_FAILED', reason: failed.reason ?? 'LOAD_FAILED', kind: null };
        this.publish();
        return;
      }
      case 'reading':
        this.cards.reading = true;
        this.publish();
        return;
      case 'readAborted':
        this.cards.reading = false;
        this.citizens.endReread(new AppError('CARD_READ_FAILED', { reason: m.reason }));
        this.publish();
        return;
      case 'card':
        this.cards.reading = false;
        this.problem = null;
        void this.citizens.arrived(m.card);
        return;
      case 'cardRemoved':
        this.citizens.removed(m.key);
        return;
      case 'cardError':
        this.cards.reading = false;
        this.problem = { code: m.code, reason: m.reason, kind: m.kind };
        this.citizens.endReread(new AppError(m.code, { reason: m.reason }));
        this.d.log.warn('smartcard: card not usable', { code: m.code, reason: m.reason });
        this.publish();
        return;
      case 'cardErrorCleared':
        this.problem = null;
        this.publish();
        return;
      case 'pinResult':
      case 'probeResult':
        this.requests.answer(m);
        return;
    }
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
