import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePersonalFiscalCode } from '../../../core/fiscal-code/personal';
import { DB_FILE } from '../../services/desk';
import { nodePlatform } from '../../services/platform/node';
import { dayReport } from '../../services/reports/day-report';
import { dayReportPdf } from '../../services/reports/day-report-pdf';
import { dayReportLines } from '../../services/reports/day-report-text';
import { openDatabase } from '../../store/database';
import { openAuditLog } from '../../services/audit/open-audit';
import { loadConfig } from '../../services/config/load';
import type { PrinterConfig, PrintersConfig } from '../../services/config/sections/printers';
import { printDaySlip } from '../../services/reports/print-day-slip';
import { CliFailure, type Command } from '../command';

const USAGE = 'sportello report day [--date AAAA-MM-GG] [--operator CF] [--json | --pdf FILE] [--printer ID]';

function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function validDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]);
}

export const reportCommand: Command = {
  name: 'report',
  summary:
    'chiusura di sportello: cittadini serviti, identificazioni, avvisi e importi, ristampe, errori, accessi',
  usage: USAGE,
  options: {
    date: { type: 'string' },
    operator: { type: 'string' },
    pdf: { type: 'string' },
    printer: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals[0] !== 'day') throw new CliFailure('USAGE', `serve "day"; uso: ${USAGE}`, 2);
    const date = typeof values['date'] === 'string' ? values['date'] : localToday();
    if (!validDay(date)) throw new CliFailure('INVALID_INPUT', `data non valida per --date: ${date}`, 2);
    let operator: string | null = null;
    if (typeof values['operator'] === 'string') {
      const cf = parsePersonalFiscalCode(values['operator']);
      if (!cf.ok) throw new CliFailure('INVALID_INPUT', `codice fiscale non valido per --operator`, 2);
      operator = cf.value.canonical;
    }
    const platform = nodePlatform(io.env);
    const file = join(platform.paths.dataDir, DB_FILE);
    // The slip's printer, from the desk's configuration: checked before anything is read or written.
    let printer: PrinterConfig | null = null;
    let printers: PrintersConfig | null = null;
    if (typeof values['printer'] === 'string') {
      printers = loadConfig({
        userFile: platform.paths.userConfigFile,
        adminFile: platform.paths.adminConfigFile,
      }).config.printers;
      const id = values['printer'];
      printer = printers.list.find((p) => p.id === id) ?? null;
      if (!printer)
        throw new CliFailure(
          'NOT_FOUND',
          `stampante non configurata: ${id} (configurate: ${printers.list.map((p) => p.id).join(', ') || 'nessuna'})`,
          1,
        );
    }
    if (!existsSync(file)) throw new CliFailure('NOT_FOUND', `archivio non ancora creato: ${file}`, 1);
    const db = openDatabase(file);
    try {
      const r = dayReport(db, date, operator);
      const desk = db
        .prepare<[], { desk_id: string | null }>(
          'SELECT desk_id FROM audit_log WHERE desk_id IS NOT NULL ORDER BY id DESC LIMIT 1',
        )
        .get();
      const deskId = desk?.desk_id ?? null;
      const lines = dayReportLines(r, deskId);
      if (typeof values['pdf'] === 'string') {
        writeFileSync(values['pdf'], await dayReportPdf(r, deskId));
        lines.push('', `PDF scritto: ${values['pdf']}`);
      }
      if (printer && printers) {
        const sent = await printDaySlip(r, {
          deskId,
          printer,
          printers,
          audit: openAuditLog(db, platform.secrets, platform.paths.dataDir, () => new Date()),
          actor: 'cli',
          now: () => new Date(),
        });
        lines.push('', `Chiusura stampata su ${printer.name} (${sent.bytes} byte)`);
      }
      return { exitCode: 0, json: { ...r, deskId }, human: lines };
    } finally {
      db.close();
    }
  },
};
