import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement, statement } from '../../db/statements.js';

/** The rowids of a chat's newest `limit` messages, newest first. */
export function newestMessageRowids(db: Database, chatId: string, limit: number): number[] {
  return pluckedStatement(db, 'SELECT rowid FROM messages WHERE chat_id = ? ORDER BY seq DESC LIMIT ?').all(chatId, limit) as number[];
}

/** Deletes one message by rowid; the number of rows deleted (0 when it was gone already). */
export function deleteMessageByRowid(db: Database, rowid: number): number {
  return statement(db, 'DELETE FROM messages WHERE rowid = ?').run(rowid).changes;
}

/** The collections that hold files dropped into a chat (each goes with its chat). */
export function chatOwnedCollectionIds(db: Database): string[] {
  return pluckedStatement(db, 'SELECT id FROM collections WHERE chat_id IS NOT NULL').all() as string[];
}
