import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SystemStatus } from '../../../core/contract/domains/system';
import type { Db } from '../../store/database';
import type { SecretStore } from '../platform/types';
import { ANCHOR_FILE, AuditChain, auditKey } from './audit-chain';
import { AuditLog } from './audit-log';

/**
 * The audit log with its keyed chain: the key from the secret store (created on a fresh installation only),
 * the anchor file in the data folder. A key that should exist and does not leaves a log that refuses every
 * record (`AUDIT_UNAVAILABLE` / `KEY_MISSING`): nothing audited happens unaudited.
 */
export function openAuditLog(
  db: Db,
  secrets: SecretStore,
  dataDir: string,
  now: () => Date,
  /** The doctor: creates no key and writes no anchor. */
  readOnly = false,
): AuditLog {
  const anchorFile = join(dataDir, ANCHOR_FILE);
  const keyed = db.prepare('SELECT 1 FROM audit_chain LIMIT 1').get() !== undefined;
  const fresh = !keyed && !existsSync(anchorFile);
  let key: Buffer | null;
  try {
    key = auditKey(secrets, fresh && !readOnly);
  } catch {
    return new AuditLog(db, now, null, 'KEY_MISSING');
  }
  if (!key) return new AuditLog(db, now, null, fresh ? 'NOT_KEYED' : 'KEY_MISSING');
  return new AuditLog(db, now, new AuditChain(db, key, anchorFile, readOnly));
}

/** The status bar's part: the start-up check's verdict. */
export function auditStatus(audit: AuditLog): SystemStatus['audit'] {
  let v;
  try {
    v = audit.verifyAtStart();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { state: 'unavailable', problem: typeof code === 'string' ? code : 'CHECK_FAILED' };
  }
  if (v.reason === null) return { state: 'ok', problem: null };
  return { state: v.reason === 'KEY_MISSING' ? 'unavailable' : 'broken', problem: v.reason };
}
