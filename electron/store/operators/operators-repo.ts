import type { Role } from '../../../core/contract/domains/operators';
import type { Db } from '../database';

export interface OperatorRecord {
  readonly fiscalCode: string;
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string | null;
  readonly passwordSalt: string | null;
  readonly disabled: boolean;
  readonly failedAttempts: number;
  readonly lockedUntil: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

interface Row {
  fiscal_code: string;
  name: string;
  role: Role;
  password_hash: string | null;
  password_salt: string | null;
  disabled: number;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

const toRecord = (r: Row): OperatorRecord => ({
  fiscalCode: r.fiscal_code,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  passwordSalt: r.password_salt,
  disabled: r.disabled === 1,
  failedAttempts: r.failed_attempts,
  lockedUntil: r.locked_until,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The desk's operators, configured by the administrator (CLI). */
export class OperatorsRepo {
  constructor(private readonly db: Db) {}

  list(): OperatorRecord[] {
    return this.db.prepare<[], Row>('SELECT * FROM operators ORDER BY name, fiscal_code').all().map(toRecord);
  }

  get(fiscalCode: string): OperatorRecord | null {
    const r = this.db.prepare<[string], Row>('SELECT * FROM operators WHERE fiscal_code = ?').get(fiscalCode);
    return r ? toRecord(r) : null;
  }

  /** Operators who can sign in: while there are none the desk runs with its labelled implicit operator. */
  activeCount(): number {
    return this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM operators WHERE disabled = 0').get()!
      .n;
  }

  add(
    op: { fiscalCode: string; name: string; role: Role; hash: string | null; salt: string | null },
    at: string,
  ) {
    this.db
      .prepare(
        `INSERT INTO operators (fiscal_code, name, role, password_hash, password_salt, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(op.fiscalCode, op.name, op.role, op.hash, op.salt, at, at);
  }

  setPassword(fiscalCode: string, hash: string, salt: string, at: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE operators SET password_hash = ?, password_salt = ?, failed_attempts = 0, locked_until = NULL,
           updated_at = ? WHERE fiscal_code = ?`,
        )
        .run(hash, salt, at, fiscalCode).changes === 1
    );
  }

  /** Name and role as the administrator's file says (file-operators.ts). */
  setProfile(fiscalCode: string, name: string, role: Role, at: string): boolean {
    return (
      this.db
        .prepare('UPDATE operators SET name = ?, role = ?, updated_at = ? WHERE fiscal_code = ?')
        .run(name, role, at, fiscalCode).changes === 1
    );
  }

  setDisabled(fiscalCode: string, disabled: boolean, at: string): boolean {
    return (
      this.db
        .prepare('UPDATE operators SET disabled = ?, updated_at = ? WHERE fiscal_code = ?')
        .run(disabled ? 1 : 0, at, fiscalCode).changes === 1
    );
  }

  /** Counts a failed sign-in; from `limit` failures on, the operator is locked out until `lockUntil`. */
  recordFailure(fiscalCode: string, limit: number, lockUntil: string, at: string): OperatorRecord | null {
    this.db
      .prepare(
        `UPDATE operators SET failed_attempts = failed_attempts + 1,
           locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END, updated_at = ?
         WHERE fiscal_code = ?`,
      )
      .run(limit, lockUntil, at, fiscalCode);
    return this.get(fiscalCode);
  }

  clearFailures(fiscalCode: string, at: string): void {
    this.db
      .prepare(
        'UPDATE operators SET failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE fiscal_code = ?',
      )
      .run(at, fiscalCode);
  }
}
