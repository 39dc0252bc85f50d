import type { PrintJob } from '../../../core/contract/domains/notices';
import type { Db } from '../database';

interface Row {
  id: number;
  idempotency_key: string;
  kind: 'notice' | 'test';
  printer_id: string;
  option_ids: string;
  navs: string;
  state: 'queued' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  last_error_code: string | null;
  reprint: number;
  reprint_of: number | null;
  bytes: number | null;
  printed: number;
  forced: number;
  created_at: string;
  updated_at: string;
}

const toJob = (r: Row): PrintJob => ({
  id: r.id,
  idempotencyKey: r.idempotency_key,
  printerId: r.printer_id,
  kind: r.kind,
  optionIds: JSON.parse(r.option_ids) as string[],
  navs: JSON.parse(r.navs) as string[],
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  lastErrorCode: r.last_error_code,
  reprint: r.reprint === 1,
  reprintOf: r.reprint_of,
  bytes: r.bytes,
  printed: r.printed === 1,
  forced: r.forced === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface NewJob {
  readonly key: string;
  readonly kind: 'notice' | 'test';
  readonly printerId: string;
  readonly optionIds: readonly string[];
  readonly navs: readonly string[];
  readonly reprintOf: number | null;
  readonly at: string;
  /** Expired or paid options printed by a supervisor's forced selection (migration 012). */
  readonly forced?: boolean;
}

/** The print journal (migration 003). Statements are prepared once; state changes are single UPDATEs. */
export class PrintJournal {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO print_jobs (idempotency_key, kind, printer_id, option_ids, navs, state, reprint, reprint_of, created_at, updated_at, forced)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
      ),
      insertOption: db.prepare('INSERT INTO print_job_options (job_id, option_id) VALUES (?, ?)'),
      byKey: db.prepare<[string], Row>('SELECT * FROM print_jobs WHERE idempotency_key = ?'),
      byId: db.prepare<[number], Row>('SELECT * FROM print_jobs WHERE id = ?'),
      sentFor: db.prepare<[string], { id: number }>(
        `SELECT DISTINCT j.id FROM print_jobs j JOIN print_job_options o ON o.job_id = j.id
         WHERE j.state = 'sent' AND o.option_id IN (SELECT value FROM json_each(?)) ORDER BY j.id`,
      ),
      attempt: db.prepare(
        `UPDATE print_jobs SET attempts = attempts + 1, state = 'queued', updated_at = ? WHERE id = ? AND state <> 'sent'`,
      ),
      sent: db.prepare(
        `UPDATE print_jobs SET state = 'sent', bytes = ?, printed = ?, last_error = NULL, last_error_code = NULL, updated_at = ?
         WHERE id = ? AND state = 'queued'`,
      ),
      failed: db.prepare(
        `UPDATE print_jobs SET state = 'failed', last_error = ?, last_error_code = ?, updated_at = ?
         WHERE id = ? AND state = 'queued'`,
      ),
      list: db.prepare<[number], Row>('SELECT * FROM print_jobs ORDER BY id DESC LIMIT ?'),
    };
  }

  byKey(key: string): PrintJob | null {
    const r = this.s.byKey.get(key);
    return r ? toJob(r) : null;
  }

  byId(id: number): PrintJob | null {
    const r = this.s.byId.get(id);
    return r ? toJob(r) : null;
  }

  /** Was this job printed by a forced selection? */
  isForced(id: number): boolean {
    return (
      this.db.prepare<[number], { forced: number }>('SELECT forced FROM print_jobs WHERE id = ?').get(id)
        ?.forced === 1
    );
  }

  /** Jobs already sent for any of these options, oldest first. */
  sentJobsFor(optionIds: readonly string[]): number[] {
    return this.s.sentFor.all(JSON.stringify(optionIds)).map((r) => r.id);
  }

  /**
   * Creates the job unless the key exists, in one immediate transaction with the duplicate check the caller
   * passes, so two concurrent requests cannot both pass it.
   */
  create(job: NewJob, check: () => void = () => undefined): PrintJob {
    return this.db
      .transaction(() => {
        const existing = this.byKey(job.key);
        if (existing) return existing;
        check();
        const id = Number(
          this.s.insert.run(
            job.key,
            job.kind,
            job.printerId,
            JSON.stringify(job.optionIds),
            JSON.stringify(job.navs),
            job.reprintOf === null ? 0 : 1,
            job.reprintOf,
            job.at,
            job.at,
            job.forced ? 1 : 0,
          ).lastInsertRowid,
        );
        for (const o of new Set(job.optionIds)) this.s.insertOption.run(id, o);
        return this.byId(id)!;
      })
      .immediate();
  }

  /** Starts an attempt; false when the job is already sent (it must not be sent again). */
  startAttempt(id: number, at: string): boolean {
    return this.s.attempt.run(at, id).changes === 1;
  }

  /** `printed`: the printer itself confirmed the job (status answer), not just took the bytes. */
  markSent(id: number, bytes: number, at: string, printed = false): void {
    this.s.sent.run(bytes, printed ? 1 : 0, at, id);
  }

  markFailed(id: number, code: string, reason: string, at: string): void {
    this.s.failed.run(reason, code, at, id);
  }

  list(limit: number): PrintJob[] {
    return this.s.list.all(limit).map(toJob);
  }
}
