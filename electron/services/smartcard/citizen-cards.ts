import type { Identity } from '../../../core/contract/domains/identity';
import { AppError } from '../../../core/contract/errors';
import { canonicalFiscalCode } from '../../../core/fiscal-code';
import type { BirthplaceResolver } from '../../../core/fiscal-code/birthplace';
import type { CardRead, ToDevice } from '../../../native/smartcard/protocol';
import type { AuditLog } from '../audit/audit-log';
import type { IdentityService } from '../identity/identity-service';
import { cardKeyOf, type CardsInReaders } from './cards-in-readers';
import type { OperatorCards } from './operator-cards';

/** A re-read is one poll that reads the card whole: a slow middleware takes a few seconds, never this long. */
const REREAD_TIMEOUT_MS = 30_000;

/** Latency of one identification, split by where the time went (bench/smartcard-identify.bench.ts). */
export interface IdentifyTiming {
  readonly pkcs11Ms: number;
  readonly parseMs: number;
  readonly hopMs: number;
  readonly totalMs: number;
}

export interface CitizenCardDeps {
  readonly identity: IdentityService;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly birthplaces: () => Promise<BirthplaceResolver>;
  readonly onCardRemoved: () => 'clear' | 'keep';
  readonly cards: CardsInReaders;
  readonly operators: OperatorCards;
  readonly device: { send(m: ToDevice): boolean };
  /** The device process is up and has reported its modules. */
  readonly up: () => boolean;
  readonly stopped: () => boolean;
  /** Tells the desk the reader's status changed (deduplicated by the service). */
  readonly publish: () => void;
}

interface PendingReread {
  readonly key: string;
  readonly promise: Promise<Identity>;
  resolve: (id: Identity) => void;
  reject: (err: AppError) => void;
  timer: NodeJS.Timeout;
}

/**
 * What a card in the reader means for the citizen at the desk: a card read becomes the current citizen (unless
 * it is an operator's), its removal ends them (per `desk.onCardRemoved`), its holder proves the PIN, and a card
 * whose citizen the clerk set aside is read again on request.
 */
export class CitizenCards {
  private pendingReread: PendingReread | null = null;
  private readonly timingListeners = new Set<(t: IdentifyTiming) => void>();

  constructor(private readonly d: CitizenCardDeps) {}

  /** For benchmarks: called with the timing of each identification as it reaches the desk. */
  onTiming(listener: (t: IdentifyTiming) => void): () => void {
    this.timingListeners.add(listener);
    return () => this.timingListeners.delete(listener);
  }

  async verifyPin(pin: string): Promise<Identity> {
    const { cards } = this.d;
    const id = this.d.identity.get();
    const key = id ? cardKeyOf(id) : null;
    if (!this.d.up()) throw new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' });
    if (!id || !key || !cards.read.has(key))
      throw new AppError('CARD_NOT_PRESENT', { reason: 'NO_CARD_IDENTITY' });
    // Audit first, then act: a PIN offered to the card spends one of its tries, so an attempt that cannot be
    // recorded is never offered (the audit's typed error goes to the clerk instead).
    this.d.audit.record({ actor: 'desk', action: 'identify.pin-attempt', subject: id.fiscalCode });
    const result = await cards.checkPin(key, pin);
    if (!result.ok) {
      this.d.audit.record({
        actor: 'desk',
        action: `identify.pin-failed.${result.code}`,
        subject: id.fiscalCode,
      });
      this.d.publish();
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
    cards.verified.add(key);
    const current = this.d.identity.get();
    const base = current && cardKeyOf(current) === key ? current : id;
    const next: Identity = { ...base, source: 'card-pin', identifiedAt: this.d.now().toISOString() };
    this.d.identity.set(next);
    this.d.publish();
    return next;
  }

  /**
   * Reads the citizen's card in the reader again, as if it had just been inserted: the clerk set its citizen
   * aside (Esc with the card in, or a typed code over it) and wants them back without pulling the card. The
   * device process reads and checks the card whole, and the identity it sends becomes the desk's citizen through
   * the same path as an insertion (audited `identify.card`). No citizen card in the reader: CARD_NOT_PRESENT.
   */
  reread(): Promise<Identity> {
    if (!this.d.up())
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
    if (!this.d.device.send({ type: 'reread', cardKey: key }))
      this.endReread(new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' }));
    return promise;
  }

  /** The citizen card to read again: the one behind the current identity, else the last one read. */
  private citizenCardKey(): string | null {
    const { cards, operators } = this.d;
    const id = this.d.identity.get();
    const current = id ? cardKeyOf(id) : null;
    if (current && cards.read.has(current) && !operators.has(current)) return current;
    return [...cards.read.keys()].filter((k) => !operators.has(k)).at(-1) ?? null;
  }

  /** Ends the re-read under way, if any: with the citizen it brought back, or why it could not. */
  endReread(outcome: Identity | AppError): void {
    const p = this.pendingReread;
    if (!p) return;
    this.pendingReread = null;
    clearTimeout(p.timer);
    if (outcome instanceof AppError) p.reject(outcome);
    else p.resolve(outcome);
  }

  /** A card the device process read (inserted, re-read, or seen again after a restart). */
  async arrived(card: CardRead): Promise<void> {
    const { cards } = this.d;
    const arrived = Date.now();
    cards.confirm(card.key);
    // Asked for again by the clerk: read as an insertion, the citizen comes back.
    if (this.pendingReread?.key === card.key) cards.read.delete(card.key);
    // The same card seen again after a device restart: the citizen on screen is already this one, or the
    // clerk has moved on (typed a code) and must not be overridden by a card that never left.
    if (cards.read.has(card.key)) {
      cards.read.set(card.key, card);
      this.d.publish();
      return;
    }
    const already = cards.resolving.has(card.key);
    cards.resolving.set(card.key, card);
    if (already) return;
    cards.verified.delete(card.key);
    this.d.publish();
    const birthplace = await this.birthplaceOf(card);
    // Pulled out meanwhile, or the desk closing.
    const read = cards.resolving.get(card.key);
    cards.resolving.delete(card.key);
    if (!read || this.d.stopped()) return;
    cards.read.set(card.key, read);
    if (this.d.operators.take(card.key, read.identity.fiscalCode)) {
      this.d.publish();
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
    this.d.publish();
    const t = card.timing;
    const timing: IdentifyTiming = {
      pkcs11Ms: t.pkcs11Ms,
      parseMs: t.parseMs,
      hopMs: arrived - t.sentAt,
      totalMs: Date.now() - t.sawAt,
    };
    for (const l of this.timingListeners) l(timing);
  }

  /** A card left the reader: an operator's is the operator service's; a citizen's ends them, per setting. */
  removed(key: string): void {
    this.d.operators.removed(key);
    const had = this.d.cards.forget(key);
    if (this.pendingReread?.key === key)
      this.endReread(new AppError('CARD_NOT_PRESENT', { reason: 'CARD_REMOVED' }));
    const current = this.d.identity.get();
    if (had && current && cardKeyOf(current) === key && this.d.onCardRemoved() === 'clear') {
      this.d.identity.set(null);
    }
    this.d.publish();
  }

  private async birthplaceOf(card: CardRead): Promise<Identity['birthplace']> {
    try {
      const resolve = await this.d.birthplaces();
      if (card.identity.kind === 'person' && card.identity.birthDate) {
        const belfiore = belfioreOf(card.identity.fiscalCode);
        return belfiore ? resolve(belfiore, card.identity.birthDate) : null;
      }
    } catch {
      // Without the directory the place stays unknown; the identification itself does not depend on it.
    }
    return null;
  }
}

/** Positions 12-15 of the code, read through omocodia (the identity keeps the code exactly as issued). */
function belfioreOf(code: string): string | null {
  return /^[A-Z]{6}\d{2}[A-Z]\d{2}([A-Z]\d{3})[A-Z]$/.exec(canonicalFiscalCode(code))?.[1] ?? null;
}
