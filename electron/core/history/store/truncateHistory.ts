import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement } from '../../db/statements.js';
import { markErasurePending } from './erasureMark.js';
import { dropTriggers, emptyMessageIndex, messageIndexDeleteTriggers } from './messageIndex.js';

export interface TruncatedHistory {
  chatsDeleted: number;
  messagesDeleted: number;
}

/** The tables of the chat history, children first. */
const historyTables = ['message_sources', 'reply_prompts', 'reply_thoughts', 'messages', 'chat_collections', 'chats'] as const;

/**
 * Deletes every chat, message and source in one transaction, table by table: SQLite then frees
 * whole pages instead of deleting row by row through five indexes. That needs the foreign keys and
 * the message indexes' delete triggers off for the transaction; each index is emptied in one step instead.
 * The caller must have deleted the chats' own collections (their vectors need it) beforehand.
 *
 * The freed pages are not zeroed (zeroing a million messages' pages costs seconds): the erasure is
 * marked pending in the same transaction, and the caller compacts the file right after
 * (history/compactDatabase.ts), which drops those pages from it and clears the mark; a crash in between is
 * finished at the next start. `within` runs in the truncating transaction with the counts (to record
 * the erasure there).
 */
export function truncateHistory(db: Database, within: (counts: TruncatedHistory) => void = () => undefined): TruncatedHistory {
  // Both pragmas take effect only outside a transaction; nothing else runs on this connection until
  // they are back, since this function does not yield.
  db.pragma('foreign_keys = OFF');
  db.pragma('secure_delete = OFF');
  try {
    return db.transaction(() => {
      const counts = {
        chatsDeleted: pluckedStatement(db, 'SELECT COUNT(*) FROM chats').get() as number,
        messagesDeleted: pluckedStatement(db, 'SELECT COUNT(*) FROM messages').get() as number,
      };
      const restoreTrigger = dropTriggers(db, messageIndexDeleteTriggers);
      emptyMessageIndex(db);
      for (const table of historyTables) db.exec(`DELETE FROM ${table}`);
      restoreTrigger();
      assertNothingRefersToHistory(db);
      markErasurePending(db);
      within(counts);
      return counts;
    })();
  } finally {
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
  }
}

/**
 * With foreign keys off nothing cascades: a table that refers to chats or messages and was not
 * emptied above (a later migration's) would be left pointing at nothing. Found here, the whole
 * transaction is rolled back and nothing is deleted.
 */
function assertNothingRefersToHistory(db: Database): void {
  const referring = pluckedStatement(
    db,
    `SELECT DISTINCT t.name FROM sqlite_schema t, pragma_foreign_key_list(t.name) f
     WHERE t.type = 'table' AND f."table" IN ('chats', 'messages')`,
  ).all() as string[];
  for (const table of referring) {
    const violations = db.pragma(`foreign_key_check("${table}")`) as unknown[];
    if (violations.length > 0) throw new Error(`erasing every chat left ${violations.length} rows of ${table} referring to deleted chats or messages`);
  }
}
