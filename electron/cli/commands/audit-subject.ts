import { normalizeFiscalCodeInput } from '../../../core/fiscal-code/personal';
import { accessReport, accessReportCsv } from '../../services/audit/access-report';
import type { Db } from '../../store/database';
import { CliFailure, type CommandResult } from '../command';

/** A YYYY-MM-DD day (local time, the office's) or a full ISO instant, as the ISO instant it starts at. */
function instant(raw: unknown, flag: string, endOfDay: boolean): string | undefined {
  if (raw === undefined) return undefined;
  const s = String(raw);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (day) {
    const d = new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + (endOfDay ? 1 : 0));
    if (d.getMonth() === Number(day[2]) - 1 || endOfDay) return d.toISOString();
  } else if (!Number.isNaN(Date.parse(s)) && /T/.test(s)) return new Date(s).toISOString();
  throw new CliFailure('INVALID_INPUT', `data non valida per --${flag}: ${s} (AAAA-MM-GG)`, 2);
}

/**
 * `audit export --subject CF`: the access report for a data-subject request. `--to` is inclusive (the whole day
 * when a day is given). CSV for the privacy office's spreadsheet, JSON for scripts.
 */
export function subjectExport(db: Db, values: Record<string, unknown>): CommandResult {
  const subject = normalizeFiscalCodeInput(String(values['subject']));
  if (!/^[A-Z0-9]{11,16}$/.test(subject))
    throw new CliFailure(
      'INVALID_INPUT',
      `codice fiscale non valido per --subject: ${String(values['subject'])}`,
      2,
    );
  if (!values['json'] && !values['csv']) throw new CliFailure('USAGE', 'scegli --json o --csv', 2);
  const rows = accessReport(
    db,
    subject,
    instant(values['from'], 'from', false),
    instant(values['to'], 'to', true),
  );
  return {
    exitCode: 0,
    json: { subject, rows },
    human: values['csv'] ? [accessReportCsv(rows).replace(/\r\n$/, '')] : [],
  };
}
