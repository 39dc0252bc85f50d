import type { Migration } from './types';

/**
 * The positions cache: what every connector learned, in one shape. Payability is not stored: it depends on the
 * day it is asked (due dates), so it is computed on read by core/positions.
 */
export const m002: Migration = {
  version: 2,
  name: 'positions',
  sql: `
    -- Canonical fiscal code (omocodia folded): every variant of a code meets the same row.
    CREATE TABLE citizens (
      fiscal_code TEXT PRIMARY KEY,
      kind        TEXT NOT NULL CHECK (kind IN ('F', 'G')),
      name        TEXT,
      seen_at     TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE creditors (
      fiscal_code TEXT PRIMARY KEY CHECK (length(fiscal_code) = 11),
      name        TEXT NOT NULL,
      ipa_code    TEXT,
      cbill       TEXT,
      sector      TEXT,
      info        TEXT
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE positions (
      id                 TEXT PRIMARY KEY,
      connector          TEXT NOT NULL CHECK (connector IN ('demo', 'file', 'govpay', 'mypay', 'gpd')),
      backend_id         TEXT NOT NULL,
      debtor_fiscal_code TEXT NOT NULL REFERENCES citizens (fiscal_code) ON DELETE CASCADE,
      ec_fiscal_code     TEXT NOT NULL REFERENCES creditors (fiscal_code),
      subject            TEXT NOT NULL,
      status             TEXT NOT NULL,
      backend_status     TEXT,
      fetched_at         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX positions_by_debtor ON positions (debtor_fiscal_code, connector);
    CREATE INDEX positions_by_fetched ON positions (fetched_at);

    CREATE TABLE payment_options (
      id             TEXT PRIMARY KEY,
      position_id    TEXT NOT NULL REFERENCES positions (id) ON DELETE CASCADE,
      seq            INTEGER NOT NULL,
      nav            TEXT NOT NULL CHECK (length(nav) = 18),
      iuv            TEXT NOT NULL,
      ec_fiscal_code TEXT NOT NULL,
      amount_cents   INTEGER NOT NULL CHECK (amount_cents BETWEEN 0 AND 99999999999),
      due_date       TEXT,
      kind           TEXT NOT NULL CHECK (kind IN ('single', 'instalment')),
      plan_size      INTEGER NOT NULL CHECK (plan_size >= 1),
      idx            INTEGER CHECK (idx IS NULL OR idx >= 1),
      status         TEXT NOT NULL,
      backend_status TEXT,
      description    TEXT
    ) STRICT;
    CREATE INDEX options_by_position ON payment_options (position_id, seq);
    CREATE INDEX options_by_nav ON payment_options (nav, ec_fiscal_code);

    -- One row per connector: where a bulk sync is (so a killed sync resumes) and when the last pass ended.
    CREATE TABLE sync_state (
      connector         TEXT PRIMARY KEY,
      cursor            TEXT,
      pass_started_at   TEXT,
      last_completed_at TEXT,
      positions_seen    INTEGER NOT NULL DEFAULT 0,
      requests          INTEGER NOT NULL DEFAULT 0,
      last_error        TEXT
    ) STRICT, WITHOUT ROWID;

    -- When a citizen was last answered live by a searchable connector: the freshness shown at the desk.
    CREATE TABLE lookups (
      connector    TEXT NOT NULL,
      fiscal_code  TEXT NOT NULL,
      refreshed_at TEXT NOT NULL,
      PRIMARY KEY (connector, fiscal_code)
    ) STRICT, WITHOUT ROWID;

    -- Files already imported, by content: importing the same file again changes nothing.
    CREATE TABLE import_log (
      sha256      TEXT PRIMARY KEY,
      file_name   TEXT NOT NULL,
      rows        INTEGER NOT NULL,
      imported_at TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;
  `,
};
