import { join } from 'node:path';
import type { PrintJob } from '../../../core/contract/domains/notices';
import { AuditLog } from '../../../electron/services/audit/audit-log';
import { printersSection, type PrintersConfig } from '../../../electron/services/config/sections/printers';
import { DeskEvents } from '../../../electron/services/events';
import { silentLogger } from '../../../electron/services/log';
import { listOptionSource } from '../../../electron/services/printing/option-source';
import { PrintingService } from '../../../electron/services/printing/printing-service';
import { StatusBoard } from '../../../electron/services/status-board';
import { openDatabase, type Db } from '../../../electron/store/database';
import { tempDir } from '../temp';
import { positionFixture } from './positions';

/** A printing service over a real SQLite file in a temp folder, printing the fixture position. */
export function printingHarness(printers: unknown, language: () => 'it' | 'en' = () => 'it') {
  const dir = tempDir('sportello-print-');
  const db: Db = openDatabase(join(dir.path, 'desk.sqlite'));
  const events = new DeskEvents();
  const jobs: PrintJob[] = [];
  events.on('print.job', (j) => jobs.push(j));
  const status = new StatusBoard(
    {
      version: 't',
      mode: 'live',
      database: { path: '', schemaVersion: 3 },
      secrets: { kind: 'test', weak: null },
    },
    {
      reader: { state: 'disabled', detail: null },
      revocation: { state: 'off', nextUpdate: null, problem: null },
      printer: { state: 'unknown', name: null },
      backend: { connector: 'demo', state: 'demo', dataAsOf: null },
      audit: { state: 'unchecked', problem: null },
    },
    events,
  );
  const audit = new AuditLog(db, () => new Date());
  const config: PrintersConfig = printersSection.parse(printers);
  const service = new PrintingService({
    db,
    events,
    status,
    audit,
    printers: () => config,
    options: listOptionSource([positionFixture()]),
    now: () => new Date(),
    log: silentLogger,
    dataDir: dir.path,
    demo: false,
    language,
  });
  return {
    service,
    db,
    audit,
    status,
    events: jobs,
    dataDir: dir.path,
    close: () => {
      db.close();
      dir.remove();
    },
  };
}
