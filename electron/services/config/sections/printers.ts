import { z } from 'zod';

/** Receipt printers the desk can use. With none configured the desk prints to the on-screen preview. */
export const printersSection = z.strictObject({
  default: z.string().max(64).nullable().default(null),
});
export type PrintersConfig = z.infer<typeof printersSection>;
