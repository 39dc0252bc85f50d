import type { Statement } from 'better-sqlite3';
import type { Db } from '../database';

/** Rows per INSERT statement: one call binds this many rows, and SQLite runs one program for all of them. */
export const ROWS_PER_STATEMENT = 16;

/** Distinct column shapes kept prepared per table; a batch of a shape beyond them binds every value. */
const MAX_SHAPES = 32;

export type Value = string | number | null;

/** How a column's values run through one batch: each bound apart, one value for all, or one counting up. */
const enum Run {
  Each = 0,
  Same = 1,
  Step = 2,
}

/**
 * Buffers rows of one table and writes them ROWS_PER_STATEMENT at a time. Values go in one by one (`put`, then
 * `endRow`): no array per row, and few rows held, so little survives into the old generation.
 *
 * Each value better-sqlite3 binds costs ~80 ns (~100 with a string), more than SQLite takes to store it: a
 * million options bind 12 million values. Within a batch many columns hold one value for every row (the
 * connector, the import's timestamp, a NULL backend status, the creditor) and rowids count up by one. Such a
 * column is bound once for the whole statement (`@sN`, or `@sN + k` for the k-th row): in a million-row
 * import the writer spent 3.8 s in INSERTs instead of 4.3-5.0 s.
 */
export class RowBatch {
  private readonly values: Value[];
  private n = 0;
  private readonly shapes = new Map<string, Statement>();
  private readonly full: Statement;
  private readonly width: number;
  private readonly runs: Run[];

  constructor(
    private readonly db: Db,
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {
    this.width = columns.length;
    this.values = new Array<Value>(this.width * ROWS_PER_STATEMENT).fill(null);
    this.runs = new Array<Run>(this.width).fill(Run.Each);
    this.full = db.prepare(this.sql(ROWS_PER_STATEMENT, this.runs));
  }

  /** Statements prepared so far, one per shape of batch met. */
  get shapesPrepared(): number {
    return this.shapes.size;
  }

  private sql(rows: number, runs: readonly Run[]): string {
    const row = (k: number) =>
      `(${runs.map((r, c) => (r === Run.Each ? '?' : r === Run.Same || k === 0 ? `@s${c}` : `@s${c} + ${k}`)).join(', ')})`;
    const all = Array.from({ length: rows }, (_, k) => row(k)).join(', ');
    return `INSERT INTO ${this.table} (${this.columns.join(', ')}) VALUES ${all}`;
  }

  put(v: Value): void {
    this.values[this.n++] = v;
  }

  endRow(): void {
    if (this.n === this.values.length) this.flush();
  }

  flush(): void {
    const n = this.n;
    if (n === 0) return;
    this.n = 0;
    if (n < this.values.length) {
      this.db.prepare(this.sql(n / this.width, this.runs.fill(Run.Each))).run(this.values.slice(0, n));
      return;
    }
    const key = this.shapeOf();
    let stmt = this.shapes.get(key);
    if (stmt === undefined) {
      if (this.shapes.size >= MAX_SHAPES) {
        this.full.run(this.values);
        return;
      }
      stmt = this.db.prepare(this.sql(ROWS_PER_STATEMENT, this.runs));
      this.shapes.set(key, stmt);
    }
    const each: Value[] = [];
    const once: Record<string, Value> = {};
    const w = this.width;
    for (let c = 0; c < w; c++) if (this.runs[c] !== Run.Each) once[`s${c}`] = this.values[c]!;
    for (let i = 0; i < n; i++) if (this.runs[i % w] === Run.Each) each.push(this.values[i]!);
    stmt.run(each, once);
  }

  /** Fills `runs` for the buffered full batch and returns them as a cache key. */
  private shapeOf(): string {
    const v = this.values;
    const w = this.width;
    let key = '';
    for (let c = 0; c < w; c++) {
      const first = v[c];
      let run = Run.Same;
      for (let i = c + w; i < v.length; i += w)
        if (v[i] !== first) {
          run = Run.Each;
          break;
        }
      if (run === Run.Each && typeof first === 'number' && Number.isSafeInteger(first)) {
        run = Run.Step;
        for (let i = c + w, k = 1; i < v.length; i += w, k++)
          if (v[i] !== first + k) {
            run = Run.Each;
            break;
          }
      }
      this.runs[c] = run;
      key += run;
    }
    return key;
  }
}
