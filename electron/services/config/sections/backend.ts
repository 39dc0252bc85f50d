import { z } from 'zod';

/**
 * Where positions come from. `demo` (the default) is the embedded store with sample data; the connectors
 * (GovPay, MyPay, GPD, file) add their own variants here. Secrets are never in this file: they are named and
 * read from the secret store.
 */
export const backendSection = z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('demo') })]);
export type BackendConfig = z.infer<typeof backendSection>;
