import type { Database } from 'better-sqlite3-multiple-ciphers';
import { checkpointTruncate, withoutWaiting } from '../db/walCheckpointer.js';
import { clearErasurePending, clearWalErasurePending, isErasurePending, isWalErasurePending, markWalErasurePending } from './store/erasureMark.js';
import { messageRowidFingerprint, vacuum } from './store/fileSpace.js';
import { rebuildMessageIndex } from './store/messageIndex.js';

/**
 * Finishes an erasure a crash or a busy file interrupted (see markErasurePending). Null when none
 * was pending; else whether the file is now clean.
 */
export function finishPendingErasure(db: Database): boolean | null {
  if (isErasurePending(db)) return compactDatabase(db);
  if (isWalErasurePending(db)) return emptyWalOfErasedText(db);
  return null;
}

/** Empties the write-ahead log after an erasure, in one try that never waits: false while a reader holds it (still pending). */
export function emptyWalOfErasedText(db: Database): boolean {
  if (!checkpointTruncate(db)) {
    markWalErasurePending(db);
    return false;
  }
  clearWalErasurePending(db);
  return true;
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
    // Never waits for another program's reader: busy leaves the erasure pending, finished in the background.
    withoutWaiting(db, () => vacuum(db));
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
  return emptyWalOfErasedText(db);
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
