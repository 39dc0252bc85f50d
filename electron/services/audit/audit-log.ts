import { createHash } from 'node:crypto';
import { AppError } from '../../../core/contract/errors';
import type { Db } from '../../store/database';
import { storeFault } from '../../store/store-faults';
import { isPseudonym, type AuditChain, type ChainProblem, type ChainReport } from './audit-chain';

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly subject: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
  /** Who acted, where, for which citizen session (issue 17); filled from the desk's context when absent. */
  readonly operator?: string | null;
  readonly deskId?: string | null;
  readonly citizenSession?: string | null;
}

export type AuditContext = () => Pick<AuditEntry, 'operator' | 'deskId' | 'citizenSession'>;

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: string;
  prev_hash: string;
  hash: string;
  operator: string | null;
  desk_id: string | null;
  citizen_session: string | null;
}

export interface AuditVerdict {
  readonly rows: number;
  /** The first row found wrong, or null when the log verifies. */
  readonly brokenAt: number | null;
  /** Why, when it does not: a chain problem, or `SHA_CHAIN` for the plain chain of the oldest rows. */
  readonly reason: ChainProblem | 'SHA_CHAIN' | 'NOT_KEYED' | null;
  /** Rows under the keyed chain. */
  readonly keyedRows: number;
}

const GENESIS = '0'.repeat(64);

function rowHash(prev: string, at: string, e: AuditEntry, details: string): string {
  return createHash('sha256')
    .update([prev, at, e.actor, e.action, e.subject ?? '', details].join('\u001f'))
    .digest('hex');
}

/**
 * Who did what, for whom. Append-only; each row chains the previous row's hash, and the keyed chain
 * (audit-chain.ts) seals each row with the installation's key and anchors the head outside the database.
 * Never holds a PIN. A row that cannot be written throws a typed error, and the act it records must not happen:
 * callers record first, then act.
 */
export class AuditLog {
  private readonly lastStmt;
  private readonly insertStmt;
  private context: AuditContext = () => ({});

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    /** null: the key is missing (see `unavailable`); every record is then refused. */
    private readonly chain: AuditChain | null = null,
    private readonly unavailable: ChainProblem | null = null,
  ) {
    this.lastStmt = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
    this.insertStmt = db.prepare(
      'INSERT INTO audit_log (at, actor, action, subject, details, prev_hash, hash, operator, desk_id, citizen_session) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** The desk's operator, desk id and citizen session, stamped on every row that does not name its own. */
  setContext(context: AuditContext): void {
    this.context = context;
  }

  record(given: AuditEntry): void {
    if (this.unavailable) throw new AppError('AUDIT_UNAVAILABLE', { reason: this.unavailable });
    const stamped = { ...this.context(), ...given };
    // The actor is the signed-in operator whenever there is one: "desk" only for what no clerk did.
    const entry = { ...stamped, actor: stamped.operator ?? given.actor };
    const at = this.now().toISOString();
    const details = JSON.stringify(entry.details ?? {});
    let head;
    try {
      head = this.db
        .transaction(() => {
          const prev = this.lastStmt.get()?.hash ?? GENESIS;
          const hash = rowHash(prev, at, entry, details);
          const info = this.insertStmt.run(
            at,
            entry.actor,
            entry.action,
            entry.subject,
            details,
            prev,
            hash,
            entry.operator ?? null,
            entry.deskId ?? null,
            entry.citizenSession ?? null,
          );
          return this.chain?.seal(Number(info.lastInsertRowid)) ?? null;
        })
        .immediate();
    } catch (err) {
      throw (
        storeFault(err, 'database') ??
        new AppError('AUDIT_UNAVAILABLE', { reason: 'WRITE_FAILED' }, { cause: err })
      );
    }
    if (head) {
      try {
        this.chain?.anchorHead(head);
      } catch (err) {
        // The row is in; only its anchor line is missing, which the next check accepts and writes again.
        throw (
          storeFault(err, 'audit-anchor') ??
          new AppError('AUDIT_UNAVAILABLE', { reason: 'ANCHOR_FAILED' }, { cause: err })
        );
      }
    }
  }

  /** Retention: subjects of rows older than `cutoff` become keyed pseudonyms (see AuditChain). */
  pseudonymiseBefore(cutoff: string): number {
    return this.chain?.pseudonymiseBefore(cutoff) ?? 0;
  }

  /** Rows in order, optionally from a given instant on: what `sportello audit export` writes. */
  list(since?: string): AuditRow[] {
    return since
      ? this.db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE at >= ? ORDER BY id').all(since)
      : this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id').all();
  }

  /** Every row: the plain chain of all rows, then the keyed chain from its first row, against the anchor. */
  verify(): AuditVerdict {
    let prev = GENESIS;
    let rows = 0;
    const all = this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id').iterate();
    for (const r of all) {
      rows++;
      const expected = rowHash(
        prev,
        r.at,
        { actor: r.actor, action: r.action, subject: r.subject },
        r.details,
      );
      // A row whose subject retention replaced by its pseudonym keeps its old hash: only the link is checked
      // here; the keyed chain, which covers the pseudonym, checks the rest.
      const pseudonymised = r.subject !== null && isPseudonym(r.subject) && this.chain !== null;
      if (r.prev_hash !== prev || (!pseudonymised && r.hash !== expected))
        return { rows, brokenAt: r.id, reason: 'SHA_CHAIN', keyedRows: 0 };
      prev = r.hash;
    }
    return this.verdict(rows, this.chainReport(true));
  }

  /** The desk's check at start: bounded work whatever the log's length (see AuditChain.verify). */
  verifyAtStart(): AuditVerdict {
    return this.verdict(0, this.chainReport(false));
  }

  private chainReport(full: boolean): ChainReport {
    // Seen read-only before the desk ever ran with a key: only the plain chain exists to check.
    if (!this.chain && this.unavailable === 'NOT_KEYED') return { checked: 0, keyedRows: 0, problem: null };
    if (!this.chain)
      return { checked: 0, keyedRows: 0, problem: { reason: this.unavailable ?? 'KEY_MISSING', id: null } };
    return this.chain.verify(full);
  }

  private verdict(rows: number, r: ChainReport): AuditVerdict {
    return {
      rows: Math.max(rows, r.checked),
      brokenAt: r.problem ? (r.problem.id ?? 0) : null,
      reason: r.problem?.reason ?? null,
      keyedRows: r.keyedRows,
    };
  }
}
