import type { Db } from './database';

/**
 * The desk's small remembered facts (app_meta, migration 001): one text value per key. What a value means, and
 * whether a stored one is still sound, is for its owner to decide: it is read back as plain text.
 */
export function readMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM app_meta WHERE key = ?').get(key) as
    { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: Db, key: string, value: string): void {
  db.prepare(
    'INSERT INTO app_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}
