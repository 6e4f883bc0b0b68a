import type { Database } from 'better-sqlite3';
import type { ChatEraseReport } from '../../shared/history.js';
import { deleteChat } from '../db/chats.js';
import { deleteChatCollections, deleteCollection } from '../documents/store/collections.js';
import { optimizeMessageIndex, rebuildMessageIndex, withoutTriggers } from './messageIndex.js';

/**
 * Deletes a chat (its messages, their sources, and the collection of files dropped into it) and
 * erases the deleted text from the database file: the "right to erasure" holds for the file's
 * bytes, not just for what the app shows. Throws `not-found` for an unknown chat.
 */
export function eraseChat(db: Database, chatId: string): ChatEraseReport {
  const { messagesDeleted, ownedCollections } = db.transaction(() => {
    const counts = {
      messagesDeleted: countRows(db, 'SELECT COUNT(*) FROM messages WHERE chat_id = ?', chatId),
      ownedCollections: countRows(db, 'SELECT COUNT(*) FROM collections WHERE chat_id = ?', chatId),
    };
    // Before the chat: vec0 tables have no cascade, so the chat's own collection removes its vectors first.
    deleteChatCollections(db, chatId);
    deleteChat(db, chatId);
    return counts;
  })();
  // A chat with nothing in it (the CLI drops one a refused send left behind) has no text in the search
  // indexes, and secure_delete has zeroed its row: emptying the log is all that is left to do.
  const fileErased =
    messagesDeleted === 0 && ownedCollections === 0 ? checkpoint(db) : eraseDeletedText(db, { documentsDeleted: ownedCollections > 0 });
  return { chatsDeleted: 1, messagesDeleted, fileErased };
}

/** Deletes every chat and erases their text from the database file; collections shared by chats stay. */
export function eraseAllChats(db: Database): ChatEraseReport {
  // Every message goes, so the index is emptied in one step rather than by one delete per message
  // (which re-tokenizes each message's text): the delete trigger is off for this transaction.
  const { chatsDeleted, messagesDeleted, ownedCollections } = withoutTriggers(db, ['messages_fts_after_delete'], () => {
    const counts = {
      chatsDeleted: countRows(db, 'SELECT COUNT(*) FROM chats'),
      messagesDeleted: countRows(db, 'SELECT COUNT(*) FROM messages'),
      ownedCollections: countRows(db, 'SELECT COUNT(*) FROM collections WHERE chat_id IS NOT NULL'),
    };
    const owned = db.prepare('SELECT id FROM collections WHERE chat_id IS NOT NULL').pluck().all() as string[];
    for (const collectionId of owned) deleteCollection(db, collectionId);
    db.exec(`INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')`);
    // See deleteChat: unlinked first, so a long branch does not cascade one trigger level per message.
    db.exec('UPDATE messages SET parent_id = NULL WHERE parent_id IS NOT NULL');
    db.exec('DELETE FROM chats');
    return counts;
  });
  const fileErased = eraseDeletedText(db, { documentsDeleted: ownedCollections > 0 });
  return { chatsDeleted, messagesDeleted, fileErased };
}

/**
 * Makes deleted rows unrecoverable from the file. secure_delete (always on, see openDatabase) zeroes
 * a deleted row's bytes in its page, but three copies survive it: terms in FTS5 segments written
 * before the delete (a delete only adds a marker until segments merge), older page images in the
 * write-ahead log, and text moved around by page rebalancing. So: merge the search indexes into one
 * segment, checkpoint and truncate the log, VACUUM (a fresh copy of only the live rows), and
 * truncate the log VACUUM itself wrote. Returns false when another connection kept the file busy.
 */
export function eraseDeletedText(db: Database, options: { documentsDeleted: boolean }): boolean {
  optimizeMessageIndex(db);
  // A deleted chat's own files leave their passages' terms in the document index the same way.
  if (options.documentsDeleted) db.exec(`INSERT INTO chunks_fts (chunks_fts) VALUES ('optimize')`);
  if (!checkpoint(db)) return false;
  const before = rowidFingerprint(db);
  try {
    db.exec('VACUUM');
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  }
  // The message index is keyed by the messages' rowid, which SQLite's VACUUM keeps for a table with
  // indexes but does not promise to. It copies rows in rowid order, so renumbering shows as a change
  // of count, sum or maximum; if it ever happens, the index is rebuilt rather than left pointing
  // at the wrong rows.
  if (rowidFingerprint(db) !== before) rebuildMessageIndex(db);
  return checkpoint(db);
}

/** Copies the log into the database and truncates it to zero bytes; false if a reader held it. */
function checkpoint(db: Database): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return result?.busy === 0;
}

function rowidFingerprint(db: Database): string {
  return JSON.stringify(db.prepare('SELECT COUNT(*), MAX(rowid), TOTAL(rowid) FROM messages').raw().get());
}

function countRows(db: Database, sql: string, ...parameters: string[]): number {
  return db.prepare(sql).pluck().get(...parameters) as number;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
