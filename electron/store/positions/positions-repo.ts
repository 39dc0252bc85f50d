import type { Statement } from 'better-sqlite3';
import type { ConnectorKind, Creditor, Position } from '../../../core/contract/domains/positions';
import type { OptionDraft, PositionDraft } from '../../../core/positions/payability';
import type { Db } from '../database';

interface Row {
  id: string;
  connector: ConnectorKind;
  backend_id: string;
  debtor_fiscal_code: string;
  debtor_kind: 'F' | 'G';
  debtor_name: string | null;
  ec_fiscal_code: string;
  ec_name: string;
  ipa_code: string | null;
  cbill: string | null;
  sector: string | null;
  info: string | null;
  subject: string;
  status: Position['status'];
  backend_status: string | null;
  fetched_at: string;
  o_id: string;
  nav: string;
  iuv: string;
  amount_cents: number;
  due_date: string | null;
  kind: OptionDraft['kind'];
  plan_size: number;
  idx: number | null;
  o_status: OptionDraft['status'];
  o_backend_status: string | null;
  description: string | null;
}

const SELECT = `
  SELECT p.id, p.connector, p.backend_id, p.debtor_fiscal_code, c.kind AS debtor_kind, c.name AS debtor_name,
         p.ec_fiscal_code, e.name AS ec_name, e.ipa_code, e.cbill, e.sector, e.info,
         p.subject, p.status, p.backend_status, p.fetched_at,
         o.id AS o_id, o.nav, o.iuv, o.amount_cents, o.due_date, o.kind, o.plan_size, o.idx,
         o.status AS o_status, o.backend_status AS o_backend_status, o.description
  FROM positions p
  JOIN citizens c ON c.fiscal_code = p.debtor_fiscal_code
  JOIN creditors e ON e.fiscal_code = p.ec_fiscal_code
  JOIN payment_options o ON o.position_id = p.id`;

function group(rows: readonly Row[]): PositionDraft[] {
  const out: PositionDraft[] = [];
  let current: (PositionDraft & { options: OptionDraft[] }) | null = null;
  for (const r of rows) {
    if (current === null || current.id !== r.id) {
      current = {
        id: r.id,
        connector: r.connector,
        backendId: r.backend_id,
        creditor: {
          fiscalCode: r.ec_fiscal_code,
          name: r.ec_name,
          ipaCode: r.ipa_code,
          cbill: r.cbill,
          sector: r.sector,
          info: r.info,
        },
        debtor: { fiscalCode: r.debtor_fiscal_code, kind: r.debtor_kind, name: r.debtor_name },
        subject: r.subject,
        status: r.status,
        backendStatus: r.backend_status,
        fetchedAt: r.fetched_at,
        options: [],
      };
      out.push(current);
    }
    current.options.push({
      id: r.o_id,
      nav: r.nav,
      iuv: r.iuv,
      amount: r.amount_cents,
      dueDate: r.due_date,
      kind: r.kind,
      planSize: r.plan_size,
      index: r.idx,
      status: r.o_status,
      backendStatus: r.o_backend_status,
      description: r.description,
    });
  }
  return out;
}

export interface SyncStateRow {
  connector: string;
  cursor: string | null;
  pass_started_at: string | null;
  last_completed_at: string | null;
  positions_seen: number;
  requests: number;
  last_error: string | null;
}

/**
 * The positions cache. Every statement is prepared once. Writers do not open transactions themselves: the
 * caller decides the unit (one live answer, one sync page, one whole file) and wraps it.
 */
export class PositionsRepo {
  private readonly s: Record<string, Statement>;
  /** Creditors seen in this connection with the same data: skips a write per row in bulk imports. */
  private readonly knownCreditors = new Map<string, string>();

  constructor(readonly db: Db) {
    this.s = {
      byDebtor: db.prepare(`${SELECT} WHERE p.debtor_fiscal_code = ? ORDER BY p.ec_fiscal_code, p.id, o.seq`),
      byNav: db.prepare(`${SELECT} WHERE p.id IN (SELECT position_id FROM payment_options WHERE nav = ?)
        ORDER BY p.id, o.seq`),
      byNavEc: db.prepare(`${SELECT} WHERE p.id IN
        (SELECT position_id FROM payment_options WHERE nav = ? AND ec_fiscal_code = ?) ORDER BY p.id, o.seq`),
      byOptionIds: db.prepare(`${SELECT} WHERE p.id IN
        (SELECT position_id FROM payment_options WHERE id IN (SELECT value FROM json_each(?))) ORDER BY p.id, o.seq`),
      citizen: db.prepare(`INSERT INTO citizens (fiscal_code, kind, name, seen_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (fiscal_code) DO UPDATE SET name = coalesce(excluded.name, name), seen_at = excluded.seen_at
        WHERE excluded.seen_at > seen_at OR (excluded.name IS NOT NULL AND excluded.name IS NOT name)`),
      creditor: db.prepare(`INSERT INTO creditors (fiscal_code, name, ipa_code, cbill, sector, info)
        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (fiscal_code) DO UPDATE SET name = excluded.name,
        ipa_code = coalesce(excluded.ipa_code, ipa_code), cbill = coalesce(excluded.cbill, cbill),
        sector = coalesce(excluded.sector, sector), info = coalesce(excluded.info, info)
        WHERE excluded.name IS NOT name OR excluded.ipa_code IS NOT ipa_code OR excluded.cbill IS NOT cbill
          OR excluded.sector IS NOT sector OR excluded.info IS NOT info`),
      position:
        db.prepare(`INSERT INTO positions (id, connector, backend_id, debtor_fiscal_code, ec_fiscal_code,
        subject, status, backend_status, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET debtor_fiscal_code = excluded.debtor_fiscal_code,
          ec_fiscal_code = excluded.ec_fiscal_code, subject = excluded.subject, status = excluded.status,
          backend_status = excluded.backend_status, fetched_at = excluded.fetched_at
        WHERE excluded.fetched_at > fetched_at`),
      option:
        db.prepare(`INSERT INTO payment_options (id, position_id, seq, nav, iuv, ec_fiscal_code, amount_cents,
        due_date, kind, plan_size, idx, status, backend_status, description)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET position_id = excluded.position_id, seq = excluded.seq, nav = excluded.nav,
          iuv = excluded.iuv, ec_fiscal_code = excluded.ec_fiscal_code, amount_cents = excluded.amount_cents,
          due_date = excluded.due_date, kind = excluded.kind, plan_size = excluded.plan_size, idx = excluded.idx,
          status = excluded.status, backend_status = excluded.backend_status, description = excluded.description
        WHERE excluded.amount_cents IS NOT amount_cents OR excluded.due_date IS NOT due_date
          OR excluded.status IS NOT status OR excluded.backend_status IS NOT backend_status
          OR excluded.seq IS NOT seq OR excluded.description IS NOT description OR excluded.idx IS NOT idx
          OR excluded.plan_size IS NOT plan_size OR excluded.kind IS NOT kind OR excluded.nav IS NOT nav
          OR excluded.position_id IS NOT position_id`),
      dropOtherOptions: db.prepare(`DELETE FROM payment_options WHERE position_id = ?
        AND id NOT IN (SELECT value FROM json_each(?))`),
      positionExists: db.prepare(`SELECT 1 FROM positions WHERE id = ?`),
      positionIdsOf: db.prepare(`SELECT id FROM positions WHERE connector = ? AND debtor_fiscal_code = ?`),
      deletePosition: db.prepare(`DELETE FROM positions WHERE id = ?`),
      countPositions: db.prepare(`SELECT count(*) AS n FROM positions WHERE connector = ?`),
      lookupGet: db.prepare(`SELECT refreshed_at FROM lookups WHERE connector = ? AND fiscal_code = ?`),
      lookupSet: db.prepare(`INSERT INTO lookups (connector, fiscal_code, refreshed_at) VALUES (?, ?, ?)
        ON CONFLICT (connector, fiscal_code) DO UPDATE SET refreshed_at = excluded.refreshed_at`),
      syncGet: db.prepare(`SELECT * FROM sync_state WHERE connector = ?`),
      syncPut: db.prepare(`INSERT INTO sync_state (connector, cursor, pass_started_at, last_completed_at,
        positions_seen, requests, last_error) VALUES (@connector, @cursor, @pass_started_at, @last_completed_at,
        @positions_seen, @requests, @last_error)
        ON CONFLICT (connector) DO UPDATE SET cursor = excluded.cursor, pass_started_at = excluded.pass_started_at,
          last_completed_at = excluded.last_completed_at, positions_seen = excluded.positions_seen,
          requests = excluded.requests, last_error = excluded.last_error`),
      importHas: db.prepare(`SELECT imported_at FROM import_log WHERE sha256 = ?`),
      importAdd: db.prepare(
        `INSERT INTO import_log (sha256, file_name, rows, imported_at) VALUES (?, ?, ?, ?)`,
      ),
      purgePositions: db.prepare(`DELETE FROM positions WHERE fetched_at < ?`),
      purgeCitizens: db.prepare(`DELETE FROM citizens WHERE seen_at < ?
        AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.debtor_fiscal_code = citizens.fiscal_code)`),
      purgeLookups: db.prepare(`DELETE FROM lookups WHERE refreshed_at < ?`),
    };
  }

  byFiscalCode(canonical: string): PositionDraft[] {
    return group(this.s['byDebtor']!.all(canonical) as Row[]);
  }

  byNav(nav: string, ecFiscalCode: string | null): PositionDraft[] {
    const rows =
      ecFiscalCode === null ? this.s['byNav']!.all(nav) : this.s['byNavEc']!.all(nav, ecFiscalCode);
    return group(rows as Row[]);
  }

  byOptionIds(ids: readonly string[]): PositionDraft[] {
    return group(this.s['byOptionIds']!.all(JSON.stringify(ids)) as Row[]);
  }

  private creditor(c: Creditor): void {
    const key = `${c.name}\u0000${c.ipaCode}\u0000${c.cbill}\u0000${c.sector}\u0000${c.info}`;
    if (this.knownCreditors.get(c.fiscalCode) === key) return;
    this.s['creditor']!.run(c.fiscalCode, c.name, c.ipaCode, c.cbill, c.sector, c.info);
    this.knownCreditors.set(c.fiscalCode, key);
  }

  /** Writes one position and exactly its options (options the backend no longer lists are dropped). */
  upsert(p: PositionDraft): void {
    // A position new to the cache has no options to drop: one primary-key probe saves the DELETE (and its
    // JSON) on every position of a bulk import.
    const existed = this.s['positionExists']!.get(p.id) !== undefined;
    this.s['citizen']!.run(p.debtor.fiscalCode, p.debtor.kind, p.debtor.name, p.fetchedAt);
    this.creditor(p.creditor);
    this.s['position']!.run(
      p.id,
      p.connector,
      p.backendId,
      p.debtor.fiscalCode,
      p.creditor.fiscalCode,
      p.subject,
      p.status,
      p.backendStatus,
      p.fetchedAt,
    );
    p.options.forEach((o, seq) => {
      this.s['option']!.run(
        o.id,
        p.id,
        seq,
        o.nav,
        o.iuv,
        p.creditor.fiscalCode,
        o.amount,
        o.dueDate,
        o.kind,
        o.planSize,
        o.index,
        o.status,
        o.backendStatus,
        o.description,
      );
    });
    if (existed) this.s['dropOtherOptions']!.run(p.id, JSON.stringify(p.options.map((o) => o.id)));
  }

  /**
   * A live answer for one citizen replaces what that connector said before about them: positions the backend
   * no longer returns (paid and archived, cancelled) leave the cache.
   */
  replaceForCitizen(connector: ConnectorKind, canonical: string, positions: readonly PositionDraft[]): void {
    const keep = new Set(positions.map((p) => p.id));
    for (const { id } of this.s['positionIdsOf']!.all(connector, canonical) as { id: string }[]) {
      if (!keep.has(id)) this.s['deletePosition']!.run(id);
    }
    for (const p of positions) this.upsert(p);
  }

  countPositions(connector: ConnectorKind): number {
    return (this.s['countPositions']!.get(connector) as { n: number }).n;
  }

  lastLookup(connector: ConnectorKind, canonical: string): string | null {
    const r = this.s['lookupGet']!.get(connector, canonical) as { refreshed_at: string } | undefined;
    return r?.refreshed_at ?? null;
  }

  recordLookup(connector: ConnectorKind, canonical: string, at: string): void {
    this.s['lookupSet']!.run(connector, canonical, at);
  }

  syncState(connector: ConnectorKind): SyncStateRow | null {
    return (this.s['syncGet']!.get(connector) as SyncStateRow | undefined) ?? null;
  }

  putSyncState(row: SyncStateRow): void {
    this.s['syncPut']!.run(row);
  }

  importedAt(sha256: string): string | null {
    const r = this.s['importHas']!.get(sha256) as { imported_at: string } | undefined;
    return r?.imported_at ?? null;
  }

  recordImport(sha256: string, fileName: string, rows: number, at: string): void {
    this.s['importAdd']!.run(sha256, fileName, rows, at);
  }

  /** Retention: personal data not refreshed since `cutoff` (an ISO instant) leave the desk. */
  purgeOlderThan(cutoff: string): { positions: number; citizens: number } {
    return this.db.transaction(() => {
      const positions = this.s['purgePositions']!.run(cutoff).changes;
      this.s['purgeLookups']!.run(cutoff);
      const citizens = this.s['purgeCitizens']!.run(cutoff).changes;
      return { positions, citizens };
    })();
  }
}
