import { explainLoadError, moduleCandidates, moduleFileExists } from './modules';
import { libraryFingerprint, type DeviceConfig, type ModuleReport } from './protocol';
import { ReinitPolicy, type CardListing } from './reinit-policy';
import { SlotEventRetry } from './slot-event-retry';
import type { SlotEventWatcher } from './slot-events';
import { Pkcs11Module, type TokenContents, type TokenData, type TokenFacts } from './token';

/*
 * What the device process keeps per loaded module and per card it has seen, and the helpers that read them:
 * loading the modules, counting readers, telling one card from another across its slots.
 */

export interface KnownToken {
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

export interface Watched {
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

/** A card a poll found and has not read yet: one or more slots (see tokenKeyOf). */
export interface PendingRead {
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
export const tokenKeyOf = (t: TokenFacts) => t.serial || `\u0000${t.label}`;

/** One card's objects from all its slots; an object two slots both show is kept once. */
export function mergeContents(parts: readonly TokenContents[]): TokenContents {
  if (parts.length === 1) return parts[0]!;
  const certificates = parts
    .flatMap((p) => p.certificates)
    .filter((c, i, all) => all.findIndex((o) => o.value.equals(c.value)) === i);
  const data = new Map<string, TokenData>();
  for (const d of parts.flatMap((p) => p.dataObjects)) if (!data.get(d.label)?.value) data.set(d.label, d);
  return { certificates, dataObjects: [...data.values()] };
}

/**
 * Readers, not slots: OpenSC shows a CNS with a signature certificate as two slots of one reader (one per PIN),
 * and keeps the second slot listed after the card leaves. Slots are counted by their description, which is the
 * reader's name; it is asked once per slot handle (on OpenSC each C_GetSlotInfo is a round trip to pcscd), and
 * asked again for every slot whenever the number of slots changes, since a handle may then name another reader.
 */
export function countReaders(w: Watched, mod: Pkcs11Module): number {
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
export function unfinished(w: Watched): boolean {
  if (w.needsReinit) return true;
  for (const t of w.tokens.values()) if (!t.cardKey && !t.errorPosted) return true;
  return false;
}

/**
 * A slot handle (CK_ULONG, little-endian: 8 bytes on Linux and macOS, 4 on Windows) as a map key. A number
 * when exact, which is every slot id seen in practice: hex strings cost a poll more than the call they spared.
 */
export function handleKey(h: Buffer): number | string {
  let n = 0;
  for (let i = h.length - 1; i >= 0; i--) n = n * 256 + h[i]!;
  return Number.isSafeInteger(n) ? n : h.toString('hex');
}

export function safe<T, F>(f: () => T, fallback: F): T | F {
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

export function loadModules(config: DeviceConfig): Watched[] {
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
