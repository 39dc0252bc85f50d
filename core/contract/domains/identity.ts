import { z } from 'zod';
import { event, method } from '../define';
import { boundedText, isoDate, isoInstant, noInput } from '../common';
import { birthplaceSchema } from './fiscal';
import { readerStateSchema } from './system';

/**
 * How the desk knows who the citizen is. The source travels with the identity so that the clerk (and the audit
 * log) can always tell a typed code from a card read and from a card whose holder proved the PIN.
 */
export const identitySourceSchema = z.enum(['typed', 'card', 'card-pin']);

export const cardKindSchema = z.enum(['CNS', 'CRS_LOMBARDIA', 'TS_CNS', 'CIE', 'UNKNOWN']);

/** The token's PIN state as the module reports it (CKF_USER_PIN_*), read before asking the clerk for a PIN. */
export const pinFlagsSchema = z.strictObject({
  countLow: z.boolean(),
  finalTry: z.boolean(),
  locked: z.boolean(),
});
export type PinFlags = z.infer<typeof pinFlagsSchema>;

/** Card details, present when the identity came from a smart card. */
export const cardInfoSchema = z.strictObject({
  kind: cardKindSchema,
  cardId: z.string().nullable(),
  issuer: z.string().nullable(),
  caOperator: z.string().nullable(),
  notBefore: isoInstant.nullable(),
  notAfter: isoInstant.nullable(),
  policy: z.string().nullable(),
  module: z.string(),
  chain: z.enum(['verified', 'unverified', 'untrusted']),
  revocation: z.enum(['not-checked', 'good', 'revoked', 'unknown']),
  /** SHA-256 of the certificate (hex): with the token serial, what tells one card from another. */
  certificateSha256: z.string().max(64),
  tokenSerial: z.string().max(32),
  /** Personal data file read from the card (EF_DatiPersonali) and cross-checked with the fiscal code. */
  personalData: z.enum(['absent', 'consistent', 'inconsistent', 'unreadable']),
});

export const identitySchema = z.strictObject({
  fiscalCode: z.string(),
  displayCode: z.string(),
  kind: z.enum(['person', 'legal']),
  givenName: z.string().nullable(),
  surname: z.string().nullable(),
  birthDate: isoDate.nullable(),
  sex: z.enum(['M', 'F']).nullable(),
  birthplace: birthplaceSchema.nullable(),
  source: identitySourceSchema,
  card: cardInfoSchema.nullable(),
  /** Stable warning codes the clerk must see (e.g. data on the card contradicting the fiscal code). */
  warnings: z.array(z.string()),
  identifiedAt: isoInstant,
});
export type Identity = z.infer<typeof identitySchema>;

/** What the reader is doing, for the status bar details and the PIN dialog. */
export const cardStatusSchema = z.strictObject({
  state: readerStateSchema,
  modules: z.array(
    z.strictObject({
      path: z.string(),
      status: z.enum(['not-found', 'loaded', 'error']),
      reason: z.string().nullable(),
      /** Cards watched through the module's slot events, or by polling it. */
      watch: z.enum(['polling', 'events']),
      /** What a polled module needs to list a new card, as learned from the cards seen so far. */
      cardListing: z.enum(['unknown', 'live', 'after-reinit']),
    }),
  ),
  readers: z.number().int().min(0),
  /** The card in the reader when it was read; null otherwise. */
  card: z
    .strictObject({
      kind: cardKindSchema,
      tokenLabel: z.string(),
      slotDescription: z.string(),
      pinFlags: pinFlagsSchema,
      /** Whether the holder already proved the PIN for this card. */
      verified: z.boolean(),
    })
    .nullable(),
  /** The last card that could not be used, with a stable reason (e.g. CIE_NOT_SUPPORTED, CN_MALFORMED). */
  problem: z
    .strictObject({
      code: z.enum(['CARD_UNSUPPORTED', 'CARD_READ_FAILED', 'MODULE_LOAD_FAILED', 'READER_RESTARTING']),
      reason: z.string(),
      kind: cardKindSchema.nullable(),
    })
    .nullable(),
  restarts: z.number().int().min(0),
});
export type CardStatus = z.infer<typeof cardStatusSchema>;

/** A PIN is a short string of digits; the bound keeps anything else from reaching the middleware. */
export const pinSchema = z.string().regex(/^\d{4,16}$/, 'PIN: 4-16 cifre');

export const identityMethods = {
  'identity.current': method(noInput, identitySchema.nullable()),
  /** Identification by a code typed from a document: becomes the current citizen. */
  'identity.fromFiscalCode': method(z.strictObject({ code: boundedText(64) }), identitySchema),
  /** The clerk closes the citizen (also done on card removal and idle, per settings). */
  'identity.clear': method(noInput, z.null()),
  /**
   * Proof of possession: the holder types the PIN, the card signs a fresh nonce, the desk checks it with the
   * certificate. Errors: PIN_INCORRECT { countLow, finalTry }, PIN_LOCKED, CARD_NOT_PRESENT, READER_RESTARTING.
   * Never retried automatically.
   */
  'identity.verifyPin': method(z.strictObject({ pin: pinSchema }), identitySchema),
  /** The card domain lives in this file: the reader is how an identity arrives. */
  'card.status': method(noInput, cardStatusSchema),
  /**
   * Reads the citizen's card still in the reader again, as an insertion (the clerk set its citizen aside with
   * Esc, or typed another code over it): its citizen becomes the current one. Errors: CARD_NOT_PRESENT (no
   * citizen card in the reader, or pulled out meanwhile), CARD_READ_FAILED, CARD_UNSUPPORTED, READER_RESTARTING.
   */
  'card.reread': method(noInput, identitySchema),
};

export const identityEvents = {
  'identity.changed': event(identitySchema.nullable()),
  /** The reader's state, modules, card in the slot and last problem; pushed on every change. */
  'card.changed': event(cardStatusSchema),
};
