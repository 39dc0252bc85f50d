import type { Migration } from './types';

/**
 * The print journal: one row per print request, keyed by the caller's idempotency key, so a repeated request
 * finds its job instead of printing again. `sent` means the printer took the bytes (never "printed"); a
 * reprint is its own row pointing at the job it repeats.
 */
export const m003: Migration = {
  version: 3,
  name: 'print-journal',
  sql: `
    CREATE TABLE print_jobs (
      id              INTEGER PRIMARY KEY,
      idempotency_key TEXT NOT NULL UNIQUE,
      kind            TEXT NOT NULL CHECK (kind IN ('notice', 'test')),
      printer_id      TEXT NOT NULL,
      option_ids      TEXT NOT NULL DEFAULT '[]',
      navs            TEXT NOT NULL DEFAULT '[]',
      state           TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
      attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error      TEXT,
      last_error_code TEXT,
      reprint         INTEGER NOT NULL DEFAULT 0 CHECK (reprint IN (0, 1)),
      reprint_of      INTEGER REFERENCES print_jobs(id),
      bytes           INTEGER,
      created_at      TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      CHECK (reprint = 1 OR reprint_of IS NULL)
    ) STRICT;

    -- One row per (job, option): finds the sent jobs of an option, which is what makes a reprint explicit.
    CREATE TABLE print_job_options (
      job_id    INTEGER NOT NULL REFERENCES print_jobs(id) ON DELETE CASCADE,
      option_id TEXT NOT NULL,
      PRIMARY KEY (job_id, option_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX print_job_options_option ON print_job_options(option_id);
    CREATE INDEX print_jobs_created ON print_jobs(created_at);

    -- A sent job stays sent: its row can no longer change state, so nothing can send it twice.
    CREATE TRIGGER print_jobs_sent_is_final BEFORE UPDATE OF state ON print_jobs
      WHEN OLD.state = 'sent' AND NEW.state <> 'sent'
      BEGIN SELECT RAISE(ABORT, 'a sent print job is final'); END;
  `,
};
