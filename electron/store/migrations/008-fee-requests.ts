import type { Migration } from './types';

/**
 * Fees created at the desk (issue 19). `fee_requests` is the idempotency record: a row is written, with the
 * id the backend will know the position by (and, for GPD, the IUV), before any request leaves, so a retry
 * after a timeout or a crash reuses them instead of creating a second debt. `iuv_counter` hands out IUV bases
 * of a desk's range; a base is taken in its own committed transaction and never handed out again, even when
 * the request it was for failed. No personal data here: the payer lives in the positions cache.
 */
export const m008FeeRequests: Migration = {
  version: 8,
  name: 'fee-requests',
  sql: `
    CREATE TABLE fee_requests (
      id INTEGER PRIMARY KEY,
      request_key TEXT NOT NULL UNIQUE,
      request_hash TEXT NOT NULL,
      backend TEXT NOT NULL CHECK (backend IN ('demo', 'govpay', 'gpd')),
      backend_id TEXT NOT NULL UNIQUE,
      service_id TEXT NOT NULL,
      ec_fiscal_code TEXT NOT NULL,
      amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
      iuv TEXT UNIQUE,
      nav TEXT,
      position_ext_id TEXT,
      state TEXT NOT NULL CHECK (state IN ('reserved', 'created', 'annulled')),
      operator TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      last_error TEXT
    ) STRICT;
    CREATE INDEX fee_requests_by_nav ON fee_requests (nav);
    CREATE TABLE iuv_counter (
      scheme TEXT PRIMARY KEY,
      next_base INTEGER NOT NULL,
      last_base INTEGER NOT NULL
    ) STRICT;
  `,
};
