import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditDetails } from '../../shared/audit.js';
import type { ChatEraseReport } from '../../shared/history.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { chatExists, deleteChat } from '../chat/store/chats.js';
import { truncateWal } from '../db/walCheckpointer.js';
import { deleteChatCollections, deleteCollection } from '../documents/store/collections.js';
import { EnclaveError } from '../errors.js';
import { compactDatabase, emptyWalOfErasedText } from './compactDatabase.js';
import { chatOwnedCollectionIds, deleteMessageByRowid, newestMessageRowids } from './store/erasure.js';
import { isErasurePending } from './store/erasureMark.js';
import { truncateHistory } from './store/truncateHistory.js';

export interface EraseOptions {
  /**
   * How long one slice of the erasure may hold the database, and the thread, before other work (the
   * window's requests, a reply being written) gets a turn. The default, 100 ms, lets a typical chat
   * go in one slice and keeps each wait short; 0 makes every slice a single step.
   */
  sliceBudgetMs?: number;
  /**
   * The app's trail: the erasure is recorded (ids and counts) in the transaction that deletes the chat
   * or empties the history, so the entry commits exactly when the chats are gone.
   */
  audit?: AuditTrail | undefined;
  /** More to record with the erasure of one chat: why it went, when not at the user's word (retention). */
  auditDetails?: AuditDetails;
}

const defaultSliceBudgetMs = 100;
/**
 * Messages of one chat deleted per step: one, because each rewrites the index pages of its words
 * in every index segment (milliseconds to tens of them on a long history), so a slice ends near
 * its budget.
 */
const chatMessagesPerStep = 1;

/**
 * Deletes a chat (its messages, their sources, and the collection of files dropped into it) and
 * erases the deleted text from the database file: the "right to erasure" holds for the file's
 * bytes, not just for what the app shows. Throws `not-found` for an unknown chat.
 *
 * No index rebuild and no VACUUM: the search indexes delete securely (migration 8) and
 * secure_delete zeroes every freed byte, so the cost follows the chat's size, not the history's. A
 * long chat goes in slices, newest message first, with other work let through between them.
 */
export async function eraseChat(db: Database, chatId: string, options: EraseOptions = {}): Promise<ChatEraseReport> {
  if (!chatExists(db, chatId)) throw new EnclaveError('not-found', `There is no chat with id ${chatId}; it may have been deleted.`);
  let messagesDeleted = 0;
  // Newest first, one row per statement: a reply goes before the message it answers, so no delete
  // cascades down a branch (a DELETE of several rows would take them in rowid order, parent first).
  await inSlices(db, options, () => {
    const rowids = newestMessageRowids(db, chatId, chatMessagesPerStep);
    for (const rowid of rowids) messagesDeleted += deleteMessageByRowid(db, rowid);
    return rowids.length < chatMessagesPerStep;
  });
  db.transaction(() => {
    const collectionsDeleted = deleteChatItself(db, chatId);
    options.audit?.record('chats.erased', { scope: 'one', chatId, chats: 1, messages: messagesDeleted, collectionsDeleted, ...options.auditDetails });
  })();
  return { chatsDeleted: 1, messagesDeleted, fileErased: (await truncateWal(db)) || emptyWalOfErasedText(db) };
}

/**
 * Deletes every chat and erases their text from the database file; collections shared by chats
 * stay. The chats' own collections go first, one per slice. Then, in one go: the history is
 * truncated table by table, its pages freed without zeroing (store/truncateHistory.ts), and the file is
 * rewritten from what is kept (VACUUM), which drops those pages from it.
 *
 * When everything goes, rewriting what is kept costs far less than zeroing what is deleted, or
 * deleting it row by row in slices (1,000,000 messages: about a second, against seconds to zero
 * and minutes in slices; bench:history). If the file stays busy, the erasure stays pending and is
 * finished at the next start (compactDatabase.ts).
 */
export async function eraseAllChats(db: Database, options: EraseOptions = {}): Promise<ChatEraseReport> {
  let collectionsDeleted = 0;
  await inSlices(db, options, () => {
    const [collectionId] = chatOwnedCollectionIds(db);
    if (collectionId === undefined) return true;
    deleteCollection(db, collectionId);
    collectionsDeleted++;
    return false;
  });
  // No turn for other work from here: a chat started now would find its collection deleted.
  for (const collectionId of chatOwnedCollectionIds(db)) {
    deleteCollection(db, collectionId);
    collectionsDeleted++;
  }
  const { chatsDeleted, messagesDeleted } = truncateHistory(db, (counts) =>
    options.audit?.record('chats.erased', { scope: 'all', chatId: null, chats: counts.chatsDeleted, messages: counts.messagesDeleted, collectionsDeleted }),
  );
  // Compacted but the log not yet emptied (the checkpoint worker held it): empty it now.
  const fileErased = compactDatabase(db) || (!isErasurePending(db) && ((await truncateWal(db)) || emptyWalOfErasedText(db)));
  return { chatsDeleted, messagesDeleted, fileErased };
}

/**
 * Runs `step` until it returns true (done), in transactions of about the slice budget each, and
 * lets other work run between transactions. At least one step per transaction.
 */
async function inSlices(db: Database, options: EraseOptions, step: () => boolean): Promise<void> {
  const budgetMs = options.sliceBudgetMs ?? defaultSliceBudgetMs;
  const slice = db.transaction(() => {
    const startedAt = performance.now();
    for (;;) {
      if (step()) return true;
      if (performance.now() - startedAt >= budgetMs) return false;
    }
  });
  while (!slice()) await nextTurn();
}

/**
 * The chat row, with its own collections; messages written into it since the last slice go with
 * it (deleteChat unlinks them first). Returns how many collections went with it (none when someone
 * else deleted the chat meanwhile).
 */
function deleteChatItself(db: Database, chatId: string): number {
  if (!chatExists(db, chatId)) return 0;
  // Before the chat: vec0 tables have no cascade, so the chat's own collection removes its vectors first.
  const collectionsDeleted = deleteChatCollections(db, chatId);
  deleteChat(db, chatId);
  return collectionsDeleted;
}

/** Lets queued work (IPC requests, timers, streamed tokens) run before the next slice. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
