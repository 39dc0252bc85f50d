import type { Migration } from './types';

/**
 * A job printed with a supervisor's forced selection (expired or paid options, issue 17): kept so that a retry
 * of that job composes the same notice, and is asked of a supervisor again.
 */
export const m012ForcedPrint: Migration = {
  version: 12,
  name: 'forced-print',
  sql: `
    ALTER TABLE print_jobs ADD COLUMN forced INTEGER NOT NULL DEFAULT 0 CHECK (forced IN (0, 1));
  `,
};
