import type { Db } from '../../store/database';

/**
 * The citizen sessions in which the given options were already sent to a printer, read from the journal and the
 * audit rows that recorded each job's outcome. A job sent before sessions existed counts as another session's.
 */
export function sessionsOfSentJobs(db: Db, optionIds: readonly string[]): (string | null)[] {
  if (optionIds.length === 0) return [];
  const marks = optionIds.map(() => '?').join(',');
  const rows = db
    .prepare<string[], { session: string | null }>(
      `SELECT DISTINCT a.citizen_session AS session
       FROM print_job_options jo
       JOIN print_jobs j ON j.id = jo.job_id AND j.state = 'sent'
       LEFT JOIN audit_log a ON a.action IN ('print.sent', 'print.reprint-sent')
                            AND json_extract(a.details, '$.jobId') = j.id
       WHERE jo.option_id IN (${marks})`,
    )
    .all(...optionIds);
  return rows.map((r) => r.session);
}

/** A reprint is a clerk's own when every earlier print of those options was made in the current citizen session. */
export function reprintIsOwn(db: Db, optionIds: readonly string[], session: string | null): boolean {
  if (session === null) return false;
  return sessionsOfSentJobs(db, optionIds).every((s) => s === session);
}
