import type { Migration } from './types';

/**
 * A bulk sync now runs two kinds of pass (electron/services/sync/sync-service.ts): a full one over the whole
 * due-date horizon, and an incremental one over the payment dates since the last pass. When the last full
 * pass ended decides which kind a scheduled run is.
 */
export const m004: Migration = {
  version: 4,
  name: 'sync-passes',
  sql: `
    ALTER TABLE sync_state ADD COLUMN last_full_at TEXT;
    -- Every pass completed so far was a full one: the only kind there was.
    UPDATE sync_state SET last_full_at = last_completed_at;
  `,
};
