import type { z } from 'zod';
import { deskSettingsSchema } from '../../../../core/contract/domains/settings';

export const deskSection = deskSettingsSchema.partial().strict();

export const DESK_DEFAULTS = {
  locale: 'it',
  onCardRemoved: 'clear',
  idleClearSeconds: 300,
} as const satisfies z.infer<typeof deskSettingsSchema>;
