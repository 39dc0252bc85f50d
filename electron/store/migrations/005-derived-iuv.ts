import type { Migration } from './types';

/**
 * An option's IUV is, for every notice number there is, a fixed part of its NAV (core/notice-number.ts
 * iuvOfNoticeNumber): stored again it took 18 of an option row's ~75 bytes and made the first bulk load of a
 * million rows ~4 % slower. The column becomes nullable (SQLite needs the table rebuilt for that) and holds an
 * IUV only when a backend sent one that differs from its NAV's; the repository fills it back on read.
 */
export const m005: Migration = {
  version: 5,
  name: 'derived-iuv',
  sql: `
    CREATE TABLE payment_options_next (
      id             INTEGER PRIMARY KEY,
      position_id    INTEGER NOT NULL REFERENCES positions (id) ON DELETE CASCADE,
      seq            INTEGER NOT NULL,
      nav            TEXT NOT NULL CHECK (length(nav) = 18),
      -- NULL: the IUV inside the NAV (after the aux digit; after the application code too for aux digit 0).
      iuv            TEXT,
      amount_cents   INTEGER NOT NULL CHECK (amount_cents BETWEEN 0 AND 99999999999),
      due_date       TEXT,
      kind           TEXT NOT NULL CHECK (kind IN ('single', 'instalment')),
      plan_size      INTEGER NOT NULL CHECK (plan_size >= 1),
      idx            INTEGER CHECK (idx IS NULL OR idx >= 1),
      status         TEXT NOT NULL,
      backend_status TEXT,
      description    TEXT
    ) STRICT;
    INSERT INTO payment_options_next
      SELECT id, position_id, seq, nav,
        nullif(iuv, CASE WHEN substr(nav, 1, 1) = '0' THEN substr(nav, 4) ELSE substr(nav, 2) END),
        amount_cents, due_date, kind, plan_size, idx, status, backend_status, description
      FROM payment_options;
    DROP TABLE payment_options;
    ALTER TABLE payment_options_next RENAME TO payment_options;
    CREATE INDEX options_by_position ON payment_options (position_id);
    CREATE INDEX options_by_nav ON payment_options (nav);
  `,
};
