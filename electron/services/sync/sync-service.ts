import type {
  ConnectorKind,
  SyncPass,
  SyncProgress,
  SyncState,
} from '../../../core/contract/domains/positions';
import { AppError, type ContractError } from '../../../core/contract/errors';
import type { SyncConnector } from '../../connectors/types';
import type { PositionsRepo, SyncStateRow } from '../../store/positions/positions-repo';
import type { DeskEvents } from '../events';
import type { Startable } from '../lifecycle';
import type { Logger } from '../log';
import { addDays, localDay } from '../positions/dates';
import type { PartialAnswer } from '../../../core/contract/domains/positions';
import { mergePartial } from '../../../core/positions/partial';
import { callContext } from '../positions/call-context';
import { CircuitBreaker, type RetryPolicy } from '../positions/resilience';

export interface SyncServiceDeps {
  readonly repo: PositionsRepo;
  readonly connector: ConnectorKind;
  readonly sync: SyncConnector | null;
  readonly policy: RetryPolicy;
  readonly events: DeskEvents;
  readonly log: Logger;
  readonly now: () => Date;
  /** Minutes between background passes; 0 = on demand only. */
  readonly everyMinutes: number;
  /** Told when a pass ends or fails, for the backend status. */
  readonly onOutcome?: (at: string, error: ContractError | null) => void;
  /** A scheduled run is a full pass when the last full one ended longer ago than this; otherwise incremental. */
  readonly fullEveryHours?: number;
}

interface Cursor {
  windowFrom: string;
  page: number;
  pass: SyncPass;
  /** The pass's horizon, fixed when it started: a resumed pass ends where it meant to. */
  from: string;
  until: string;
}

const DEFAULT_FULL_EVERY_HOURS = 24;
/** An incremental pass looks back from the day before the last pass ended: payments of that day are seen twice
 * rather than missed (clocks, time zones, a payment recorded late). */
const OVERLAP_DAYS = 1;
/** Past this many days since the last pass, an incremental pass would cost about as much as a full one. */
const MAX_INCREMENTAL_DAYS = 90;

const toError = (err: unknown): ContractError =>
  err instanceof AppError ? err.toContractError() : { code: 'INTERNAL' };

/**
 * Bulk sync of a backend that cannot be searched by citizen (GPD): the EC's positions, window by window (by due
 * date, at most 30 days) and page by page. Each page is written together with the cursor pointing past it, in
 * one transaction, so a process killed at any moment resumes from the first page not yet stored.
 */
export class SyncService implements Startable {
  readonly name = 'positions-sync';
  private running: Promise<SyncState> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly breaker = new CircuitBreaker();
  private stopping = false;

  constructor(private readonly d: SyncServiceDeps) {}

  private row(): SyncStateRow {
    return (
      this.d.repo.syncState(this.d.connector) ?? {
        connector: this.d.connector,
        cursor: null,
        pass_started_at: null,
        last_completed_at: null,
        last_full_at: null,
        positions_seen: 0,
        requests: 0,
        last_error: null,
        partial: null,
      }
    );
  }

  state(): SyncState {
    const r = this.row();
    return {
      connector: this.d.connector,
      state:
        this.d.sync === null ? 'not-applicable' : this.running ? 'running' : r.last_error ? 'failed' : 'idle',
      cursor: r.cursor ? publicCursor(JSON.parse(r.cursor) as Cursor) : null,
      lastCompletedAt: r.last_completed_at,
      lastFullAt: r.last_full_at,
      positionsSeen: r.positions_seen,
      requests: r.requests,
      error: r.last_error ? (JSON.parse(r.last_error) as ContractError) : null,
      partial: r.partial ? (JSON.parse(r.partial) as PartialAnswer) : null,
    };
  }

  lastCompletedAt(): string | null {
    return this.row().last_completed_at;
  }

  /**
   * Starts (or joins) a pass and resolves when it ends. An interrupted pass is resumed from its cursor;
   * otherwise the pass is full when `full` is asked, when there never was one, or when the last one ended
   * longer ago than `fullEveryHours`, and incremental (payments since the last pass) otherwise. `full` also
   * drops a saved cursor and starts over.
   */
  run(opts: { full?: boolean } = {}): Promise<SyncState> {
    if (this.d.sync === null) return Promise.resolve(this.state());
    if (this.running) return this.running;
    this.running = this.pass(this.d.sync, opts.full ?? false)
      .finally(() => (this.running = null))
      .then(() => this.state());
    return this.running;
  }

  start(): void {
    if (this.d.sync === null || this.d.everyMinutes === 0) return;
    const tick = () => void this.run().catch(() => {});
    // First pass shortly after start, so the desk opens before the network is touched.
    this.timer = setTimeout(tick, 2000);
    this.interval = setInterval(tick, this.d.everyMinutes * 60_000);
    this.timer.unref();
    this.interval.unref();
  }

  private interval: NodeJS.Timeout | null = null;

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.interval) clearInterval(this.interval);
    await this.running?.catch(() => {});
  }

  private progress(p: Omit<SyncProgress, 'connector'>): void {
    this.d.events.emit('sync.progress', { connector: this.d.connector, ...p });
  }

  /** The kind and the horizon of a new pass. */
  private plan(sync: SyncConnector, full: boolean, row: SyncStateRow, today: string) {
    const last = addDays(today, sync.horizon.futureDays);
    const fullEvery = (this.d.fullEveryHours ?? DEFAULT_FULL_EVERY_HOURS) * 3_600_000;
    const fullDue =
      full ||
      row.last_full_at === null ||
      row.last_completed_at === null ||
      this.d.now().getTime() - Date.parse(row.last_full_at) >= fullEvery;
    if (!fullDue) {
      const since = addDays(localDay(new Date(row.last_completed_at!)), -OVERLAP_DAYS);
      if (since >= addDays(today, -MAX_INCREMENTAL_DAYS))
        return { pass: 'payments' as const, first: since, last: today };
    }
    return { pass: 'full' as const, first: addDays(today, -sync.horizon.pastDays), last };
  }

  private async pass(sync: SyncConnector, full: boolean): Promise<void> {
    const repo = this.d.repo;
    const today = localDay(this.d.now());
    let row = this.row();
    const saved = row.cursor && !full ? (JSON.parse(row.cursor) as Partial<Cursor>) : null;
    let cursor: Cursor;
    if (saved && typeof saved.windowFrom === 'string' && typeof saved.page === 'number') {
      // A resumed pass keeps its kind and horizon; a cursor from before incremental passes was a full pass's.
      cursor = {
        windowFrom: saved.windowFrom,
        page: saved.page,
        pass: saved.pass ?? 'full',
        from: saved.from ?? addDays(today, -sync.horizon.pastDays),
        until: saved.until ?? addDays(today, sync.horizon.futureDays),
      };
    } else {
      const planned = this.plan(sync, full, row, today);
      cursor = {
        windowFrom: planned.first,
        page: 0,
        pass: planned.pass,
        from: planned.first,
        until: planned.last,
      };
      row = {
        ...row,
        cursor: JSON.stringify(cursor),
        pass_started_at: this.d.now().toISOString(),
        positions_seen: 0,
        requests: 0,
        last_error: null,
        partial: null,
      };
      repo.putSyncState(row);
    }
    const first = cursor.from;
    const last = cursor.until;
    const spanDays = Math.max(1, Math.round((Date.parse(last) - Date.parse(first)) / 86_400_000) + 1);
    const fraction = (from: string) =>
      Math.min(1, Math.max(0, (Date.parse(from) - Date.parse(first)) / 86_400_000 / spanDays));
    const pass = cursor.pass;
    this.progress({
      pass,
      phase: 'started',
      windowFrom: cursor.windowFrom,
      windowTo: null,
      fraction: fraction(cursor.windowFrom),
      positionsSeen: row.positions_seen,
      error: null,
    });
    try {
      while (cursor.windowFrom <= last) {
        if (this.stopping) throw new AppError('UNAVAILABLE', { reason: 'STOPPING' });
        const to = addDays(cursor.windowFrom, sync.windowDays - 1);
        const window = {
          from: cursor.windowFrom,
          to: to > last ? last : to,
          by: pass === 'full' ? ('due' as const) : ('payment' as const),
        };
        const page = cursor.page;
        const result = await this.breaker.run(() =>
          sync.page(window, page, callContext(this.d.policy, this.d.now(), this.d.log, this.d.connector)),
        );
        const next: Cursor =
          page + 1 < result.totalPages
            ? { ...cursor, page: page + 1 }
            : { ...cursor, windowFrom: addDays(window.to, 1), page: 0 };
        row = {
          ...row,
          cursor: JSON.stringify(next),
          positions_seen: row.positions_seen + result.positions.length,
          requests: row.requests + 1,
          last_error: null,
          partial: result.partial
            ? JSON.stringify(
                mergePartial(row.partial ? (JSON.parse(row.partial) as PartialAnswer) : null, result.partial),
              )
            : row.partial,
        };
        const written = row;
        // A page with refused items may have left options out: those cached stay (nothing silently deleted).
        const keepMissing = result.partial !== null;
        repo.db.transaction(() => {
          for (const p of result.positions) repo.upsert(p, { keepMissing });
          repo.putSyncState(written);
        })();
        cursor = next;
        this.progress({
          pass,
          phase: 'page',
          windowFrom: window.from,
          windowTo: window.to,
          fraction: fraction(next.windowFrom),
          positionsSeen: row.positions_seen,
          error: null,
        });
      }
      const at = this.d.now().toISOString();
      row = {
        ...row,
        cursor: null,
        last_completed_at: at,
        last_full_at: pass === 'full' ? at : row.last_full_at,
        last_error: null,
      };
      repo.putSyncState(row);
      this.progress({
        pass,
        phase: 'done',
        windowFrom: null,
        windowTo: null,
        fraction: 1,
        positionsSeen: row.positions_seen,
        error: null,
      });
      this.d.onOutcome?.(at, null);
    } catch (err) {
      const error = toError(err);
      this.d.log.warn('sync failed', {
        connector: this.d.connector,
        code: error.code,
        reason: error.details?.['reason'],
      });
      row = { ...this.row(), last_error: JSON.stringify(error) };
      repo.putSyncState(row);
      this.progress({
        pass: cursor.pass,
        phase: 'failed',
        windowFrom: cursor.windowFrom,
        windowTo: null,
        fraction: fraction(cursor.windowFrom),
        positionsSeen: row.positions_seen,
        error,
      });
      this.d.onOutcome?.(this.d.now().toISOString(), error);
    }
  }
}

/** What the contract shows of a cursor: where the pass is and which kind it is. */
function publicCursor(
  c: Partial<Cursor> & Pick<Cursor, 'windowFrom' | 'page'>,
): NonNullable<SyncState['cursor']> {
  return { windowFrom: c.windowFrom, page: c.page, pass: c.pass ?? 'full' };
}
