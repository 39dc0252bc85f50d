import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../store/database';
import type { SecretStore } from '../platform/types';
import { AuditAnchor, type AnchorHead } from './audit-anchor';

/** Columns that are the chain itself, or the row's place: everything else in `audit_log` is under the MAC. */
const CHAIN_COLUMNS = new Set(['id', 'prev_hash', 'hash']);
export const AUDIT_KEY_SECRET = 'audit.hmacKey';
export const ANCHOR_FILE = 'audit-anchor.log';
/** Anchored rows the start-up check walks again before the head, on top of every row after it. */
const START_WINDOW = 256;

export type ChainProblem =
  /** A row's content, or its MAC, is not what the key says: an edit, or a chain recomputed without the key. */
  | 'MAC_MISMATCH'
  /** The anchor names more rows than the database holds: the log was truncated or wiped. */
  | 'TRUNCATED'
  /** A chained row was deleted from `audit_log` (its MAC is still there). */
  | 'ROW_MISSING'
  /** A row after the chain began has no MAC: written around the desk. */
  | 'UNSEALED_ROW'
  /** The anchor's head and the database's row at that place differ. */
  | 'ANCHOR_MISMATCH'
  /** Keyed rows exist but the anchor file is gone, or no line of it verifies. */
  | 'ANCHOR_MISSING'
  | 'ANCHOR_UNREADABLE'
  /** The database has keyed rows, or an anchor exists, but the key is gone from the secret store. */
  | 'KEY_MISSING'
  /** A fresh installation seen by the doctor: no key created yet, nothing keyed (not a fault). */
  | 'NOT_KEYED';

export interface ChainReport {
  /** Rows looked at (all of them for a full check; the window and the tail at start). */
  readonly checked: number;
  readonly keyedRows: number;
  readonly problem: { readonly reason: ChainProblem; readonly id: number | null } | null;
}

/** One row as text: every column but the chain's, by name; NULL columns are left out, so that a nullable
 * column added later by a migration (NULL in old rows) leaves old rows' MACs as they were. */
export function canonicalRow(row: Record<string, unknown>): string {
  const parts: [string, unknown][] = [];
  for (const name of Object.keys(row).sort()) {
    if (CHAIN_COLUMNS.has(name)) continue;
    const v = row[name];
    if (v === null || v === undefined) continue;
    parts.push([
      name,
      Buffer.isBuffer(v) ? { blob: v.toString('base64') } : typeof v === 'bigint' ? { int: v.toString() } : v,
    ]);
  }
  return JSON.stringify(parts);
}

export const isPseudonym = (s: string): boolean => /^ps:[0-9a-f]{32}$/.test(s);

function same(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The per-installation audit key, from the secret store (the OS keychain in the app, the 0600 file in the host
 * and CLI). Created on first use only when nothing keyed exists yet: a lost key is reported, never replaced.
 */
export function auditKey(secrets: SecretStore, mayCreate: boolean): Buffer | null {
  const stored = secrets.get(AUDIT_KEY_SECRET);
  if (stored && /^[0-9a-f]{64}$/.test(stored)) return Buffer.from(stored, 'hex');
  if (!mayCreate) return null;
  const key = randomBytes(32);
  secrets.set(AUDIT_KEY_SECRET, key.toString('hex'));
  return key;
}

/**
 * The keyed chain over `audit_log`: mac(n) = HMAC(key, mac(n-1) ‖ canonical row n), in `audit_chain`, and the
 * head appended to the anchor file after each row. The first keyed row's predecessor binds the plain SHA-256
 * chain of older rows (its `prev_hash`), so those cannot be rewritten either without breaking this one.
 */
export class AuditChain {
  private readonly rowStmt;
  private readonly headStmt;
  private readonly insertStmt;
  private readonly anchor: AuditAnchor;

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    anchorFile: string,
    /** The doctor's view: checks only, never writes the anchor. */
    private readonly readOnly = false,
  ) {
    this.anchor = new AuditAnchor(anchorFile, key);
    this.rowStmt = db.prepare<[number], Record<string, unknown>>('SELECT * FROM audit_log WHERE id = ?');
    this.headStmt = db.prepare<[], { id: number; seq: number; mac: string }>(
      'SELECT id, seq, mac FROM audit_chain ORDER BY seq DESC LIMIT 1',
    );
    this.insertStmt = db.prepare('INSERT INTO audit_chain (id, seq, mac) VALUES (?, ?, ?)');
  }

  private mac(prev: string, row: Record<string, unknown>): string {
    const subject = row['subject'];
    // The MAC covers the subject's keyed pseudonym, not the subject: retention can then replace an old row's
    // fiscal code by that pseudonym and the chain still verifies, while any other change of it does not.
    const sealed = typeof subject === 'string' ? { ...row, subject: this.pseudonym(subject) } : row;
    return createHmac('sha256', this.key)
      .update(prev)
      .update('\n')
      .update(canonicalRow(sealed))
      .digest('hex');
  }

  /** `ps:` and 32 hex digits of HMAC(key, subject): the same citizen gives the same pseudonym, and only here. */
  pseudonym(subject: string): string {
    if (isPseudonym(subject)) return subject;
    return `ps:${createHmac('sha256', this.key).update(`subject|${subject}`).digest('hex').slice(0, 32)}`;
  }

  /**
   * Retention: the subject of every row written before `cutoff` becomes its pseudonym. The act, its time and
   * the chain remain; who it was for does not. The update trigger is lifted for this statement only.
   */
  pseudonymiseBefore(cutoff: string): number {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare<[string], { id: number; subject: string }>(
          "SELECT id, subject FROM audit_log WHERE at < ? AND subject IS NOT NULL AND subject NOT LIKE 'ps:%'",
        )
        .all(cutoff);
      if (rows.length === 0) return 0;
      const trigger = this.db
        .prepare<[], { sql: string }>(
          "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_update'",
        )
        .get();
      this.db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
      const update = this.db.prepare('UPDATE audit_log SET subject = ? WHERE id = ?');
      for (const r of rows) update.run(this.pseudonym(r.subject), r.id);
      if (trigger) this.db.exec(trigger.sql);
      return rows.length;
    })();
  }

  private genesis(row: Record<string, unknown>): string {
    return createHmac('sha256', this.key)
      .update(`genesis|${String(row['prev_hash'] ?? '')}`)
      .digest('hex');
  }

  /** Inside the caller's transaction, right after the row's insert: reads the row back whole and seals it. */
  seal(id: number): AnchorHead {
    const row = this.rowStmt.get(id);
    if (!row) throw new Error(`audit row ${id} vanished inside its own transaction`);
    const head = this.headStmt.get();
    const seq = (head?.seq ?? 0) + 1;
    const mac = this.mac(head?.mac ?? this.genesis(row), row);
    this.insertStmt.run(id, seq, mac);
    return { seq, id, mac };
  }

  /** After the commit. Failing here leaves the database one row ahead of the anchor, which a check accepts. */
  anchorHead(head: AnchorHead): void {
    this.anchor.append(head);
  }

  /**
   * `full`: every row from the first. Otherwise (the desk at start): the anchor against the database, the
   * last START_WINDOW anchored rows and every row after the anchor; an edit deep in the past waits for a full
   * check (`sportello audit verify`, doctor).
   */
  verify(full: boolean): ChainReport {
    const dbHead = this.headStmt.get();
    const keyedRows = dbHead?.seq ?? 0;
    const a = this.anchor.read();
    const report = (reason: ChainProblem | null, id: number | null, checked = 0): ChainReport => ({
      checked,
      keyedRows,
      problem: reason ? { reason, id } : null,
    });
    if (a.state === 'unreadable') return report('ANCHOR_UNREADABLE', null);
    if (a.state === 'absent' && keyedRows > 0) return report('ANCHOR_MISSING', null);
    const anchored = a.state === 'ok' ? a.head : null;
    if (anchored) {
      if (anchored.seq > keyedRows) return report('TRUNCATED', anchored.id);
      const at = this.db
        .prepare<[number], { id: number; mac: string }>('SELECT id, mac FROM audit_chain WHERE seq = ?')
        .get(anchored.seq);
      if (!at || at.id !== anchored.id || !same(at.mac, anchored.mac))
        return report('ANCHOR_MISMATCH', anchored.id);
    }
    const fromSeq = full ? 1 : Math.max(1, (anchored?.seq ?? 0) - START_WINDOW);
    const r = this.walk(fromSeq, keyedRows);
    if (r.problem) return r;
    // Rows written after the last keyed one, or between keyed ones, without a MAC.
    const firstKeyed = this.db.prepare<[], { id: number }>('SELECT id FROM audit_chain WHERE seq = 1').get();
    if (firstKeyed) {
      const from = full ? firstKeyed.id : (dbHead?.id ?? firstKeyed.id);
      const unsealed = this.db
        .prepare<[number], { id: number }>(
          'SELECT l.id FROM audit_log l LEFT JOIN audit_chain c ON c.id = l.id WHERE l.id >= ? AND c.id IS NULL ORDER BY l.id LIMIT 1',
        )
        .get(from);
      if (unsealed) return report('UNSEALED_ROW', unsealed.id, r.checked);
    }
    // A crash between a commit and its anchor line leaves the database ahead: anchor it now that it verified.
    if (!this.readOnly && dbHead && (!anchored || anchored.seq < dbHead.seq)) this.anchorHead(dbHead);
    return r;
  }

  private walk(fromSeq: number, toSeq: number): ChainReport {
    let checked = 0;
    const result = (reason: ChainProblem | null, id: number | null): ChainReport => ({
      checked,
      keyedRows: toSeq,
      problem: reason ? { reason, id } : null,
    });
    if (toSeq < fromSeq) return result(null, null);
    const before =
      fromSeq > 1
        ? this.db
            .prepare<[number], { mac: string }>('SELECT mac FROM audit_chain WHERE seq = ?')
            .get(fromSeq - 1)
        : undefined;
    let prev: string | null = before?.mac ?? null;
    const entries = this.db
      .prepare<[number], { id: number; seq: number; mac: string }>(
        'SELECT id, seq, mac FROM audit_chain WHERE seq >= ? ORDER BY seq',
      )
      .iterate(fromSeq);
    let expectSeq = fromSeq;
    for (const e of entries) {
      checked++;
      if (e.seq !== expectSeq) return result('ROW_MISSING', e.id);
      const row = this.rowStmt.get(e.id);
      if (!row) return result('ROW_MISSING', e.id);
      const expected = this.mac(prev ?? this.genesis(row), row);
      if (!same(expected, e.mac)) return result('MAC_MISMATCH', e.id);
      prev = e.mac;
      expectSeq++;
    }
    return result(null, null);
  }
}
