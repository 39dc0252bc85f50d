import { createHash } from 'node:crypto';
import type { Db } from '../../store/database';

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

const GENESIS = '0'.repeat(64);

function rowHash(prev: string, at: string, e: AuditEntry, details: string): string {
  return createHash('sha256')
    .update([prev, at, e.actor, e.action, e.subject ?? '', details].join('\u001f'))
    .digest('hex');
}

/** Who did what, for whom. Append-only; each row chains the previous row's hash. Never holds a PIN. */
export class AuditLog {
  private readonly lastStmt;
  private readonly insertStmt;
  private context: AuditContext = () => ({});

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
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
    const stamped = { ...this.context(), ...given };
    // The actor is the signed-in operator whenever there is one: "desk" only for what no clerk did.
    const entry = { ...stamped, actor: stamped.operator ?? given.actor };
    const at = this.now().toISOString();
    const details = JSON.stringify(entry.details ?? {});
    this.db
      .transaction(() => {
        const prev = this.lastStmt.get()?.hash ?? GENESIS;
        const hash = rowHash(prev, at, entry, details);
        this.insertStmt.run(
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
      })
      .immediate();
  }

  /** Rows in order, optionally from a given instant on: what `sportello audit export` writes. */
  list(since?: string): AuditRow[] {
    return since
      ? this.db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE at >= ? ORDER BY id').all(since)
      : this.db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id').all();
  }

  /** Walks the chain; returns the first broken row id, or null when every row is intact. */
  verify(): { rows: number; brokenAt: number | null } {
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
      if (r.prev_hash !== prev || r.hash !== expected) return { rows, brokenAt: r.id };
      prev = r.hash;
    }
    return { rows, brokenAt: null };
  }
}
