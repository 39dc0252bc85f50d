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
/**
 * Where certificate revocation comes from: `off` (identities read revocation `not-checked`), `file`
 * (a CRL the IT staff keep up to date), or a CRL URL the desk downloads from: `pending` before the first
 * download, `current`, `failed` (the last download failed; a previous CRL may still be in use) or `expired`
 * (the newest CRL the desk has is past its nextUpdate, so revocation reads `unknown` until a download works).
 */
export const revocationStateSchema = z.enum(['off', 'file', 'pending', 'current', 'failed', 'expired']);
export const backendStateSchema = z.enum(['demo', 'online', 'offline', 'degraded', 'unknown']);

export const systemStatusSchema = z.strictObject({
  version: z.string(),
  mode: z.enum(['demo', 'live']),
  database: z.strictObject({ path: z.string(), schemaVersion: z.number().int() }),
  reader: z.strictObject({ state: readerStateSchema, detail: z.string().nullable() }),
  revocation: z.strictObject({
    state: revocationStateSchema,
    /** The downloaded CRL's nextUpdate, when known. */
    nextUpdate: isoInstant.nullable(),
    /** Why the last download failed (CRL_TIMEOUT, CRL_HTTP_STATUS, ...); null otherwise. */
    problem: z.string().nullable(),
  }),
  printer: z.strictObject({ state: printerStateSchema, name: z.string().nullable() }),
  backend: z.strictObject({
    connector: z.string(),
    state: backendStateSchema,
    /** When the cached data were last refreshed from the backend; null when never. */
    dataAsOf: isoInstant.nullable(),
  }),
  /**
   * The audit log's chain as the desk checked it at start (and after each failed record): `broken` when it was
   * altered, `unavailable` when acts cannot be recorded (key missing, disk full). Never hidden: see issue 16.
   */
  /** Where backend secrets live; `weak` names a store that protects nothing (Linux `basic_text`). */
  secrets: z.strictObject({ kind: z.string(), weak: z.string().nullable() }),
  audit: z.strictObject({
    state: z.enum(['ok', 'broken', 'unavailable', 'unchecked']),
    /** The stable reason (TRUNCATED, MAC_MISMATCH, KEY_MISSING, DISK_FULL…); null when ok. */
    problem: z.string().nullable(),
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
