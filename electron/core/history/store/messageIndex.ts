import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement } from '../../db/statements.js';

/** The triggers that keep `messages_fts` (migration 6) and `messages_trigram` (migration 18) in step with `messages`. */
export const messageIndexTriggers = [
  'messages_fts_after_insert',
  'messages_fts_after_delete',
  'messages_fts_after_update',
  'messages_trigram_after_insert',
  'messages_trigram_after_delete',
  'messages_trigram_after_update',
] as const;

/** The delete triggers alone, for a caller that empties both indexes in one step instead (truncateHistory.ts). */
export const messageIndexDeleteTriggers = ['messages_fts_after_delete', 'messages_trigram_after_delete'] as const;
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

/**
 * Re-indexes every finished message from scratch, in both indexes (streaming ones stay out, as the
 * triggers keep them; the trigram index's source view leaves them out by itself).
 */
export function rebuildMessageIndex(db: Database): void {
  db.transaction(() => {
    db.exec(`INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')`);
    db.exec(`INSERT INTO messages_fts (rowid, content) SELECT rowid, content FROM messages WHERE status <> 'streaming'`);
    db.exec(`INSERT INTO messages_trigram (messages_trigram) VALUES ('rebuild')`);
  })();
}

/** Empties both message indexes in one step each, for a caller deleting every message with the delete triggers dropped. */
export function emptyMessageIndex(db: Database): void {
  db.exec(`INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')`);
  db.exec(`INSERT INTO messages_trigram (messages_trigram) VALUES ('delete-all')`);
}
