import type { Identity } from '../../../core/contract/domains/identity';
import type { CardRead } from '../../../native/smartcard/protocol';
import type { DeviceRequests, PinAnswer } from './device-requests';

/**
 * Every card the device process has read and not seen leave, citizens' and operators' alike, by card key
 * (token serial + certificate hash); the cards still being read; and what the desk knows of them across a device
 * restart. Who a card belongs to, and what its arrival does, is citizen-cards.ts and operator-cards.ts.
 */
export class CardsInReaders {
  /** Cards in the readers. */
  readonly read = new Map<string, CardRead>();
  /**
   * Cards read, waiting for their birthplace (the directory may still be loading, up to a second): not yet
   * 'identified', so that the status never says so before the citizen is on screen.
   */
  readonly resolving = new Map<string, CardRead>();
  /** Cards whose holder proved the PIN: survives a device restart, not a removal. */
  readonly verified = new Set<string>();
  /** After a restart, cards are kept until the new process's first full scan confirms or drops them. */
  private unconfirmed = new Set<string>();
  /** The device process said it is reading a card. */
  reading = false;

  constructor(private readonly requests: DeviceRequests) {}

  /** The device process went down: every card is in doubt until the next one's first full scan. */
  suspectAll(): void {
    this.reading = false;
    this.unconfirmed = new Set([...this.read.keys(), ...this.resolving.keys()]);
  }

  confirm(key: string): void {
    this.unconfirmed.delete(key);
  }

  /** The cards the first full scan after a restart did not find again (they left while it was down). */
  takeUnconfirmed(): string[] {
    const gone = [...this.unconfirmed];
    this.unconfirmed.clear();
    return gone;
  }

  /** Forgets a card that left; whether it had been read. */
  forget(key: string): boolean {
    const had = this.read.delete(key);
    this.resolving.delete(key);
    this.verified.delete(key);
    this.reading = false;
    return had;
  }

  /** The card behind the given identity, else the last one read. */
  current(identity: Identity | null): CardRead | null {
    const key = identity ? cardKeyOf(identity) : null;
    if (key && this.read.has(key)) return this.read.get(key) ?? null;
    return [...this.read.values()].at(-1) ?? null;
  }

  /** Offers a PIN to a card in the reader; keeps the PIN state the card answers with. */
  async checkPin(key: string, pin: string): Promise<PinAnswer> {
    const result = await this.requests.pin(key, pin);
    const card = this.read.get(key);
    if (card && result.pinFlags) this.read.set(key, { ...card, pinFlags: result.pinFlags });
    return result;
  }
}

export function cardKeyOf(id: Identity): string | null {
  if (!id.card || (id.source !== 'card' && id.source !== 'card-pin')) return null;
  return `${id.card.tokenSerial}:${id.card.certificateSha256}`;
}
