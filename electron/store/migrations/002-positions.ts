import type { Migration } from './types';

/**
 * The positions cache: what every connector learned, in one shape. Payability is not stored: it depends on
 * the day it is asked (due dates), so it is computed on read by core/positions.
 *
 * Rows point at each other by integer rowid: a million options and their indexes then carry 1–3 byte keys
 * instead of repeating 30–60 character text ids in the table, the parent index and every child. The
 * external ids the contract shows (Position.id, PaymentOption.id = position id + '#' + NAV) are stored
 * once, in positions.ext_id, and mapped back by the repository.
 */
export const m002: Migration = {
  version: 2,
  name: 'positions',
  sql: `
    -- Canonical fiscal code (omocodia folded): every variant of a code meets the same row. Unique through a
    -- named index, like positions.ext_id below, so that a first bulk load can defer it.
    CREATE TABLE citizens (
      id          INTEGER PRIMARY KEY,
      fiscal_code TEXT NOT NULL,
      kind        TEXT NOT NULL CHECK (kind IN ('F', 'G')),
      name        TEXT,
      seen_at     TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX citizens_by_fiscal_code ON citizens (fiscal_code);

    CREATE TABLE creditors (
      id          INTEGER PRIMARY KEY,
      fiscal_code TEXT NOT NULL UNIQUE CHECK (length(fiscal_code) = 11),
      name        TEXT NOT NULL,
      ipa_code    TEXT,
      cbill       TEXT,
      sector      TEXT,
      info        TEXT
    ) STRICT;

    -- ext_id is the connector's id ('connector:…'). Its uniqueness is a named index rather than a column
    -- constraint so that a first bulk load can drop it and rebuild it with one sort at the end.
    -- backend_id is NULL when it is ext_id's tail after the last ':' (a NAV, an IUV…): not stored twice.
    -- No index on fetched_at: only the daily retention purge reads it, and a scan serves it.
    CREATE TABLE positions (
      id             INTEGER PRIMARY KEY,
      ext_id         TEXT NOT NULL,
      connector      TEXT NOT NULL CHECK (connector IN ('demo', 'file', 'govpay', 'mypay', 'gpd')),
      backend_id     TEXT,
      citizen_id     INTEGER NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
      creditor_id    INTEGER NOT NULL REFERENCES creditors (id),
      subject        TEXT NOT NULL,
      status         TEXT NOT NULL,
      backend_status TEXT,
      fetched_at     TEXT NOT NULL
    ) STRICT;
    CREATE UNIQUE INDEX positions_by_ext_id ON positions (ext_id);
    CREATE INDEX positions_by_citizen ON positions (citizen_id);

    -- An option is identified by (position, NAV); its creditor is its position's.
    CREATE TABLE payment_options (
      id             INTEGER PRIMARY KEY,
      position_id    INTEGER NOT NULL REFERENCES positions (id) ON DELETE CASCADE,
      seq            INTEGER NOT NULL,
      nav            TEXT NOT NULL CHECK (length(nav) = 18),
      iuv            TEXT NOT NULL,
      amount_cents   INTEGER NOT NULL CHECK (amount_cents BETWEEN 0 AND 99999999999),
      due_date       TEXT,
      kind           TEXT NOT NULL CHECK (kind IN ('single', 'instalment')),
      plan_size      INTEGER NOT NULL CHECK (plan_size >= 1),
      idx            INTEGER CHECK (idx IS NULL OR idx >= 1),
      status         TEXT NOT NULL,
      backend_status TEXT,
      description    TEXT
    ) STRICT;
    CREATE INDEX options_by_position ON payment_options (position_id);
    CREATE INDEX options_by_nav ON payment_options (nav);

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
