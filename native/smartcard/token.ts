import pkcs11js from 'pkcs11js';
import type { PinFlags } from '../../core/contract/domains/identity';
import { ckrOf, classifyPkcs11Error } from './pkcs11-errors';

const SESSION_LOST = new Set(['CKR_SESSION_HANDLE_INVALID', 'CKR_SESSION_CLOSED']);

/**
 * The data objects whose value the desk reads; the others are listed by label only. OpenSC lists ten CNS files
 * as data objects (fourteen on a CIE) whether the card has them or not: reading every value cost a file read
 * each and failed (CKR_GENERAL_ERROR) on the first file the card lacks.
 */
export const DATA_VALUES_READ: ReadonlySet<string> = new Set(['EF_DatiPersonali']);

export interface TokenFacts {
  readonly label: string;
  readonly serial: string;
  readonly model: string;
  readonly manufacturer: string;
  readonly initialized: boolean;
  readonly pinFlags: PinFlags;
}

export interface TokenObject {
  readonly label: string;
  /** CKA_ID as hex: links a certificate to its private key. */
  readonly id: string;
  readonly value: Buffer;
}

export interface TokenData {
  readonly label: string;
  /** Only for DATA_VALUES_READ; null for the others, and for one of those the card would not give. */
  readonly value: Buffer | null;
}

export interface TokenContents {
  readonly certificates: TokenObject[];
  readonly dataObjects: TokenData[];
}

export interface LibraryFacts {
  readonly manufacturer: string;
  readonly description: string;
  readonly version: string;
}

const clean = (s: string) => s.replace(/\0/g, '').trim();

export function pinFlagsOf(flags: number): PinFlags {
  return {
    countLow: (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) !== 0,
    finalTry: (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) !== 0,
    locked: (flags & pkcs11js.CKF_USER_PIN_LOCKED) !== 0,
  };
}

/** DigestInfo prefix of SHA-256 (RFC 8017 §9.2): lets CKM_RSA_PKCS sign on any middleware. */
export const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/** How each module's process-wide library state was initialised: with OS locking (true) or without. */
const threadSafeByPath = new Map<string, boolean>();

/**
 * One loaded PKCS#11 module. Every call is synchronous and may block or crash: this class only ever runs in
 * the device process. Slots are plain handles for one scan; a card is never remembered by its slot.
 */
export class Pkcs11Module {
  private lib: pkcs11js.PKCS11 | null = null;
  private initialised = false;

  constructor(readonly path: string) {}

  load(): void {
    const lib = new pkcs11js.PKCS11();
    lib.load(this.path);
    this.lib = lib;
    this.initialize();
  }

  private get p(): pkcs11js.PKCS11 {
    if (!this.lib) throw new Error('CKR_CRYPTOKI_NOT_INITIALIZED');
    return this.lib;
  }

  /**
   * With CKF_OS_LOCKING_OK, so that a slot-event thread (slot-events.ts) may wait in the module while this one
   * reads; a module that cannot lock (CKR_CANT_LOCK) is initialised without it and only ever polled.
   */
  initialize(): void {
    try {
      this.p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
      threadSafeByPath.set(this.path, true);
    } catch (err) {
      const rv = ckrOf(err);
      if (rv === 'CKR_CANT_LOCK') {
        threadSafeByPath.set(this.path, false);
        this.initializeSingleThreaded();
      } else if (rv !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw err;
      // One library state per process: a module already initialised (by a previous scan) is fine, and was
      // initialised as recorded then.
    }
    this.initialised = true;
  }

  private initializeSingleThreaded(): void {
    try {
      this.p.C_Initialize();
    } catch (err) {
      if (ckrOf(err) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') throw err;
    }
  }

  /** Initialised for use from several threads (see initialize). */
  get sharedAcrossThreads(): boolean {
    return threadSafeByPath.get(this.path) ?? false;
  }

  /** Many middlewares (SoftHSM among them) only see a newly inserted token after a fresh C_Initialize. */
  reinitialize(): void {
    if (this.initialised) {
      try {
        this.p.C_Finalize();
      } catch {
        // A module in a bad state may refuse C_Finalize; C_Initialize below is what matters.
      }
      this.initialised = false;
    }
    this.initialize();
  }

  close(): void {
    if (!this.lib) return;
    try {
      if (this.initialised) this.lib.C_Finalize();
    } catch {
      // Closing after a failure: nothing left to save.
    }
    try {
      this.lib.close();
    } catch {
      // Same.
    }
    this.lib = null;
    this.initialised = false;
  }

  library(): LibraryFacts {
    const i = this.p.C_GetInfo();
    return {
      manufacturer: clean(i.manufacturerID),
      description: clean(i.libraryDescription),
      version: `${i.libraryVersion.major}.${i.libraryVersion.minor}`,
    };
  }

  allSlots(): Buffer[] {
    return this.p.C_GetSlotList(false);
  }

  slotsWithToken(): Buffer[] {
    return this.p.C_GetSlotList(true);
  }

  slotDescription(slot: Buffer): string {
    return clean(this.p.C_GetSlotInfo(slot).slotDescription);
  }

  token(slot: Buffer): TokenFacts {
    const t = this.p.C_GetTokenInfo(slot);
    return {
      label: clean(t.label),
      serial: clean(t.serialNumber),
      model: clean(t.model),
      manufacturer: clean(t.manufacturerID),
      initialized: (t.flags & pkcs11js.CKF_TOKEN_INITIALIZED) !== 0,
      pinFlags: pinFlagsOf(t.flags),
    };
  }

  /**
   * Public objects only: no login, so no PIN is ever needed to identify. `tolerateDataFailure`: a wanted data
   * object the card will not give is null instead of an error (see dataValue).
   */
  readContents(slot: Buffer, tolerateDataFailure = false): TokenContents {
    const p = this.p;
    const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      const certificates: TokenObject[] = [];
      for (const h of this.findObjects(session, pkcs11js.CKO_CERTIFICATE)) {
        const value = this.attr(session, h, pkcs11js.CKA_VALUE);
        if (!value) continue;
        const id = this.attr(session, h, pkcs11js.CKA_ID);
        certificates.push({ label: this.label(session, h), id: id ? id.toString('hex') : '', value });
      }
      const dataObjects: TokenData[] = [];
      for (const h of this.findObjects(session, pkcs11js.CKO_DATA)) {
        const label = this.label(session, h);
        const value = DATA_VALUES_READ.has(label) ? this.dataValue(session, h, tolerateDataFailure) : null;
        dataObjects.push({ label, value });
      }
      return { certificates, dataObjects };
    } finally {
      try {
        p.C_CloseSession(session);
      } catch {
        // The token may have gone between the read and the close; the read already succeeded.
      }
    }
  }

  private findObjects(session: Buffer, cls: number): Buffer[] {
    const p = this.p;
    p.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: cls }]);
    const handles: Buffer[] = [];
    try {
      for (;;) {
        const batch = p.C_FindObjects(session, 16);
        if (batch.length === 0) break;
        handles.push(...batch);
        if (handles.length > 64) break;
      }
    } finally {
      p.C_FindObjectsFinal(session);
    }
    return handles;
  }

  private label(session: Buffer, handle: Buffer): string {
    return this.attr(session, handle, pkcs11js.CKA_LABEL)?.toString('utf8') ?? '';
  }

  /**
   * A data object's value. OpenSC lists EF_DatiPersonali on every CNS and fails the read (CKR_GENERAL_ERROR)
   * where the file is missing, but also where the card was pulled out mid-read: with `tolerate` (the caller's
   * last try) the value is then null, "unreadable"; without, the error is the read's.
   */
  private dataValue(session: Buffer, handle: Buffer, tolerate: boolean): Buffer | null {
    try {
      return this.attr(session, handle, pkcs11js.CKA_VALUE);
    } catch (err) {
      if (!tolerate || classifyPkcs11Error(err) === 'gone' || SESSION_LOST.has(ckrOf(err))) throw err;
      return null;
    }
  }

  /** An attribute the token does not have (or will not show) is null, not an error. */
  private attr(session: Buffer, handle: Buffer, type: number): Buffer | null {
    try {
      const [a] = this.p.C_GetAttributeValue(session, handle, [{ type }]);
      const v = a?.value;
      return Buffer.isBuffer(v) ? v : null;
    } catch (err) {
      const ckr = ckrOf(err);
      if (ckr === 'CKR_ATTRIBUTE_TYPE_INVALID' || ckr === 'CKR_ATTRIBUTE_SENSITIVE') return null;
      throw err;
    }
  }

  /** The token's mechanisms; a module that will not list them is treated as offering none beyond the basics. */
  mechanisms(slot: Buffer): readonly number[] {
    try {
      return this.p.C_GetMechanismList(slot);
    } catch {
      return [];
    }
  }

  /**
   * Logs in with the PIN, signs `nonce` with the private key whose CKA_ID is `keyId` (PKCS#1 v1.5 over SHA-256),
   * logs out. The token hashes itself with CKM_SHA256_RSA_PKCS when it lists that mechanism (and `allowOnCardHash`
   * is not false); otherwise CKM_RSA_PKCS signs our own DigestInfo of `digest`, which every middleware supports.
   * Both give the same signature. The PIN goes to C_Login and nowhere else. Throws the module's error
   * (classified by the caller).
   */
  signWithPin(
    slot: Buffer,
    keyId: string,
    pin: string,
    challenge: { readonly nonce: Buffer; readonly digest: Buffer },
    allowOnCardHash = true,
  ): { signature: Buffer; mechanism: 'CKM_SHA256_RSA_PKCS' | 'CKM_RSA_PKCS' } {
    const p = this.p;
    const session = p.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    let loggedIn = false;
    try {
      p.C_Login(session, pkcs11js.CKU_USER, pin);
      loggedIn = true;
      p.C_FindObjectsInit(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_ID, value: Buffer.from(keyId, 'hex') },
      ]);
      let key: Buffer | undefined;
      try {
        key = p.C_FindObjects(session, 1)[0];
      } finally {
        p.C_FindObjectsFinal(session);
      }
      if (!key) throw new Error('NO_PRIVATE_KEY');
      // Room for RSA-4096 and more: C_Sign fails cleanly (CKR_BUFFER_TOO_SMALL) rather than overflowing.
      const out = Buffer.alloc(1024);
      if (allowOnCardHash && this.mechanisms(slot).includes(pkcs11js.CKM_SHA256_RSA_PKCS)) {
        p.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, key);
        return { signature: p.C_Sign(session, challenge.nonce, out), mechanism: 'CKM_SHA256_RSA_PKCS' };
      }
      p.C_SignInit(session, { mechanism: pkcs11js.CKM_RSA_PKCS }, key);
      const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, challenge.digest]);
      return { signature: p.C_Sign(session, digestInfo, out), mechanism: 'CKM_RSA_PKCS' };
    } finally {
      try {
        if (loggedIn) p.C_Logout(session);
      } catch {
        // Logout fails when the card left mid-operation; the session close below ends the login anyway.
      }
      try {
        p.C_CloseSession(session);
      } catch {
        // Same.
      }
    }
  }
}
