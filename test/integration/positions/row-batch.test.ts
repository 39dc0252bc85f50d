import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROWS_PER_STATEMENT, RowBatch, type Value } from '../../../electron/store/positions/row-batch';

const COLUMNS = ['id', 'k', 'txt', 'n'] as const;

function table() {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, txt TEXT, n INTEGER) STRICT`);
  return db;
}

function write(rows: Value[][]) {
  const db = table();
  const b = new RowBatch(db, 't', COLUMNS);
  for (const r of rows) {
    for (const v of r) b.put(v);
    b.endRow();
  }
  b.flush();
  const got = db.prepare(`SELECT id, k, txt, n FROM t ORDER BY id`).raw().all();
  const statements = b.shapesPrepared;
  db.close();
  return { got, statements };
}

describe('row batch (multi-row INSERT binding a run of equal or counting values once)', () => {
  it('writes every value as given whatever runs through each batch: equal, counting up, NULL, mixed', () => {
    const rows: Value[][] = [];
    for (let i = 0; i < ROWS_PER_STATEMENT * 5 + 7; i++) {
      const batch = Math.floor(i / ROWS_PER_STATEMENT);
      rows.push([
        // ids count up in batches 0-2, then jump (not a run of +1), and the partial batch at the end
        batch < 3 ? 1 + i : 1000 + i * 3,
        batch % 2 === 0 ? 'same' : `k${i % 3}`,
        batch === 1 ? null : i % 5 === 0 ? null : `t${i}`,
        // counts up by one but starting anywhere; in batch 4 the same number, a string-looking one
        batch === 4 ? 7 : 40 + i,
      ]);
    }
    const { got, statements } = write(rows);
    expect(got).toEqual(rows);
    expect(statements).toBeGreaterThan(1);
  });

  it('binds every value once the table has seen too many shapes, and still writes them right', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE u (id INTEGER PRIMARY KEY, a, b, c, d)`);
    const batch = new RowBatch(db, 'u', ['id', 'a', 'b', 'c', 'd']);
    const rows: Value[][] = [];
    // 81 batches: each of a-d the same on every row, counting up, or neither (base-3 digits of the batch).
    for (let n = 0; n < 81; n++)
      for (let r = 0; r < ROWS_PER_STATEMENT; r++) {
        const row: Value[] = [1 + n * ROWS_PER_STATEMENT + r];
        for (let c = 0, k = n; c < 4; c++, k = Math.floor(k / 3))
          row.push(k % 3 === 0 ? `s${c}` : k % 3 === 1 ? 10 * c + r : (r * 7) % 5);
        rows.push(row);
        for (const v of row) batch.put(v);
        batch.endRow();
      }
    batch.flush();
    expect(db.prepare(`SELECT id, a, b, c, d FROM u ORDER BY id`).raw().all()).toEqual(rows);
    expect(batch.shapesPrepared).toBe(32);
    db.close();
  });

  it('keeps a float that is the same on every row as a float, and does not count up floats', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE f (x REAL, y REAL)`);
    const b = new RowBatch(db, 'f', ['x', 'y']);
    for (let i = 0; i < ROWS_PER_STATEMENT; i++) {
      b.put(0.5);
      b.put(0.5 + i);
      b.endRow();
    }
    expect(db.prepare(`SELECT x, y FROM f`).raw().all()).toEqual(
      Array.from({ length: ROWS_PER_STATEMENT }, (_, i) => [0.5, 0.5 + i]),
    );
    db.close();
  });
});
