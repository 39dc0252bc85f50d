import { z } from 'zod';

export const smartcardSection = z.strictObject({
  enabled: z.boolean().default(true),
  /** PKCS#11 modules to try, in order, before the per-OS defaults. */
  modules: z.array(z.string().min(1).max(1024)).max(32).default([]),
  pollIntervalMs: z.number().int().min(100).max(5000).default(500),
});
export type SmartcardConfig = z.infer<typeof smartcardSection>;
