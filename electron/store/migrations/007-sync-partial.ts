import type { Migration } from './types';

/**
 * A sync pass keeps the items it refused (JSON PartialAnswer, core/contract/domains/positions.ts), so that
 * `sync status` and the desk say what the cache could not take instead of the pass looking complete.
 */
export const m007SyncPartial: Migration = {
  version: 7,
  name: 'sync-partial',
  sql: `ALTER TABLE sync_state ADD COLUMN partial TEXT;`,
};
