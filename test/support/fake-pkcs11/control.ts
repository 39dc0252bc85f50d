import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface FakeControl {
  present?: boolean;
  serial?: string;
  label?: string;
  cert?: string;
  pin?: string;
  flags?: ('count_low' | 'final_try' | 'locked')[];
  hangIn?: string;
  hangMs?: number;
  crashIn?: string;
  /** A card the middleware cannot make a token of (C_GetTokenInfo: CKR_TOKEN_NOT_RECOGNIZED). */
  unrecognized?: boolean;
  /** No slot at all (C_GetSlotList: 0): the middleware with no reader connected. */
  noSlots?: boolean;
  /** C_FindObjectsInit answers CKR_DEVICE_ERROR: a card whose objects cannot be read. */
  readError?: boolean;
  /** The token is not initialised (no CKF_TOKEN_INITIALIZED): a blank card, or SoftHSM's free slot. */
  blank?: boolean;
  /** C_WaitForSlotEvent: works and blocks, never blocks (an event every time), works only without blocking,
   * or blocks even when asked not to; absent, CKR_FUNCTION_NOT_SUPPORTED (see fake-pkcs11.c). */
  events?: 'block' | 'storm' | 'noblock' | 'hang' | 'fail';
  /** An inserted token is listed only after a new C_Initialize, as SoftHSM does (see fake-pkcs11.c). */
  stale?: boolean;
}

/** Writes the fake module's control file (read again by the module on every call). */
export class FakeCard {
  readonly file: string;
  /** Every PKCS#11 call the module took, one name per line, in order. */
  readonly log: string;
  private last: FakeControl = {};
  constructor(dir: string) {
    this.file = join(dir, 'fake-pkcs11.control');
    this.log = join(dir, 'fake-pkcs11.calls');
    this.set({});
  }

  get env(): Record<string, string> {
    return { FAKE_PKCS11_CONTROL: this.file, FAKE_PKCS11_LOG: this.log };
  }

  /** The calls logged so far (all processes that loaded the module with this env). */
  calls(): string[] {
    return existsSync(this.log) ? readFileSync(this.log, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** What the last `set` asked for: to change one thing and keep the rest. */
  get current(): FakeControl {
    return { ...this.last };
  }

  set(c: FakeControl): void {
    this.last = { ...c };
    const lines = [
      `present=${c.present ? 1 : 0}`,
      `serial=${c.serial ?? 'FAKE0001'}`,
      `label=${c.label ?? 'FAKE CNS'}`,
      `cert=${c.cert ?? ''}`,
      `pin=${c.pin ?? '12345678'}`,
      `flags=${(c.flags ?? []).join(',')}`,
      `hang_in=${c.hangIn ?? ''}`,
      `hang_ms=${c.hangMs ?? 0}`,
      `crash_in=${c.crashIn ?? ''}`,
      `unrecognized=${c.unrecognized ? 1 : 0}`,
      `no_slots=${c.noSlots ? 1 : 0}`,
      `read_error=${c.readError ? 1 : 0}`,
      `blank=${c.blank ? 1 : 0}`,
      `stale=${c.stale ? 1 : 0}`,
      ...(c.events ? [`events=${c.events}`] : []),
    ];
    writeFileSync(`${this.file}.tmp`, lines.join('\n') + '\n');
    // Renamed into place: the module must never read a half-written file.
    renameSync(`${this.file}.tmp`, this.file);
  }
}
