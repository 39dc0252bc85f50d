import type { Migration } from './types';

/**
 * Fiscal codes are now keyed exactly as issued: an omocodic variant is a different person, not the same
 * person as its base code (issue 15). Until now every personal code was folded to its base form before it
 * keyed `citizens` and `lookups`, so one cached citizen may hold the positions of two people. No table kept
 * the code as the backend or the file wrote it (a folded code looks like any other), so no row can be re-keyed
 * from its source: every personal citizen's cached positions leave the cache, and the next lookup, sync pass or
 * import brings them back under the exact code. Legal entities' 11-digit codes were never folded and stay.
 *
 * So that everything comes back: the GPD sync forgets its passes (the next one is full, from the start), and
 * the import log forgets its files (importing the same file again is no longer "unchanged").
 */
export const m006ExactFiscalCodes: Migration = {
  version: 6,
  name: 'exact-fiscal-codes',
  sql: `
    DELETE FROM positions
      WHERE citizen_id IN (SELECT id FROM citizens WHERE length(fiscal_code) <> 11);
    DELETE FROM citizens WHERE length(fiscal_code) <> 11;
    DELETE FROM lookups WHERE length(fiscal_code) <> 11;
    UPDATE sync_state SET cursor = NULL, pass_started_at = NULL, last_completed_at = NULL, last_full_at = NULL;
    DELETE FROM import_log;
  `,
};
