import type {
  BackendInfo,
  ConnectorKind,
  PartialAnswer,
  Position,
  PositionsResult,
} from '../../../core/contract/domains/positions';
import { AppError, type ContractError } from '../../../core/contract/errors';
import { parseFiscalCode } from '../../../core/fiscal-code';
import { parseNumericFiscalCode } from '../../../core/fiscal-code/numeric';
import { parseNoticeNumber } from '../../../core/notice-number';
import { applyPayability, type PositionDraft } from '../../../core/positions/payability';
import { totalsOf } from '../../../core/positions/totals';
import type { LiveConnector } from '../../connectors/types';
import type { PositionsRepo } from '../../store/positions/positions-repo';
import type { DeskEvents } from '../events';
import type { Logger } from '../log';
import type { StatusBoard } from '../status-board';
import { localDay } from './dates';
import { callContext } from './call-context';
import { CircuitBreaker, type RetryPolicy } from './resilience';

export interface PositionsServiceDeps {
  readonly repo: PositionsRepo;
  readonly connector: ConnectorKind;
  readonly live: LiveConnector | null;
  readonly policy: RetryPolicy;
  /** Why the connector could not be built (a missing secret): reported instead of calling. */
  readonly setupError: AppError | null;
  readonly events: DeskEvents;
  readonly status: StatusBoard;
  readonly log: Logger;
  readonly now: () => Date;
  readonly retentionDays: number;
  /** When a cache-only backend (GPD sync, file) last brought data: what freshness means for it. */
  readonly cacheDataAsOf?: () => string | null;
  /** What the last bulk sync could not take (GPD): a cache answer is then partial too. */
  readonly cachePartial?: () => PartialAnswer | null;
  /** Fills an empty demo cache with the sample data. */
  readonly seed?: () => number;
}

const toContractError = (err: unknown): ContractError =>
  err instanceof AppError ? err.toContractError() : { code: 'INTERNAL' };

/**
 * Positions for the desk, cache first. `list` answers from SQLite at once and, when the backend can be asked
 * about one citizen (GovPay, MyPay), refreshes in the background and pushes `positions.updated`. A backend
 * that fails leaves the cached positions on screen with the reason; the breaker stops retry storms.
 */
export class PositionsService {
  private readonly breaker = new CircuitBreaker();
  private readonly inflight = new Map<string, Promise<PositionsResult>>();
  private info: BackendInfo;

  constructor(private readonly d: PositionsServiceDeps) {
    this.info = {
      connector: d.connector,
      state: d.connector === 'demo' ? 'demo' : d.setupError ? 'degraded' : d.live ? 'unknown' : 'online',
      dataAsOf: d.cacheDataAsOf?.() ?? null,
      liveLookup: d.live !== null,
      circuit: 'closed',
      lastError: d.setupError ? d.setupError.toContractError() : null,
    };
    this.publish();
  }

  backendInfo(): BackendInfo {
    return {
      ...this.info,
      circuit: this.breaker.state,
      dataAsOf: this.info.dataAsOf ?? this.d.cacheDataAsOf?.() ?? null,
    };
  }

  /** Called by the sync service and the importer when the cache changed under everyone's feet. */
  noteData(
    at: string,
    state: BackendInfo['state'] = this.info.state,
    error: ContractError | null = null,
  ): void {
    this.info = { ...this.info, dataAsOf: at, state, lastError: error };
    this.publish();
  }

  noteFailure(error: ContractError): void {
    this.info = { ...this.info, state: 'offline', lastError: error };
    this.publish();
  }

  private publish(): void {
    const info = this.backendInfo();
    this.d.status.set('backend', { connector: info.connector, state: info.state, dataAsOf: info.dataAsOf });
    this.d.events.emit('backend.changed', info);
  }

  private today(): string {
    return localDay(this.d.now());
  }

  /** The code as issued, validated: an omocodic code is its own person, never folded onto its base code. */
  private exactCode(raw: string): string {
    const r = parseFiscalCode(raw, { today: this.today() });
    if (!r.ok) throw new AppError('INVALID_INPUT', { field: 'fiscalCode', reason: r.reason, ...r.detail });
    return r.value.kind === 'person' ? r.value.person.code : r.value.code;
  }

  private result(
    query: PositionsResult['query'],
    drafts: readonly PositionDraft[],
    source: PositionsResult['source'],
    extra: {
      refreshing: boolean;
      error: ContractError | null;
      refreshedAt: string | null;
      partial?: PartialAnswer | null;
    },
  ): PositionsResult {
    const today = this.today();
    const positions = drafts.map((p) => applyPayability(p, today));
    const oldest = drafts.reduce<string | null>(
      (m, p) => (m === null || p.fetchedAt < m ? p.fetchedAt : m),
      null,
    );
    const dataAsOf =
      source === 'live' ? extra.refreshedAt : (extra.refreshedAt ?? this.d.cacheDataAsOf?.() ?? oldest);
    return {
      query,
      positions,
      source,
      dataAsOf,
      stale: source === 'cache' && (this.d.live !== null || extra.error !== null),
      refreshing: extra.refreshing,
      connector: this.d.connector,
      error: extra.error,
      partial: extra.partial ?? null,
      totals: totalsOf(positions),
    };
  }

  list(fiscalCode: string): PositionsResult {
    const cf = this.exactCode(fiscalCode);
    const cached = this.d.repo.byFiscalCode(cf);
    const refreshedAt = this.d.live ? this.d.repo.lastLookup(this.d.connector, cf) : null;
    if (this.d.live === null || this.d.setupError) {
      return this.result({ fiscalCode: cf }, cached, 'cache', {
        refreshing: false,
        error: this.d.setupError?.toContractError() ?? null,
        refreshedAt,
        partial: this.d.cachePartial?.() ?? null,
      });
    }
    void this.refreshCitizen(cf).catch(() => {});
    return this.result({ fiscalCode: cf }, cached, 'cache', { refreshing: true, error: null, refreshedAt });
  }

  refresh(fiscalCode: string): Promise<PositionsResult> {
    const cf = this.exactCode(fiscalCode);
    if (this.d.live === null || this.d.setupError) return Promise.resolve(this.list(cf));
    return this.refreshCitizen(cf);
  }

  /** One listing under the breaker: its requests carry their own deadlines and retries (call-context.ts). */
  private async call<T>(fn: (ctx: ReturnType<typeof callContext>) => Promise<T>): Promise<T> {
    try {
      return await this.breaker.run(() =>
        fn(callContext(this.d.policy, this.d.now(), this.d.log, this.d.connector)),
      );
    } finally {
      if (this.info.circuit !== this.breaker.state) {
        this.info = { ...this.info, circuit: this.breaker.state };
      }
    }
  }

  /** One refresh per citizen at a time: a second identification while one runs shares it. */
  private refreshCitizen(cf: string): Promise<PositionsResult> {
    const running = this.inflight.get(cf);
    if (running) return running;
    // The refresh leaves the in-flight map before its update is pushed: a list in the same tick must start
    // a new refresh (or read the fresh cache), never join one whose update has already gone out.
    const p = this.doRefresh(cf).then(
      (out) => {
        this.inflight.delete(cf);
        this.d.events.emit('positions.updated', out);
        return out;
      },
      (err: unknown) => {
        this.inflight.delete(cf);
        throw err;
      },
    );
    this.inflight.set(cf, p);
    return p;
  }

  private async doRefresh(cf: string): Promise<PositionsResult> {
    const live = this.d.live!;
    let out: PositionsResult;
    try {
      const answer = await this.call((ctx) => live.byFiscalCode(cf, ctx));
      const at = this.d.now().toISOString();
      this.d.repo.db.transaction(() => {
        // Only a complete answer may delete: a partial one adds what it brought and keeps the rest.
        if (answer.partial === null) this.d.repo.replaceForCitizen(this.d.connector, cf, answer.positions);
        else this.d.repo.mergeForCitizen(answer.positions);
        this.d.repo.recordLookup(this.d.connector, cf, at);
      })();
      if (answer.partial)
        this.d.log.warn('positions answer partial', {
          connector: this.d.connector,
          reasons: answer.partial.reasons,
          refused: answer.partial.refusedCount,
        });
      out = this.result({ fiscalCode: cf }, this.d.repo.byFiscalCode(cf), 'live', {
        refreshing: false,
        error: null,
        refreshedAt: at,
        partial: answer.partial,
      });
      this.noteData(at, answer.partial ? 'degraded' : 'online', answer.partial?.error ?? null);
    } catch (err) {
      const error = toContractError(err);
      this.d.log.warn('positions refresh failed', {
        connector: this.d.connector,
        code: error.code,
        reason: error.details?.['reason'],
      });
      const state: BackendInfo['state'] =
        error.code === 'BACKEND_REJECTED' || error.code === 'BACKEND_MALFORMED' ? 'degraded' : 'offline';
      this.info = { ...this.info, state, lastError: error };
      this.publish();
      out = this.result({ fiscalCode: cf }, this.d.repo.byFiscalCode(cf), 'cache', {
        refreshing: false,
        error,
        refreshedAt: this.d.repo.lastLookup(this.d.connector, cf),
      });
    }
    return out;
  }

  /**
   * The backend's own A4 notice for one NAV of a position it returned, or null when the backend has none or
   * cannot answer now: the caller then prints the notice composed locally.
   */
  async officialPdf(position: Position, nav: string): Promise<Buffer | null> {
    const live = this.d.live;
    if (!live?.noticePdf || this.d.setupError || position.connector !== this.d.connector) return null;
    try {
      return await this.call((ctx) => live.noticePdf!(position.creditor.fiscalCode, nav, ctx));
    } catch (err) {
      this.d.log.warn('official notice PDF unavailable', { code: toContractError(err).code });
      return null;
    }
  }

  async byNotice(rawNav: string, rawEc: string | undefined): Promise<PositionsResult> {
    const notice = parseNoticeNumber(rawNav);
    if (!notice.ok)
      throw new AppError('INVALID_INPUT', { field: 'nav', reason: notice.reason, ...notice.detail });
    let ec: string | null = null;
    if (rawEc !== undefined && rawEc.trim() !== '') {
      const r = parseNumericFiscalCode(rawEc);
      if (!r.ok) throw new AppError('INVALID_INPUT', { field: 'ecFiscalCode', reason: r.reason });
      ec = r.value;
    }
    const nav = notice.value.nav;
    const query = { nav, ecFiscalCode: ec };
    const cached = this.d.repo.byNav(nav, ec);
    if (this.d.live === null || this.d.setupError) {
      if (cached.length === 0) throw new AppError('NOT_FOUND', { reason: 'NOTICE_UNKNOWN' });
      return this.result(query, cached, 'cache', { refreshing: false, error: null, refreshedAt: null });
    }
    const live = this.d.live;
    try {
      const answer = await this.call((ctx) => live.byNotice(nav, ec, ctx));
      const at = this.d.now().toISOString();
      const keepMissing = answer.partial !== null;
      this.d.repo.db.transaction(() =>
        answer.positions.forEach((p) => this.d.repo.upsert(p, { keepMissing })),
      )();
      if (answer.positions.length === 0 && answer.partial === null)
        throw new AppError('NOT_FOUND', { reason: 'NOTICE_UNKNOWN' });
      this.noteData(at, 'online', null);
      return this.result(query, this.d.repo.byNav(nav, ec), 'live', {
        refreshing: false,
        error: null,
        refreshedAt: at,
        partial: answer.partial,
      });
    } catch (err) {
      if (err instanceof AppError && (err.code === 'NOT_FOUND' || err.code === 'INVALID_INPUT')) throw err;
      if (cached.length === 0) throw err;
      return this.result(query, cached, 'cache', {
        refreshing: false,
        error: toContractError(err),
        refreshedAt: null,
      });
    }
  }

  /** Option ids → the positions holding them, payability applied: what the notice composer prints from. */
  optionsById(ids: readonly string[]) {
    const today = this.today();
    return this.d.repo.byOptionIds(ids).map((p) => applyPayability(p, today));
  }

  /** Start-up upkeep: retention purge first, then the demo seed (so purged demo data come back fresh). */
  upkeep(): { purged: { positions: number; citizens: number }; seeded: number } {
    const purged = this.purge();
    return { purged, seeded: this.d.seed?.() ?? 0 };
  }

  /** Retention: personal data older than the configured days leave the cache. */
  purge(): { positions: number; citizens: number } {
    const cutoff = new Date(this.d.now().getTime() - this.d.retentionDays * 86_400_000).toISOString();
    return this.d.repo.purgeOlderThan(cutoff);
  }
}
