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

/**
 * The idle time a clerk may choose from the settings screen. Switching the idle clear off (0) or making it so
 * short that the desk clears mid-sentence is the administrator's call (their file), not the clerk's: the clear
 * is what keeps one citizen's data from the next one's eyes.
 */
export const CLERK_IDLE_SECONDS = { min: 30, max: 3600 } as const;

/** A clerk's change: every key optional, each in the clerk's range. */
export const clerkSettingsPatchSchema = z.strictObject({
  locale: deskSettingsSchema.shape.locale.optional(),
  onCardRemoved: deskSettingsSchema.shape.onCardRemoved.optional(),
  idleClearSeconds: z.number().int().min(CLERK_IDLE_SECONDS.min).max(CLERK_IDLE_SECONDS.max).optional(),
});
export type ClerkSettingsPatch = z.infer<typeof clerkSettingsPatchSchema>;

export const settingsViewSchema = z.strictObject({
  desk: deskSettingsSchema,
  /** Keys of `desk` fixed by the administrator's file (`desk.locale`…): shown, not editable. */
  locked: z.array(z.string()),
  /** The administrator's file those keys come from (null: none). A path, for the technician the clerk calls. */
  adminFile: z.string().max(4096).nullable(),
  /** Every other key that file sets (`backend.kind`, `printers.list`…): the deployment, never the clerk's. */
  lockedElsewhere: z.array(z.string().max(256)).max(1000),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/**
 * The details of the refusal of a change to a key the administrator's file sets: `INVALID_INPUT` with reason
 * `LOCKED_BY_ADMIN`, the keys (without `desk.`) and the file. Parsed by the UI to say which and why.
 */
export const lockedRefusalSchema = z.object({
  reason: z.literal('LOCKED_BY_ADMIN'),
  keys: z.array(z.string()),
  file: z.string().nullable().optional(),
});
export type LockedRefusal = z.infer<typeof lockedRefusalSchema>;

export const settingsMethods = {
  'settings.get': method(noInput, settingsViewSchema),
  /** The clerk's own settings: written to the desk's file (other keys kept), in force at once. */
  'settings.update': method(z.strictObject({ desk: clerkSettingsPatchSchema }), settingsViewSchema),
};
