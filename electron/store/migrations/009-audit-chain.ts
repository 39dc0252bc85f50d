import type { Migration } from './types';

/**
 * The audit log's keyed chain (electron/services/audit/audit-chain.ts): one MAC per audit row, kept beside the
 * row rather than in it, so that the columns other features add to `audit_log` are all covered by the MAC
 * without this table changing. Insert-only, like the log.
 */
export const m009AuditChain: Migration = {
  version: 9,
  name: 'audit-chain',
  sql: `
    CREATE TABLE audit_chain (
      id  INTEGER PRIMARY KEY,          -- audit_log.id
      seq INTEGER NOT NULL UNIQUE,      -- 1, 2, 3… along the keyed chain
      mac TEXT    NOT NULL
    ) STRICT;

    CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;
  `,
};
