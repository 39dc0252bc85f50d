import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../../services/audit/audit-log';
import { subjectExport } from './audit-subject';
import { DB_FILE } from '../../services/desk';
import { nodePlatform } from '../../services/platform/node';
import { openDatabase } from '../../store/database';
import { CliFailure, type Command } from '../command';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'registro delle operazioni: verifica della catena (verify) o esportazione (export)',
  usage:
    'sportello audit verify|export [--since ISO] [--json] | export --subject CF [--from DATA --to DATA] --json|--csv',
  options: {
    since: { type: 'string' },
    subject: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    csv: { type: 'boolean', default: false },
  },
  async run({ values, positionals }, io) {
    const [action] = positionals;
    if (action !== 'verify' && action !== 'export')
      throw new CliFailure('USAGE', 'serve "verify" o "export"', 2);
    const since = typeof values['since'] === 'string' ? values['since'] : undefined;
    if (since !== undefined && Number.isNaN(Date.parse(since))) {
      throw new CliFailure('INVALID_INPUT', `data non valida per --since: ${since}`, 2);
    }
    const file = join(nodePlatform(io.env).paths.dataDir, DB_FILE);
    if (!existsSync(file)) throw new CliFailure('NOT_FOUND', `archivio non ancora creato: ${file}`, 1);
    const db = openDatabase(file);
    try {
      const audit = new AuditLog(db, () => new Date());
      if (action === 'export' && values['subject'] !== undefined) return subjectExport(db, values);
      if (action === 'export') {
        const rows = audit.list(since).map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }));
        return { exitCode: 0, json: rows, human: rows.map((r) => JSON.stringify(r)) };
      }
      const r = audit.verify();
      return {
        exitCode: r.brokenAt === null ? 0 : 1,
        json: { ok: r.brokenAt === null, ...r },
        human: [
          r.brokenAt === null
            ? `registro integro: ${r.rows} operazioni, catena di hash verificata`
            : `registro ALTERATO: la catena si interrompe alla riga ${r.brokenAt} (righe lette: ${r.rows})`,
        ],
      };
    } finally {
      db.close();
    }
  },
};
