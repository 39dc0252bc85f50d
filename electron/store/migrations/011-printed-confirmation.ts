import type { Migration } from './types';

/**
 * A sent job may also be confirmed printed: the printer answered (after the job) that it processed all of it
 * with paper and no error. `sent` stays the state; `printed` says the printer confirmed it, 0 for transports
 * that cannot answer.
 */
export const m011PrintedConfirmation: Migration = {
  version: 11,
  name: 'printed-confirmation',
  sql: `
    ALTER TABLE print_jobs ADD COLUMN printed INTEGER NOT NULL DEFAULT 0 CHECK (printed IN (0, 1));
  `,
};
