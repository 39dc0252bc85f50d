import { z } from 'zod';
import { method } from '../define';
import { noInput } from '../common';

/** What the clerk may change from the desk. Deployment settings (backends, modules, secrets) are the admin's. */
export const deskSettingsSchema = z.strictObject({
  locale: z.enum(['it', 'en']),
  /** What happens to the citizen panel when the card leaves the reader. */
  onCardRemoved: z.enum(['clear', 'keep']),
  /** Seconds of inactivity after which citizen data leave the screen; 0 disables. */
  idleClearSeconds: z.number().int().min(0).max(3600),
});
export type DeskSettings = z.infer<typeof deskSettingsSchema>;

export const settingsViewSchema = z.strictObject({
  desk: deskSettingsSchema,
  /** Keys fixed by the administrator's file: shown, not editable. */
  locked: z.array(z.string()),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsMethods = {
  'settings.get': method(noInput, settingsViewSchema),
  'settings.update': method(z.strictObject({ desk: deskSettingsSchema.partial() }), settingsViewSchema),
};
