import type { DayReport } from '../../../core/contract/domains/reports';
import type { Db } from '../../store/database';

export type { DayReport } from '../../../core/contract/domains/reports';

interface AuditRow {
  action: string;
  operator: string | null;
  citizen_session: string | null;
  subject: string | null;
  details: string;
}

interface OptionRow {
  job_id: number;
  option_id: string;
  creditor_cf: string | null;
  creditor_name: string | null;
  service: string | null;
  amount_cents: number | null;
}

/** The office's local day of an instant, YYYY-MM-DD. */
export function localDay(at: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())}`;
}

/** The office's day (local time) as the UTC instants it runs between. */
export function dayBounds(date: string): { from: string; to: string } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { from: new Date(y, m - 1, d).toISOString(), to: new Date(y, m - 1, d + 1).toISOString() };
}

const jobIdOf = (details: string): number | null => {
  const v = (JSON.parse(details) as { jobId?: unknown }).jobId;
  return typeof v === 'number' ? v : null;
};

/**
 * `sportello report day`. Citizens served are the citizen sessions opened that day (an identification or a
 * lookup by notice number); notices printed are the options of first prints the printer took (`sent`), priced
 * from the positions cache; a reprint is counted apart, never as a notice printed again. With `operator`, only
 * that clerk's acts, and the print jobs whose outcome the audit log attributes to them.
 */
export function dayReport(db: Db, date: string, operator: string | null = null): DayReport {
  const { from, to } = dayBounds(date);
  const rows = db
    .prepare<[{ from: string; to: string; op: string | null }], AuditRow>(
      `SELECT action, operator, citizen_session, subject, details FROM audit_log
       WHERE at >= @from AND at < @to AND (@op IS NULL OR operator = @op) ORDER BY id`,
    )
    .all({ from, to, op: operator });
  const count = (pred: (r: AuditRow) => boolean) => rows.filter(pred).length;

  const opened = new Map<string, 'card' | 'typed' | 'noticeNumber'>();
  for (const r of rows) {
    if (!r.citizen_session || opened.has(r.citizen_session)) continue;
    if (r.action === 'identify.typed') opened.set(r.citizen_session, 'typed');
    else if (r.action === 'identify.card' || r.action === 'identify.card-pin')
      opened.set(r.citizen_session, 'card');
    else if (r.action === 'lookup.notice') opened.set(r.citizen_session, 'noticeNumber');
  }
  const methods = { card: 0, typed: 0, noticeNumber: 0 };
  for (const m of opened.values()) methods[m]++;

  // The jobs whose final outcome this day's (operator's) audit rows record.
  const sentJobs = new Set<number>();
  const reprintJobs = new Set<number>();
  const byReason: Record<string, number> = {};
  let failedAttempts = 0;
  for (const r of rows) {
    const id = r.action.startsWith('print.') ? jobIdOf(r.details) : null;
    if (r.action === 'print.sent' && id !== null) sentJobs.add(id);
    else if (r.action === 'print.reprint-sent' && id !== null) reprintJobs.add(id);
    else if (r.action === 'print.failed') {
      failedAttempts++;
      const reason = String((JSON.parse(r.details) as { reason?: unknown }).reason ?? 'UNKNOWN');
      byReason[reason] = (byReason[reason] ?? 0) + 1;
    }
  }
  // Only notice jobs: a test page is no notice.
  const options = db
    .prepare<[], OptionRow>(
      `SELECT jo.job_id, jo.option_id, c.fiscal_code AS creditor_cf, c.name AS creditor_name,
              p.subject AS service, o.amount_cents
       FROM print_job_options jo
       JOIN print_jobs j ON j.id = jo.job_id AND j.kind = 'notice'
       LEFT JOIN positions p ON p.ext_id = substr(jo.option_id, 1, length(jo.option_id) - 19)
       LEFT JOIN payment_options o ON o.position_id = p.id AND o.nav = substr(jo.option_id, -18)
       LEFT JOIN creditors c ON c.id = p.creditor_id
       ORDER BY jo.job_id`,
    )
    .all()
    .filter((o) => sentJobs.has(o.job_id));

  const creditors = new Map<
    string,
    { fiscalCode: string; name: string; notices: number; amountCents: number }
  >();
  const services = new Map<string, { service: string; notices: number; amountCents: number }>();
  let amount = 0;
  let unresolved = 0;
  for (const o of options) {
    if (o.amount_cents === null || o.creditor_cf === null) {
      unresolved++;
      continue;
    }
    amount += o.amount_cents;
    const c = creditors.get(o.creditor_cf) ?? {
      fiscalCode: o.creditor_cf,
      name: o.creditor_name ?? '',
      notices: 0,
      amountCents: 0,
    };
    c.notices++;
    c.amountCents += o.amount_cents;
    creditors.set(o.creditor_cf, c);
    const key = o.service ?? '';
    const s = services.get(key) ?? { service: key, notices: 0, amountCents: 0 };
    s.notices++;
    s.amountCents += o.amount_cents;
    services.set(key, s);
  }

  const signedIn = rows.filter((r) => r.action === 'operator.sign-in' || r.action === 'operator.take-over');
  return {
    date,
    from,
    to,
    operator,
    citizensServed: opened.size,
    identifications: methods,
    notices: {
      printed: options.length,
      amountCents: amount,
      byCreditor: [...creditors.values()].sort((a, b) => b.amountCents - a.amountCents),
      byService: [...services.values()].sort((a, b) => b.amountCents - a.amountCents),
      unresolved,
    },
    reprints: reprintJobs.size,
    pdfExports: count((r) => r.action === 'print.pdf'),
    failedPrints: { attempts: failedAttempts, byReason },
    signIns: {
      ok: signedIn.length,
      failed: count((r) => r.action === 'operator.sign-in-failed'),
      operators: [...new Set(signedIn.map((r) => r.operator ?? ''))].filter(Boolean),
    },
  };
}
