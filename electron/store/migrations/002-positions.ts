import type { Migration } from './types';

/** Reserved for the positions cache (posizioni debitorie, payment options, citizens, sync state); filled by that feature before the first release. */
export const m002: Migration = {
  version: 2,
  name: 'positions',
  sql: '',
};
