import { z } from 'zod';
import {
  knownListingSchema,
  libraryFingerprint,
  type KnownListing,
  type ModuleReport,
} from '../../../native/smartcard/protocol';
import type { Logger } from '../log';

/** Where the listings live (see MetaStore): one JSON array. */
export const CARD_LISTINGS_KEY = 'smartcard.cardListings';
/** Modules remembered at most; the oldest learned are forgotten first. */
const MAX_REMEMBERED = 32;

export interface MetaStore {
  read(key: string): string | null;
  write(key: string, value: string): void;
}

const storedSchema = z.array(knownListingSchema).max(MAX_REMEMBERED);

/**
 * What the desk's polls learned of each module's card listing (native/smartcard/reinit-policy.ts), kept across
 * device-process restarts and desk restarts: a desk whose middleware needs a re-initialisation to list a card
 * polls it lightly from the start, instead of only after its first citizen of the day. A stored value that does
 * not parse is dropped, not trusted: the poll learns again.
 */
export class CardListingMemory {
  private known: KnownListing[];

  constructor(
    private readonly store: MetaStore,
    private readonly log: Logger,
  ) {
    this.known = this.load();
  }

  /** For the device process's configuration. */
  list(): KnownListing[] {
    return [...this.known];
  }

  /** From each status of the device process: stores what changed. */
  learn(reports: readonly ModuleReport[]): void {
    let next = this.known;
    for (const r of reports) {
      const library = libraryFingerprint(r.library);
      if (r.status !== 'loaded' || r.cardListing === 'unknown' || library === null) continue;
      const same = next.find((k) => k.path === r.path && k.library === library);
      if (same?.listing === r.cardListing) continue;
      // Another library at the same path replaces what was known of the old one.
      next = [...next.filter((k) => k.path !== r.path), { path: r.path, library, listing: r.cardListing }];
    }
    if (next === this.known) return;
    this.known = next.slice(-MAX_REMEMBERED);
    try {
      this.store.write(CARD_LISTINGS_KEY, JSON.stringify(this.known));
    } catch (err) {
      // Only a cost: the next run learns again.
      this.log.warn('smartcard: card listings not saved', { error: String(err) });
    }
  }

  private load(): KnownListing[] {
    let raw: string | null;
    try {
      raw = this.store.read(CARD_LISTINGS_KEY);
    } catch (err) {
      this.log.warn('smartcard: card listings not read', { error: String(err) });
      return [];
    }
    if (raw === null) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = null;
    }
    const checked = storedSchema.safeParse(parsed);
    if (checked.success) return checked.data;
    this.log.warn('smartcard: stored card listings ignored (not valid)', { length: raw.length });
    return [];
  }
}
