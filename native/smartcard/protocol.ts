import { z } from 'zod';
import { identitySchema, pinFlagsSchema } from '../../core/contract/domains/identity';

/**
 * Messages between the desk and the smart-card device process. Both ends parse every message with these
 * schemas: the device process runs vendor code that may corrupt its own state, and the desk must never act on
 * a message it does not understand. A PIN crosses this boundary exactly once, inside `verifyPin`.
 */

const text = (max: number) => z.string().max(max);

/** What a module needs to list a new card, as a poll learned it (reinit-policy.ts). */
export const cardListingSchema = z.enum(['unknown', 'live', 'after-reinit']);

/**
 * A module's listing learned on an earlier run, remembered by the desk. It holds only for the same library: a
 * middleware updated at the same path is learned again.
 */
export const knownListingSchema = z.strictObject({
  path: text(1024),
  /** libraryFingerprint() of the module when it was learned. */
  library: text(256),
  listing: z.enum(['live', 'after-reinit']),
});
export type KnownListing = z.infer<typeof knownListingSchema>;

/** The library facts a learned listing is tied to (C_GetInfo: manufacturer, description, version). */
export function libraryFingerprint(
  lib: { manufacturer: string; description: string; version: string } | null,
): string | null {
  return lib ? `${lib.manufacturer}\u0000${lib.description}\u0000${lib.version}` : null;
}

export const deviceConfigSchema = z.strictObject({
  modules: z.array(text(1024)).max(64),
  /** Also try the per-OS default paths after the configured ones. */
  useDefaultModules: z.boolean(),
  pollIntervalMs: z.number().int().min(50).max(5000),
  /** When a poll re-initialises a module to see new tokens (native/smartcard/reinit-policy.ts); absent = auto. */
  reinitializeWhenIdle: z.enum(['auto', 'always', 'never']).optional(),
  /** Wait for slot events where the module can (slot-events.ts) instead of polling it; absent = true. */
  slotEvents: z.boolean().optional(),
  trustDir: text(1024).nullable(),
  crlFile: text(1024).nullable(),
  /**
   * Say `alive` from a poll after this long without a message: the poll is awake anyway, and the desk's
   * watchdog then need not ping (each ping wakes the process for itself). Absent: never.
   */
  heartbeatMs: z.number().int().min(100).max(60_000).optional(),
  /** Listings learned on earlier runs (`auto` only): a module starts from what it was known to need. */
  knownListings: z.array(knownListingSchema).max(64).optional(),
});
export type DeviceConfig = z.infer<typeof deviceConfigSchema>;

export const toDeviceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('configure'), config: deviceConfigSchema }),
  z.strictObject({ type: z.literal('ping'), seq: z.number().int() }),
  z.strictObject({
    type: z.literal('verifyPin'),
    requestId: z.number().int(),
    cardKey: text(256),
    pin: z.string().min(1).max(32),
  }),
  /** One-shot diagnostic of every module, slot, token and certificate (doctor). */
  z.strictObject({ type: z.literal('probe'), requestId: z.number().int() }),
  /**
   * Read this card again as if it had just been inserted (the clerk set its citizen aside): answered by `card`,
   * or by `cardRemoved` / `readAborted` / `cardError` as an insertion would be.
   */
  z.strictObject({ type: z.literal('reread'), cardKey: text(256) }),
]);
export type ToDevice = z.infer<typeof toDeviceSchema>;

export const moduleReportSchema = z.strictObject({
  path: text(1024),
  source: z.enum(['config', 'default']),
  status: z.enum(['not-found', 'loaded', 'error']),
  /** Stable reason code when status is 'error' (e.g. WRONG_ARCHITECTURE, DEPENDENCY_MISSING, INIT_FAILED). */
  reason: text(64).nullable(),
  /** The loader's own message, for the technician (doctor), never shown to the clerk. */
  message: text(2000).nullable(),
  library: z.strictObject({ manufacturer: text(64), description: text(64), version: text(16) }).nullable(),
  /** How cards are watched: the module's slot events (slot-events.ts) or the poll. */
  watch: z.enum(['polling', 'events']),
  /** Why a loaded module is polled: its answer to a slot-event wait (e.g. CKR_FUNCTION_NOT_SUPPORTED), or OFF. */
  watchReason: text(64).nullable(),
  /** What a new card needs to show up in the module's slot list, as the poll has learned it (reinit-policy.ts). */
  cardListing: cardListingSchema,
});
export type ModuleReport = z.infer<typeof moduleReportSchema>;

export const certificateSummarySchema = z.strictObject({
  label: text(256),
  id: text(256),
  subject: text(2000),
  issuer: text(2000),
  notBefore: text(40),
  notAfter: text(40),
  policies: z.array(text(128)).max(32),
  keyUsage: z.array(text(32)).max(16),
  sha256: text(64),
  /** How this certificate was judged: the one identifying the holder, a signature one, or other. */
  role: z.enum(['authentication', 'signature', 'cie', 'other']),
});
export type CertificateSummary = z.infer<typeof certificateSummarySchema>;

export const slotReportSchema = z.strictObject({
  module: text(1024),
  slotDescription: text(128),
  tokenPresent: z.boolean(),
  token: z
    .strictObject({
      label: text(64),
      serial: text(32),
      model: text(32),
      manufacturer: text(64),
      initialized: z.boolean(),
      pinFlags: pinFlagsSchema,
    })
    .nullable(),
  certificates: z.array(certificateSummarySchema).max(32),
  dataObjects: z.array(text(256)).max(64),
  error: text(64).nullable(),
});
export type SlotReport = z.infer<typeof slotReportSchema>;

export const timingSchema = z.strictObject({
  /** Epoch ms when the poll that saw the token began. */
  sawAt: z.number(),
  pkcs11Ms: z.number(),
  /** Certificate parse, profile, chain and revocation checks. */
  parseMs: z.number(),
  /** Epoch ms when the device process posted the message. */
  sentAt: z.number(),
});

export const cardReadSchema = z.strictObject({
  key: text(256),
  module: text(1024),
  slotDescription: text(128),
  tokenLabel: text(64),
  pinFlags: pinFlagsSchema,
  identity: identitySchema,
  timing: timingSchema,
});
export type CardRead = z.infer<typeof cardReadSchema>;

export const fromDeviceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), pid: z.number().int() }),
  z.strictObject({ type: z.literal('pong'), seq: z.number().int() }),
  z.strictObject({ type: z.literal('alive') }),
  z.strictObject({
    type: z.literal('status'),
    modules: z.array(moduleReportSchema).max(64),
    readers: z.number().int().min(0),
    tokens: z.number().int().min(0),
    /** At least one full scan of every module is done: the token list is the truth, not a guess. */
    settled: z.boolean(),
  }),
  z.strictObject({ type: z.literal('reading'), slotDescription: text(128) }),
  /** The read stopped (card pulled, transient error): it is retried on the next poll if the card is there. */
  z.strictObject({ type: z.literal('readAborted'), reason: text(64) }),
  z.strictObject({ type: z.literal('card'), card: cardReadSchema }),
  z.strictObject({ type: z.literal('cardRemoved'), key: text(256) }),
  /** A token that could not be turned into an identity: the reason is a stable code. */
  z.strictObject({
    type: z.literal('cardError'),
    code: z.enum(['CARD_UNSUPPORTED', 'CARD_READ_FAILED']),
    reason: text(64),
    kind: z.enum(['CNS', 'CRS_LOMBARDIA', 'TS_CNS', 'CIE', 'UNKNOWN']).nullable(),
    slotDescription: text(128),
    tokenKey: text(256),
  }),
  z.strictObject({ type: z.literal('cardErrorCleared'), tokenKey: text(256) }),
  z.strictObject({
    type: z.literal('pinResult'),
    requestId: z.number().int(),
    result: z.discriminatedUnion('ok', [
      z.strictObject({ ok: z.literal(true), pinFlags: pinFlagsSchema }),
      z.strictObject({
        ok: z.literal(false),
        code: z.enum([
          'PIN_INCORRECT',
          'PIN_LOCKED',
          'CARD_NOT_PRESENT',
          'CARD_UNSUPPORTED',
          'CARD_READ_FAILED',
          'INVALID_INPUT',
        ]),
        reason: text(64),
        pinFlags: pinFlagsSchema.nullable(),
      }),
    ]),
  }),
  z.strictObject({
    type: z.literal('probeResult'),
    requestId: z.number().int(),
    modules: z.array(moduleReportSchema).max(64),
    slots: z.array(slotReportSchema).max(256),
  }),
]);
export type FromDevice = z.infer<typeof fromDeviceSchema>;
