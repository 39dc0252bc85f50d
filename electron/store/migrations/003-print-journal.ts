import type { Migration } from './types';

/** Reserved for the print journal; filled by that feature before the first release. */
export const m003: Migration = {
  version: 3,
  name: 'print-journal',
  sql: '',
};
