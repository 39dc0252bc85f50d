import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openAuditLog } from '../../services/audit/open-audit';
import { subjectExport } from './audit-subject';
import { DB_FILE } from '../../services/desk';
import { nodePlatform } from '../../services/platform/node';
import { openDatabase } from '../../store/database';
import { CliFailure, type Command } from '../command';

/** One Italian sentence per way the log can be found broken (docs/architecture.md, "Audit log"). */
export const AUDIT_PROBLEMS: Readonly<Record<string, string>> = {
  SHA_CHAIN: 'la catena di hash si interrompe',
  MAC_MISMATCH: 'una riga o il suo sigillo non corrispondono alla chiave dell’installazione',
  TRUNCATED: 'mancano le ultime righe (il registro è stato troncato o svuotato)',
  ROW_MISSING: 'una riga sigillata è stata cancellata',
  UNSEALED_ROW: 'una riga è stata aggiunta senza sigillo',
  ANCHOR_MISMATCH: 'il registro non corrisponde all’ancora esterna (audit-anchor.log)',
  ANCHOR_MISSING: 'manca il file di ancoraggio audit-anchor.log',
  ANCHOR_UNREADABLE: 'il file di ancoraggio audit-anchor.log non è leggibile o non è autentico',
  KEY_MISSING: 'manca la chiave del registro nell’archivio dei segreti',
};

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
    const platform = nodePlatform(io.env);
    const file = join(platform.paths.dataDir, DB_FILE);
    if (!existsSync(file)) throw new CliFailure('NOT_FOUND', `archivio non ancora creato: ${file}`, 1);
    const db = openDatabase(file);
    try {
      if (action === 'export' && values['subject'] !== undefined) return subjectExport(db, values);
      // Read-only: checking or exporting the log creates no key and writes no anchor line.
      const audit = openAuditLog(db, platform.secrets, platform.paths.dataDir, () => new Date(), true);
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
            ? `registro integro: ${r.rows} operazioni, catena con chiave verificata (${r.keyedRows} sigillate) e ancora coerente`
            : `registro ALTERATO: ${AUDIT_PROBLEMS[r.reason ?? 'SHA_CHAIN']}${r.brokenAt ? ` (riga ${r.brokenAt})` : ''}; righe lette: ${r.rows}`,
        ],
      };
    } finally {
      db.close();
    }
  },
};
