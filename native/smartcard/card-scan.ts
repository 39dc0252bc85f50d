import { classifyPkcs11Error, ckrOf } from './pkcs11-errors';
import { identityFromToken } from './profile';
import type { DeviceConfig, FromDevice } from './protocol';
import type { Pkcs11Module, TokenContents, TokenFacts } from './token';
import { TrustStore } from './trust';
import {
  countReaders,
  handleKey,
  mergeContents,
  safe,
  tokenKeyOf,
  type PendingRead,
  type Watched,
} from './watched-module';

/**
 * After this many failed reads of the same card the clerk is told, instead of retrying for ever silently. The
 * last try takes a data object the card will not give (EF_DatiPersonali) as unreadable rather than as a failed
 * read: the earlier ones cannot tell it from a card pulled out mid-read (OpenSC answers both CKR_GENERAL_ERROR).
 */
const MAX_READ_FAILURES = 3;

/**
 * One poll's work on a module: list its cards (new ones queued to be read, gone ones reported at once) and read
 * a new card whole, certificate, trust, revocation and personal data, into the identity the desk receives. When
 * to poll is the runtime's business (runtime.ts).
 */
export class CardScanner {
  private trust = new TrustStore(null);
  private crlFile: string | null = null;

  constructor(
    private readonly post: (m: FromDevice) => void,
    private readonly now: () => Date,
  ) {}

  configure(config: DeviceConfig): void {
    this.trust = new TrustStore(config.trustDir);
    this.crlFile = config.crlFile ?? null;
  }

  /** Lists the module's tokens; new ones are queued in `reads`, gone ones are reported at once. */
  scan(w: Watched, mod: Pkcs11Module, reads: PendingRead[]): void {
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

  async read({ w, mod, slots, entry, key, sawAt }: PendingRead): Promise<void> {
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
      crlFile: this.crlFile,
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
}
