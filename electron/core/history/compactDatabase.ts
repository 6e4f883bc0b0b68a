import type { Database } from 'better-sqlite3';
import { checkpointTruncate } from '../db/walCheckpointer.js';
import { clearErasurePending, isErasurePending } from './store/erasureMark.js';
import { messageRowidFingerprint, vacuum } from './store/fileSpace.js';
import { rebuildMessageIndex } from './store/messageIndex.js';

/**
 * Finishes an erasure a crash or a busy file interrupted (see markErasurePending). Null when none
 * was pending; else whether the file is now clean.
 */
export function finishPendingErasure(db: Database): boolean | null {
  return isErasurePending(db) ? compactDatabase(db) : null;
}

/**
 * Rewrites the file from its live data (VACUUM) and empties the write-ahead log VACUUM wrote: free
 * pages, and whatever they held, are gone from the file, which shrinks to what is kept. Its cost
 * follows the size of what is kept, and it holds the database while it runs. Clears a pending
 * erasure. Returns false when another connection kept the file busy (the erasure stays pending).
 */
export function compactDatabase(db: Database): boolean {
  const before = messageRowidFingerprint(db);
  try {
    vacuum(db);
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  }
  // The message index is keyed by the messages' rowid, which SQLite's VACUUM keeps for a table with
  // indexes but does not promise to. It copies rows in rowid order, so renumbering shows as a change
  // of count, sum or maximum; if it ever happens, the index is rebuilt rather than left pointing
  // at the wrong rows.
  if (messageRowidFingerprint(db) !== before) rebuildMessageIndex(db);
  clearErasurePending(db);
  return checkpointTruncate(db);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
