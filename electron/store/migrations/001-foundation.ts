import type { Migration } from './types';

export const m001: Migration = {
  version: 1,
  name: 'foundation',
  sql: `
    CREATE TABLE app_meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- Append-only and hash-chained: each row's hash covers the previous row's hash, so an edited or deleted
    -- row breaks the chain for every row after it.
    CREATE TABLE audit_log (
      id        INTEGER PRIMARY KEY,
      at        TEXT NOT NULL,
      actor     TEXT NOT NULL,
      action    TEXT NOT NULL,
      subject   TEXT,
      details   TEXT NOT NULL DEFAULT '{}',
      prev_hash TEXT NOT NULL,
      hash      TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
};
