import type { Database } from 'better-sqlite3';

/** The triggers that keep `messages_fts` in step with `messages` (migration 6). */
export const messageIndexTriggers = [
  'messages_fts_after_insert',
  'messages_fts_after_delete',
  'messages_fts_after_update',
] as const;
export type MessageIndexTrigger = (typeof messageIndexTriggers)[number];

/**
 * Runs `body` in one transaction with the named triggers removed, then puts them back exactly as the
 * schema has them. For bulk work where row-by-row index upkeep costs more than redoing the index:
 * `body` must leave the index consistent itself (see `rebuildMessageIndex`).
 */
export function withoutTriggers<T>(db: Database, names: readonly string[], body: () => T): T {
  return db.transaction(() => {
    const restore = dropTriggers(db, names);
    const result = body();
    restore();
    return result;
  })();
}

/**
 * Drops the named triggers and returns what puts them back. Their SQL is read from the database, so
 * a later migration that changes a trigger is respected. Outside a transaction (a bulk load in many
 * transactions) the caller must restore them, and rebuild the index, before anyone else writes.
 */
export function dropTriggers(db: Database, names: readonly string[]): () => void {
  const definitions = names.map((name) => {
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").pluck().get(name);
    if (typeof sql !== 'string') throw new Error(`trigger ${name} is missing from the schema`);
    return { name, sql };
  });
  for (const { name } of definitions) db.exec(`DROP TRIGGER "${name}"`);
  return () => {
    for (const { sql } of definitions) db.exec(sql);
  };
}

/** Re-indexes every finished message from scratch (streaming ones stay out, as the triggers keep them). */
export function rebuildMessageIndex(db: Database): void {
  db.transaction(() => {
    db.exec(`INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')`);
    db.exec(`INSERT INTO messages_fts (rowid, content) SELECT rowid, content FROM messages WHERE status <> 'streaming'`);
  })();
}

/**
 * Merges the index into one segment. FTS5 removes a row by adding a delete marker; the deleted terms
 * stay in the older segments until those are merged, so erasure must merge them all.
 */
export function optimizeMessageIndex(db: Database): void {
  db.exec(`INSERT INTO messages_fts (messages_fts) VALUES ('optimize')`);
}
