import type { Statement } from 'better-sqlite3';
import type { OptionDraft, PositionDraft } from '../../../core/positions/payability';
import type { Db } from '../database';
import { CitizenSlots } from './citizen-slots';
import { idTail, storedIuv, type PositionsRepo } from './positions-repo';
import { RowBatch } from './row-batch';

const POSITION_COLUMNS = [
  'id',
  'ext_id',
  'connector',
  'backend_id',
  'citizen_id',
  'creditor_id',
  'subject',
  'status',
  'backend_status',
  'fetched_at',
] as const;
const OPTION_COLUMNS = [
  'position_id',
  'seq',
  'nav',
  'iuv',
  'amount_cents',
  'due_date',
  'kind',
  'plan_size',
  'idx',
  'status',
  'backend_status',
  'description',
] as const;
const CITIZEN_COLUMNS = ['id', 'fiscal_code', 'kind', 'name', 'seen_at'] as const;

/**
 * The first bulk load of a file into a cache with no positions yet (import-file.ts decides): every position
 * is new, so there is nothing to match, update or drop. Rowids are handed out here, which lets positions and
 * their options go in multi-row INSERTs instead of a statement per row, and the file's citizens are
 * remembered by fiscal code instead of being looked up again for each of their positions.
 * Same rows, same values as PositionsRepo.upsert would write (test/integration/positions/import.test.ts).
 */
export class BulkPositionsWriter {
  private readonly positions: RowBatch;
  private readonly options: RowBatch;
  private readonly citizens: RowBatch;
  private nextPositionId: number;
  private nextCitizenId: number;
  /** Citizens met in this file: rowid and the name last written for them. */
  private readonly known = new CitizenSlots();
  /** Citizens the cache held before the load go through the repository (probe, touch); new ones are ours. */
  private readonly citizensBefore: boolean;
  private readonly touchName: Statement;

  constructor(
    private readonly db: Db,
    private readonly repo: PositionsRepo,
  ) {
    this.positions = new RowBatch(db, 'positions', POSITION_COLUMNS);
    this.options = new RowBatch(db, 'payment_options', OPTION_COLUMNS);
    this.citizens = new RowBatch(db, 'citizens', CITIZEN_COLUMNS);
    const max = (table: string) =>
      db.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number;
    this.nextPositionId = max('positions') + 1;
    this.nextCitizenId = max('citizens') + 1;
    this.citizensBefore = this.nextCitizenId > 1;
    this.touchName = db.prepare(`UPDATE citizens SET name = ? WHERE id = ?`);
  }

  add(p: PositionDraft): void {
    const citizenId = this.citizenId(p.debtor, p.fetchedAt);
    const creditorId = this.repo.creditorId(p.creditor);
    const id = this.nextPositionId++;
    const b = this.positions;
    b.put(id);
    b.put(p.id);
    b.put(p.connector);
    b.put(p.backendId === idTail(p.id) ? null : p.backendId);
    b.put(citizenId);
    b.put(creditorId);
    b.put(p.subject);
    b.put(p.status);
    b.put(p.backendStatus);
    b.put(p.fetchedAt);
    b.endRow();
    for (let seq = 0; seq < p.options.length; seq++) this.option(id, seq, p.options[seq]!);
  }

  private option(positionId: number, seq: number, o: OptionDraft): void {
    const b = this.options;
    b.put(positionId);
    b.put(seq);
    b.put(o.nav);
    b.put(storedIuv(o));
    b.put(o.amount);
    b.put(o.dueDate);
    b.put(o.kind);
    b.put(o.planSize);
    b.put(o.index);
    b.put(o.status);
    b.put(o.backendStatus);
    b.put(o.description);
    b.endRow();
  }

  /** As the repository's: a later non-null name replaces the earlier one; a null name keeps it. */
  private citizenId(d: PositionDraft['debtor'], seenAt: string): number {
    const known = this.known;
    const slot = known.slot(d.fiscalCode);
    const id = known.idAt(slot);
    if (id > 0) {
      if (d.name !== null && !known.sameName(slot, d.name)) {
        this.citizens.flush();
        this.touchName.run(d.name, id);
        known.setName(slot, d.name);
      }
      return id;
    }
    // Negative: a citizen the cache held before the load; its updates keep following the repository's rules.
    if (id < 0) return this.repo.citizenId(d, seenAt);
    if (this.citizensBefore) {
      const existing = this.repo.existingCitizenId(d.fiscalCode);
      if (existing !== null) {
        known.add(slot, d.fiscalCode, -existing, null);
        return this.repo.citizenId(d, seenAt);
      }
    }
    const newId = this.nextCitizenId++;
    known.add(slot, d.fiscalCode, newId, d.name);
    const b = this.citizens;
    b.put(newId);
    b.put(d.fiscalCode);
    b.put(d.kind);
    b.put(d.name);
    b.put(seenAt);
    b.endRow();
    return newId;
  }

  /** Writes what is still buffered; call before anything reads the tables (checks, index rebuild). */
  finish(): void {
    this.citizens.flush();
    this.positions.flush();
    this.options.flush();
  }
}
