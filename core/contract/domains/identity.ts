import { z } from 'zod';
import { event, method } from '../define';
import { boundedText, isoDate, isoInstant, noInput } from '../common';
import { birthplaceSchema } from './fiscal';

/**
 * How the desk knows who the citizen is. The source travels with the identity so that the clerk (and the audit
 * log) can always tell a typed code from a card read and from a card whose holder proved the PIN.
 */
export const identitySourceSchema = z.enum(['typed', 'card', 'card-pin']);

/** Card details, present when the identity came from a smart card. */
export const cardInfoSchema = z.strictObject({
  kind: z.enum(['CNS', 'CRS_LOMBARDIA', 'TS_CNS', 'CIE', 'UNKNOWN']),
  cardId: z.string().nullable(),
  issuer: z.string().nullable(),
  caOperator: z.string().nullable(),
  notBefore: isoInstant.nullable(),
  notAfter: isoInstant.nullable(),
  policy: z.string().nullable(),
  module: z.string(),
  chain: z.enum(['verified', 'unverified', 'untrusted']),
  revocation: z.enum(['not-checked', 'good', 'revoked', 'unknown']),
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

export const identityMethods = {
  'identity.current': method(noInput, identitySchema.nullable()),
  /** Identification by a code typed from a document: becomes the current citizen. */
  'identity.fromFiscalCode': method(z.strictObject({ code: boundedText(64) }), identitySchema),
  /** The clerk closes the citizen (also done on card removal and idle, per settings). */
  'identity.clear': method(noInput, z.null()),
};

export const identityEvents = {
  'identity.changed': event(identitySchema.nullable()),
};
