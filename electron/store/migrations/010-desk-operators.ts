import type { Migration } from './types';

/**
 * A day at the counter: the clerks who sign in at the desk, and, on every audit row, who acted (operator's
 * fiscal code), where (desk id) and for which citizen session. Old rows keep NULL there: nobody signed in then.
 * A password is kept only as its scrypt hash with the operator's own salt; lock-out counts failed sign-ins.
 */
export const m010DeskOperators: Migration = {
  version: 10,
  name: 'desk-operators',
  sql: `
    ALTER TABLE audit_log ADD COLUMN operator TEXT;
    ALTER TABLE audit_log ADD COLUMN desk_id TEXT;
    ALTER TABLE audit_log ADD COLUMN citizen_session TEXT;
    CREATE INDEX audit_log_subject ON audit_log (subject);
    CREATE INDEX audit_log_session ON audit_log (citizen_session);
    CREATE INDEX audit_log_at ON audit_log (at);

    CREATE TABLE operators (
      fiscal_code     TEXT PRIMARY KEY CHECK (length(fiscal_code) = 16),
      name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
      role            TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
      password_hash   TEXT,
      password_salt   TEXT,
      disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
      failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
      locked_until    TEXT,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      CHECK ((password_hash IS NULL) = (password_salt IS NULL))
    ) STRICT;
  `,
};
