import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement } from '../../db/statements.js';

/** The triggers that keep `messages_fts` in step with `messages` (migration 6). */
export const messageIndexTriggers = [
  'messages_fts_after_insert',
  'messages_fts_after_delete',
  'messages_fts_after_update',
] as const;
export type MessageIndexTrigger = (typeof messageIndexTriggers)[number];

/**
 * Drops the named triggers and returns what puts them back, for a bulk load where row-by-row index
 * upkeep costs more than indexing once (the benchmark's generated history). Their SQL is read from
 * the database, so a later migration that changes a trigger is respected. Outside a transaction the
 * caller must restore them, and rebuild the index, before anyone else writes.
 */
export function dropTriggers(db: Database, names: readonly string[]): () => void {
  const definitions = names.map((name) => {
    const sql = pluckedStatement(db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").get(name);
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
