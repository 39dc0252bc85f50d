import { z } from 'zod';
import { event, method } from '../define';
import { isoInstant, noInput } from '../common';

/** Each device or backend reports one state from a closed list, so the status bar can show all of them. */
export const readerStateSchema = z.enum([
  'disabled',
  'no-module',
  'no-reader',
  'waiting',
  'reading',
  'identified',
  'error',
  'restarting',
]);
export const printerStateSchema = z.enum(['not-configured', 'preview', 'ready', 'unreachable', 'unknown']);
export const backendStateSchema = z.enum(['demo', 'online', 'offline', 'degraded', 'unknown']);

export const systemStatusSchema = z.strictObject({
  version: z.string(),
  mode: z.enum(['demo', 'live']),
  database: z.strictObject({ path: z.string(), schemaVersion: z.number().int() }),
  reader: z.strictObject({ state: readerStateSchema, detail: z.string().nullable() }),
  printer: z.strictObject({ state: printerStateSchema, name: z.string().nullable() }),
  backend: z.strictObject({
    connector: z.string(),
    state: backendStateSchema,
    /** When the cached data were last refreshed from the backend; null when never. */
    dataAsOf: isoInstant.nullable(),
  }),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;

export const systemMethods = {
  'system.status': method(noInput, systemStatusSchema),
};

export const systemEvents = {
  /** Pushed whenever any part of the status changes. */
  'system.statusChanged': event(systemStatusSchema),
};
