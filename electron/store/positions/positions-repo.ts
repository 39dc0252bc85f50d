import type { Statement } from 'better-sqlite3';
import type { ConnectorKind, Creditor } from '../../../core/contract/domains/positions';
import type { OptionDraft, PositionDraft } from '../../../core/positions/payability';
import type { Db } from '../database';
import { group, idTail, ORDER, SELECT, storedIuv, type Row } from './position-rows';

export { idTail, optionExtId, storedIuv } from './position-rows';

const sameCreditor = (a: Creditor, b: Creditor): boolean =>
  a.name === b.name &&
  a.ipaCode === b.ipaCode &&
  a.cbill === b.cbill &&
  a.sector === b.sector &&
  a.info === b.info;

export interface SyncStateRow {
  connector: string;
  cursor: string | null;
  pass_started_at: string | null;
  last_completed_at: string | null;
  /** When the last full pass (the whole due-date horizon) ended; incremental passes do not move it. */
  last_full_at: string | null;
  positions_seen: number;
  requests: number;
  last_error: string | null;
  /** JSON PartialAnswer: items of the current or last pass that the desk refused. */
  partial: string | null;
}

/**
 * The positions cache. Every statement is prepared once and bound with primitives. Writers do not open
 * transactions themselves: the caller decides the unit (one live answer, one sync page, one whole file) and
 * wraps it. Rows are keyed by integer rowids; the contract's string ids are mapped here and only here.
 */
export class PositionsRepo {
  private readonly s: Record<string, Statement>;
  /** Creditors seen in this connection, with their rowid and data: skips a probe and a write per position. */
  private readonly knownCreditors = new Map<string, { id: number; data: Creditor }>();

  constructor(readonly db: Db) {
    this.s = {
      byDebtor: db.prepare(`${SELECT} WHERE c.fiscal_code = ? ${ORDER}`),
      byNav: db.prepare(
        `${SELECT} WHERE p.id IN (SELECT position_id FROM payment_options WHERE nav = ?) ${ORDER}`,
      ),
      byNavEc: db.prepare(`${SELECT} WHERE p.id IN (SELECT position_id FROM payment_options WHERE nav = ?)
        AND e.fiscal_code = ? ${ORDER}`),
      // Option ids arrive as [position ext id, NAV] pairs: an id whose NAV its position no longer holds
      // finds nothing.
      byOptionIds: db.prepare(`${SELECT} WHERE p.id IN (SELECT q.id FROM json_each(?) j
        JOIN positions q ON q.ext_id = j.value ->> 0
        JOIN payment_options r ON r.position_id = q.id AND r.nav = j.value ->> 1) ${ORDER}`),
      // The id only when the row needs no update: most positions of a file meet a citizen already written
      // with the same data, and a one-column answer is the cheapest probe there is.
      citizenCurrent: db
        .prepare(
          `SELECT id FROM citizens WHERE fiscal_code = ? AND seen_at >= ? AND (? IS NULL OR name IS ?)`,
        )
        .pluck(),
      citizenId: db.prepare(`SELECT id FROM citizens WHERE fiscal_code = ?`).pluck(),
      citizenInsert: db.prepare(
        `INSERT INTO citizens (fiscal_code, kind, name, seen_at) VALUES (?, ?, ?, ?)`,
      ),
      citizenTouch: db.prepare(`UPDATE citizens SET name = coalesce(?, name), seen_at = max(seen_at, ?)
        WHERE id = ? AND (? > seen_at OR (? IS NOT NULL AND ? IS NOT name))`),
      creditorId: db.prepare(`SELECT id FROM creditors WHERE fiscal_code = ?`).pluck(),
      creditorInsert: db.prepare(`INSERT INTO creditors (fiscal_code, name, ipa_code, cbill, sector, info)
        VALUES (?, ?, ?, ?, ?, ?)`),
      // Updates write only when something changed, so a repeated answer dirties no page.
      creditorUpdate: db.prepare(`UPDATE creditors SET (name, ipa_code, cbill, sector, info) =
        (?, coalesce(?, ipa_code), coalesce(?, cbill), coalesce(?, sector), coalesce(?, info))
        WHERE id = ? AND (name, ipa_code, cbill, sector, info) IS NOT
          (?, coalesce(?, ipa_code), coalesce(?, cbill), coalesce(?, sector), coalesce(?, info))`),
      positionId: db.prepare(`SELECT id FROM positions WHERE ext_id = ?`).pluck(),
      positionInsert:
        db.prepare(`INSERT INTO positions (ext_id, connector, backend_id, citizen_id, creditor_id,
        subject, status, backend_status, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      positionUpdate:
        db.prepare(`UPDATE positions SET (citizen_id, creditor_id, subject, status, backend_status,
        fetched_at) = (?, ?, ?, ?, ?, ?) WHERE id = ? AND ? > fetched_at`),
      optionInsert:
        db.prepare(`INSERT INTO payment_options (position_id, seq, nav, iuv, amount_cents, due_date,
        kind, plan_size, idx, status, backend_status, description)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      optionsOf: db.prepare(`SELECT id, nav FROM payment_options WHERE position_id = ?`),
      optionUpdate:
        db.prepare(`UPDATE payment_options SET (seq, iuv, amount_cents, due_date, kind, plan_size, idx,
        status, backend_status, description) = (@seq, @iuv, @amount, @dueDate, @kind, @planSize, @index,
          @status, @backendStatus, @description)
        WHERE id = @id AND (seq, iuv, amount_cents, due_date, kind, plan_size, idx, status, backend_status,
          description) IS NOT (@seq, @iuv, @amount, @dueDate, @kind, @planSize, @index, @status,
          @backendStatus, @description)`),
      optionDelete: db.prepare(`DELETE FROM payment_options WHERE id = ?`),
      positionIdsOf: db.prepare(`SELECT p.id, p.ext_id FROM positions p JOIN citizens c ON c.id = p.citizen_id
        WHERE c.fiscal_code = ? AND p.connector = ?`),
      deletePosition: db.prepare(`DELETE FROM positions WHERE id = ?`),
      countPositions: db.prepare(`SELECT count(*) AS n FROM positions WHERE connector = ?`),
      lookupGet: db.prepare(`SELECT refreshed_at FROM lookups WHERE connector = ? AND fiscal_code = ?`),
      lookupSet: db.prepare(`INSERT INTO lookups (connector, fiscal_code, refreshed_at) VALUES (?, ?, ?)
        ON CONFLICT (connector, fiscal_code) DO UPDATE SET refreshed_at = excluded.refreshed_at`),
      syncGet: db.prepare(`SELECT * FROM sync_state WHERE connector = ?`),
      syncPut: db.prepare(`INSERT INTO sync_state (connector, cursor, pass_started_at, last_completed_at,
        last_full_at, positions_seen, requests, last_error, partial) VALUES (@connector, @cursor, @pass_started_at,
        @last_completed_at, @last_full_at, @positions_seen, @requests, @last_error, @partial)
        ON CONFLICT (connector) DO UPDATE SET cursor = excluded.cursor, pass_started_at = excluded.pass_started_at,
          last_completed_at = excluded.last_completed_at, last_full_at = excluded.last_full_at,
          positions_seen = excluded.positions_seen, requests = excluded.requests, last_error = excluded.last_error,
          partial = excluded.partial`),
      importHas: db.prepare(`SELECT imported_at FROM import_log WHERE sha256 = ?`),
      // The same file again after the cache lost its positions (see import-file.ts): the log keeps the newest.
      importAdd: db.prepare(`INSERT INTO import_log (sha256, file_name, rows, imported_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (sha256) DO UPDATE SET file_name = excluded.file_name, rows = excluded.rows,
          imported_at = excluded.imported_at`),
      purgePositions: db.prepare(`DELETE FROM positions WHERE fetched_at < ?`),
      purgeCitizens: db.prepare(`DELETE FROM citizens WHERE seen_at < ?
        AND NOT EXISTS (SELECT 1 FROM positions p WHERE p.citizen_id = citizens.id)`),
      purgeLookups: db.prepare(`DELETE FROM lookups WHERE refreshed_at < ?`),
    };
  }

  byFiscalCode(fiscalCode: string): PositionDraft[] {
    return group(this.s['byDebtor']!.all(fiscalCode) as Row[]);
  }

  byNav(nav: string, ecFiscalCode: string | null): PositionDraft[] {
    const rows =
      ecFiscalCode === null ? this.s['byNav']!.all(nav) : this.s['byNavEc']!.all(nav, ecFiscalCode);
    return group(rows as Row[]);
  }

  byOptionIds(ids: readonly string[]): PositionDraft[] {
    const pairs = ids.map((id) => {
      const at = id.lastIndexOf('#');
      return at < 0 ? [id, ''] : [id.slice(0, at), id.slice(at + 1)];
    });
    return group(this.s['byOptionIds']!.all(JSON.stringify(pairs)) as Row[]);
  }

  /** The creditor's rowid, written or updated as needed. */
  creditorId(c: Creditor): number {
    const known = this.knownCreditors.get(c.fiscalCode);
    if (known !== undefined && sameCreditor(known.data, c)) return known.id;
    let id = this.s['creditorId']!.get(c.fiscalCode) as number | undefined;
    if (id === undefined)
      id = Number(
        this.s['creditorInsert']!.run(c.fiscalCode, c.name, c.ipaCode, c.cbill, c.sector, c.info)
          .lastInsertRowid,
      );
    else {
      const { name, ipaCode, cbill, sector, info } = c;
      this.s['creditorUpdate']!.run(
        name,
        ipaCode,
        cbill,
        sector,
        info,
        id,
        name,
        ipaCode,
        cbill,
        sector,
        info,
      );
    }
    this.knownCreditors.set(c.fiscalCode, { id, data: { ...c } });
    return id;
  }

  existingCitizenId(canonical: string): number | null {
    return (this.s['citizenId']!.get(canonical) as number | undefined) ?? null;
  }

  /** The citizen's rowid, written or updated (name, seen_at) as needed. */
  citizenId(d: PositionDraft['debtor'], seenAt: string): number {
    const current = this.s['citizenCurrent']!.get(d.fiscalCode, seenAt, d.name, d.name) as number | undefined;
    if (current !== undefined) return current;
    const id = this.s['citizenId']!.get(d.fiscalCode) as number | undefined;
    if (id === undefined)
      return Number(this.s['citizenInsert']!.run(d.fiscalCode, d.kind, d.name, seenAt).lastInsertRowid);
    this.s['citizenTouch']!.run(d.name, seenAt, id, seenAt, d.name, d.name);
    return id;
  }

  private insertOption(positionId: number, seq: number, o: OptionDraft): void {
    this.s['optionInsert']!.run(
      positionId,
      seq,
      o.nav,
      storedIuv(o),
      o.amount,
      o.dueDate,
      o.kind,
      o.planSize,
      o.index,
      o.status,
      o.backendStatus,
      o.description,
    );
  }

  /**
   * Writes one position and exactly its options (options the backend no longer lists are dropped), or, with
   * `keepMissing` (a partial answer, which may have left some out), its options added to those cached.
   */
  upsert(p: PositionDraft, opts: { keepMissing?: boolean } = {}): void {
    const citizenId = this.citizenId(p.debtor, p.fetchedAt);
    const creditorId = this.creditorId(p.creditor);
    const found = this.s['positionId']!.get(p.id) as number | undefined;
    if (found === undefined) {
      const id = Number(
        this.s['positionInsert']!.run(
          p.id,
          p.connector,
          p.backendId === idTail(p.id) ? null : p.backendId,
          citizenId,
          creditorId,
          p.subject,
          p.status,
          p.backendStatus,
          p.fetchedAt,
        ).lastInsertRowid,
      );
      // A position new to the cache has no options to match or drop.
      for (let seq = 0; seq < p.options.length; seq++) this.insertOption(id, seq, p.options[seq]!);
      return;
    }
    this.s['positionUpdate']!.run(
      citizenId,
      creditorId,
      p.subject,
      p.status,
      p.backendStatus,
      p.fetchedAt,
      found,
      p.fetchedAt,
    );
    const existing = new Map<string, number>();
    for (const r of this.s['optionsOf']!.all(found) as { id: number; nav: string }[])
      existing.set(r.nav, r.id);
    p.options.forEach((o, seq) => {
      const id = existing.get(o.nav);
      if (id === undefined) return this.insertOption(found, seq, o);
      existing.delete(o.nav);
      const { amount, dueDate, kind, planSize, index, status, backendStatus, description } = o;
      // Named parameters: the SET values double as the "changed?" test.
      this.s['optionUpdate']!.run({
        seq,
        iuv: storedIuv(o),
        amount,
        dueDate,
        kind,
        planSize,
        index,
        status,
        backendStatus,
        description,
        id,
      });
    });
    if (opts.keepMissing) return;
    for (const id of existing.values()) this.s['optionDelete']!.run(id);
  }

  /**
   * A complete live answer for one citizen (every page, every item, no incomplete flag) replaces what that connector said before about them: positions the backend
   * no longer returns (paid and archived, cancelled) leave the cache.
   */
  replaceForCitizen(connector: ConnectorKind, canonical: string, positions: readonly PositionDraft[]): void {
    const keep = new Set(positions.map((p) => p.id));
    for (const r of this.s['positionIdsOf']!.all(canonical, connector) as { id: number; ext_id: string }[]) {
      if (!keep.has(r.ext_id)) this.s['deletePosition']!.run(r.id);
    }
    for (const p of positions) this.upsert(p);
  }

  /**
   * A partial live answer for one citizen: what it brought is written, nothing is deleted, since the backend
   * may still hold whatever the answer left out.
   */
  mergeForCitizen(positions: readonly PositionDraft[]): void {
    for (const p of positions) this.upsert(p, { keepMissing: true });
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
