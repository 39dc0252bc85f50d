import type { Db } from '../database';

export type FeeBackend = 'demo' | 'govpay' | 'gpd';
export type FeeState = 'reserved' | 'created' | 'annulled';

export interface FeeRequestRow {
  id: number;
  request_key: string;
  request_hash: string;
  backend: FeeBackend;
  backend_id: string;
  service_id: string;
  ec_fiscal_code: string;
  amount_cents: number;
  iuv: string | null;
  nav: string | null;
  position_ext_id: string | null;
  state: FeeState;
  operator: string;
  created_at: string;
  updated_at: string;
  last_error: string | null;
}

export type NewFeeRequest = Pick<
  FeeRequestRow,
  | 'request_key'
  | 'request_hash'
  | 'backend'
  | 'backend_id'
  | 'service_id'
  | 'ec_fiscal_code'
  | 'amount_cents'
  | 'iuv'
  | 'nav'
  | 'operator'
  | 'created_at'
>;

export class IuvRangeExhausted extends Error {
  constructor(readonly scheme: string) {
    super(`IUV range exhausted for ${scheme}`);
  }
}

/**
 * The desk's own record of the fees it asked a backend to create, and its IUV counter. Every write here is
 * its own committed transaction: what was reserved stays reserved whatever happens to the request after.
 */
export class FeeRequests {
  private readonly s;

  constructor(readonly db: Db) {
    this.s = {
      byKey: db.prepare<[string], FeeRequestRow>('SELECT * FROM fee_requests WHERE request_key = ?'),
      byNav: db.prepare<[string], FeeRequestRow>(
        'SELECT * FROM fee_requests WHERE nav = ? ORDER BY id DESC LIMIT 1',
      ),
      insert:
        db.prepare(`INSERT INTO fee_requests (request_key, request_hash, backend, backend_id, service_id,
        ec_fiscal_code, amount_cents, iuv, nav, state, operator, created_at, updated_at)
        VALUES (@request_key, @request_hash, @backend, @backend_id, @service_id, @ec_fiscal_code, @amount_cents,
          @iuv, @nav, 'reserved', @operator, @created_at, @created_at)`),
      confirm: db.prepare(`UPDATE fee_requests SET state = 'created', iuv = coalesce(?, iuv), nav = ?,
        position_ext_id = ?, updated_at = ?, last_error = NULL WHERE id = ?`),
      failed: db.prepare('UPDATE fee_requests SET last_error = ?, updated_at = ? WHERE id = ?'),
      annul: db.prepare(`UPDATE fee_requests SET state = 'annulled', updated_at = ? WHERE id = ?`),
      counterGet: db.prepare<[string], { next_base: number; last_base: number }>(
        'SELECT next_base, last_base FROM iuv_counter WHERE scheme = ?',
      ),
      counterPut: db.prepare(`INSERT INTO iuv_counter (scheme, next_base, last_base) VALUES (?, ?, ?)
        ON CONFLICT (scheme) DO UPDATE SET next_base = excluded.next_base, last_base = excluded.last_base`),
      countToday: db.prepare<[string, string], { n: number; cents: number | null }>(`SELECT count(*) AS n,
        sum(amount_cents) AS cents FROM fee_requests WHERE state = 'created' AND created_at >= ? AND created_at < ?`),
    };
  }

  byKey(key: string): FeeRequestRow | null {
    return this.s.byKey.get(key) ?? null;
  }

  byNav(nav: string): FeeRequestRow | null {
    return this.s.byNav.get(nav) ?? null;
  }

  /**
   * Takes the next IUV base of the range and writes the request row in one immediate transaction, with
   * `synchronous = FULL` so the commit is on disk before the request leaves: after a crash or a power cut the
   * counter is at least past every base a backend may have seen. A base is never handed out twice; the range
   * may move up (a new range from the administrator) but the counter never goes back.
   */
  reserve(
    row: Omit<NewFeeRequest, 'iuv' | 'nav'>,
    range: IuvRange | null,
    iuvOf: (base: number) => { iuv: string; nav: string },
  ): FeeRequestRow {
    this.db.pragma('synchronous = FULL');
    try {
      this.db
        .transaction(() => {
          let iuv: string | null = null;
          let nav: string | null = null;
          if (range) {
            const base = this.takeBase(range);
            ({ iuv, nav } = iuvOf(base));
          }
          this.s.insert.run({ ...row, iuv, nav });
        })
        .immediate();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    return this.byKey(row.request_key)!;
  }

  /** Inside a transaction: the next base of the range, past everything handed out before. */
  private takeBase(range: IuvRange): number {
    const cur = this.s.counterGet.get(range.scheme);
    const next = Math.max(cur?.next_base ?? range.from, range.from);
    if (next > range.to) throw new IuvRangeExhausted(range.scheme);
    this.s.counterPut.run(range.scheme, next + 1, range.to);
    return next;
  }

  /** Bases handed out so far for a scheme (the counter's position), for `services check`. */
  counter(scheme: string): { next: number; last: number } | null {
    const r = this.s.counterGet.get(scheme);
    return r ? { next: r.next_base, last: r.last_base } : null;
  }

  confirm(id: number, iuv: string | null, nav: string, positionExtId: string, at: string): void {
    this.s.confirm.run(iuv, nav, positionExtId, at, id);
  }

  noteFailure(id: number, error: string, at: string): void {
    this.s.failed.run(error.slice(0, 500), at, id);
  }

  annul(id: number, at: string): void {
    this.s.annul.run(at, id);
  }

  /** Fees created in [from, to) (ISO instants): the day's figures. */
  created(from: string, to: string): { count: number; cents: number } {
    const r = this.s.countToday.get(from, to)!;
    return { count: r.n, cents: r.cents ?? 0 };
  }
}

export interface IuvRange {
  /** e.g. `gpd:01199250158:01`: one counter per creditor and segregation code. */
  readonly scheme: string;
  readonly from: number;
  readonly to: number;
}
