import type { DayReport } from '../../../core/contract/domains/reports';
import {
  encodeBlocks,
  layoutSlip,
  openTransport,
  profileOf,
  type PrinterProfile,
} from '../../../native/printer';
import type { AuditLog } from '../audit/audit-log';
import type { PrinterConfig, PrintersConfig } from '../config/sections/printers';
import { dayReportSlip } from './day-report-slip';

/**
 * The day's "chiusura di sportello" on a configured thermal printer, laid out for its profile (58 or 80 mm,
 * its printable dots). Audit first, then act: a slip whose printing cannot be recorded is not sent.
 */
export async function printDaySlip(
  r: DayReport,
  o: {
    deskId: string | null;
    printer: PrinterConfig;
    printers: PrintersConfig;
    audit: AuditLog;
    actor: string;
    now: () => Date;
  },
): Promise<{ printerId: string; bytes: number }> {
  const p = o.printer;
  const profile: PrinterProfile = profileOf(p);
  const at = o.now();
  const printedAt = `${at.toLocaleDateString('it-IT')} ${at.toLocaleTimeString('it-IT', { hour: '2-digit', minute: '2-digit' })}`;
  const data = encodeBlocks(layoutSlip(dayReportSlip(r, o.deskId, printedAt), profile), profile);
  o.audit.record({
    actor: o.actor,
    action: 'report.day-slip',
    subject: null,
    details: { date: r.date, operator: r.operator, printerId: p.id },
  });
  const sent = await openTransport(p.interface, {
    timeoutMs: p.timeoutMs,
    family: p.family,
    baud: p.baud,
    spoolerDriver: o.printers.spoolerDriver,
  }).send(data);
  return { printerId: p.id, bytes: sent.bytes };
}
