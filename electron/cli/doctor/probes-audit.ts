import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openAuditLog } from '../../services/audit/open-audit';
import { DB_FILE } from '../../services/desk';
import { AUDIT_PROBLEMS } from '../commands/audit';
import type { DoctorProbe } from './check';

/**
 * The whole audit log, every row (the desk at start checks only a bounded window): a broken chain is a
 * failure, never "integrità ok". Read-only: no key is created and no anchor line written.
 */
export const auditProbe: DoctorProbe = async ({ platform }) => {
  const path = join(platform.paths.dataDir, DB_FILE);
  const base = { id: 'audit', label: 'Registro delle operazioni' };
  if (!existsSync(path))
    return { ...base, status: 'info', detail: 'archivio non ancora creato', data: { path } };
  let db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return { ...base, status: 'fail', detail: `${path}: non leggibile`, data: { path } };
  }
  try {
    const hasChain = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_chain'")
      .get();
    if (!hasChain)
      return {
        ...base,
        status: 'warn',
        detail: 'catena con chiave non ancora attiva: avvia lo sportello',
        data: {},
      };
    const v = openAuditLog(db, platform.secrets, platform.paths.dataDir, () => new Date(), true).verify();
    if (v.reason === null)
      return {
        ...base,
        status: 'ok',
        detail: `integro: ${v.rows} operazioni, ${v.keyedRows} sigillate con la chiave dell’installazione`,
        data: v,
      };
    return {
      ...base,
      status: 'fail',
      detail: `ALTERATO: ${AUDIT_PROBLEMS[v.reason] ?? v.reason}${v.brokenAt ? ` (riga ${v.brokenAt})` : ''}`,
      data: v,
    };
  } catch (err) {
    return { ...base, status: 'fail', detail: `verifica non riuscita: ${String(err)}`, data: {} };
  } finally {
    db.close();
  }
};
