import { z } from 'zod';
import { isoInstant, noInput } from '../common';
import { event, method } from '../define';
import { pinSchema } from './identity';

export const ROLES = ['clerk', 'supervisor', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** A 16-character personal fiscal code: operators are people. */
const operatorCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{16}$/);

export const operatorViewSchema = z.strictObject({
  fiscalCode: z.string(),
  name: z.string(),
  role: roleSchema,
  /** The labelled operator of a desk that has none configured (demo, first run): no sign-in, no accountability. */
  implicit: z.boolean(),
});
export type OperatorView = z.infer<typeof operatorViewSchema>;

/** The desk's operator session as every window sees it. Never carries a password or a hash. */
export const operatorSessionSchema = z.strictObject({
  operator: operatorViewSchema.nullable(),
  locked: z.boolean(),
  deskId: z.string(),
  signedInAt: isoInstant.nullable(),
  /** An operator's card in the reader (never a citizen's): sign-in or unlock with its PIN is offered. */
  card: z.strictObject({ fiscalCode: z.string(), name: z.string() }).nullable(),
});
export type OperatorSession = z.infer<typeof operatorSessionSchema>;

const password = z.string().min(1).max(256);

/** A supervisor's approval of a forced selection, for the options named, for a few minutes. */
export const approvalSchema = z.strictObject({
  approval: z.string().uuid(),
  supervisor: operatorViewSchema,
  optionIds: z.array(z.string()),
  expiresAt: isoInstant,
});
export type Approval = z.infer<typeof approvalSchema>;

export const operatorsMethods = {
  'operator.current': method(noInput, operatorSessionSchema),
  /** Signs in; when another operator holds the desk this is a take-over and the first is signed out. */
  'operator.signIn': method(z.strictObject({ fiscalCode: operatorCode, password }), operatorSessionSchema),
  'operator.unlock': method(z.strictObject({ password }), operatorSessionSchema),
  /** Sign-in, unlock or take-over with the operator's card in the reader and its PIN (never stored). */
  'operator.signInCard': method(z.strictObject({ pin: pinSchema }), operatorSessionSchema),
  /**
   * A supervisor vouches, with their own password, for forcing these expired or paid options at a desk a clerk
   * holds: no take-over, the citizen stays. Audited; refused (FORBIDDEN) for an operator below supervisor.
   */
  'operator.approve': method(
    z.strictObject({
      fiscalCode: operatorCode,
      password,
      optionIds: z.array(z.string().min(1).max(200)).min(1).max(24),
    }),
    approvalSchema,
  ),
  'operator.lock': method(noInput, operatorSessionSchema),
  'operator.signOut': method(noInput, operatorSessionSchema),
};

export const operatorsEvents = {
  'operator.changed': event(operatorSessionSchema),
};
