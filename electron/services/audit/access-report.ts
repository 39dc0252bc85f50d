import type { Db } from '../../store/database';

/** One act on a citizen's data, as a data-subject access report lists it. */
export interface AccessRow {
  readonly at: string;
  readonly deskId: string | null;
  readonly operator: string | null;
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly citizenSession: string | null;
  readonly details: Record<string, unknown>;
}

interface Row {
  at: string;
  desk_id: string | null;
  operator: string | null;
  actor: string;
  action: string;
  subject: string | null;
  citizen_session: string | null;
  details: string;
}

/**
 * Who looked up or printed what for a citizen, when, at which desk: every audit row naming the citizen (alone, or
 * among the debtors of a notice looked up by number), and every row of a citizen session in which they were
 * identified, which is how prints, PDFs and lookups of that session are theirs. `from` inclusive, `to` exclusive.
 */
export function accessReport(db: Db, subject: string, from?: string, to?: string): AccessRow[] {
  const rows = db
    .prepare<[{ subject: string; from: string; to: string }], Row>(
      `WITH sessions AS (
         SELECT DISTINCT citizen_session FROM audit_log
         WHERE citizen_session IS NOT NULL AND (subject = @subject OR instr(',' || subject || ',', ',' || @subject || ',') > 0)
       )
       SELECT at, desk_id, operator, actor, action, subject, citizen_session, details FROM audit_log
       WHERE (subject = @subject OR instr(',' || subject || ',', ',' || @subject || ',') > 0
              OR citizen_session IN (SELECT citizen_session FROM sessions))
         AND at >= @from AND at < @to
       ORDER BY id`,
    )
    .all({ subject, from: from ?? '', to: to ?? '\uffff' });
  return rows.map((r) => ({
    at: r.at,
    deskId: r.desk_id,
    operator: r.operator,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    citizenSession: r.citizen_session,
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
}

const CSV_COLUMNS = ['at', 'deskId', 'operator', 'action', 'subject', 'citizenSession', 'details'] as const;

/** RFC 4180 cell; a leading = + - @ is defused so that a spreadsheet never runs a cell as a formula. */
function cell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function accessReportCsv(rows: readonly AccessRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) lines.push(CSV_COLUMNS.map((c) => cell(r[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
