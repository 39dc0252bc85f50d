import { AppError } from '../../../core/contract/errors';
import type { CardsInReaders } from './cards-in-readers';

/**
 * Operators' own cards (issue 17): a card whose holder is a configured operator is never taken for a citizen;
 * its comings and goings are the operator service's (removal locks the desk).
 */
export interface OperatorCardHolders {
  isOperator(fiscalCode: string): boolean;
  seen(fiscalCode: string, present: boolean): void;
}

/** The operators' cards in the readers, by card key: sign-in and unlock with the card's PIN. */
export class OperatorCards {
  private readonly keys = new Map<string, string>();

  constructor(
    private readonly cards: CardsInReaders,
    private readonly holders: OperatorCardHolders | undefined,
    private readonly up: () => boolean,
  ) {}

  /** A card just read: kept here, and told to the operator service, when its holder is an operator. */
  take(key: string, fiscalCode: string): boolean {
    if (!this.holders?.isOperator(fiscalCode)) return false;
    this.keys.set(key, fiscalCode);
    this.holders.seen(fiscalCode, true);
    return true;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** A card left the reader: the operator service hears of it when it was an operator's. */
  removed(key: string): void {
    const operator = this.keys.get(key);
    if (operator === undefined) return;
    this.keys.delete(key);
    this.holders?.seen(operator, false);
  }

  /** The PIN of an operator's card in the reader (sign-in with the card): throws the card's answer when wrong. */
  async verifyPin(fiscalCode: string, pin: string): Promise<void> {
    if (!this.up()) throw new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' });
    const key = [...this.keys].find(([, cf]) => cf === fiscalCode)?.[0];
    if (!key || !this.cards.read.has(key))
      throw new AppError('CARD_NOT_PRESENT', { reason: 'NO_OPERATOR_CARD' });
    const result = await this.cards.checkPin(key, pin);
    if (!result.ok)
      throw new AppError(result.code, {
        reason: result.reason,
        ...(result.pinFlags
          ? { countLow: result.pinFlags.countLow, finalTry: result.pinFlags.finalTry }
          : {}),
      });
  }
}
