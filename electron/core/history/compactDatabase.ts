import type { Database } from 'better-sqlite3';
import { rebuildMessageIndex } from './messageIndex.js';

/**
 * Set in the transaction that frees pages without zeroing them (erasing everything, see
 * truncateHistory.ts) and cleared once VACUUM has rewritten the file without them: while it is set,
 * deleted text may still lie in free pages. A start-up or erasure that finds it set compacts first.
 */
const erasurePendingKey = 'history.erasurePending';

/** How the database file's pages are used: holding data, or free for reuse. */
export interface DatabaseUsage {
  liveBytes: number;
  freeBytes: number;
}

export function databaseUsage(db: Database): DatabaseUsage {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const free = db.pragma('freelist_count', { simple: true }) as number;
  return { liveBytes: (pages - free) * pageSize, freeBytes: free * pageSize };
}

/** Records, inside the caller's transaction, that free pages hold deleted text until a compaction. */
export function markErasurePending(db: Database): void {
  db.prepare(`INSERT INTO settings (key, value_json) VALUES (?, 'true') ON CONFLICT (key) DO UPDATE SET value_json = 'true'`).run(
    erasurePendingKey,
  );
}

export function isErasurePending(db: Database): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(erasurePendingKey) !== undefined;
}

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
  db.prepare('DELETE FROM settings WHERE key = ?').run(erasurePendingKey);
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return result?.busy === 0;
}

function rowidFingerprint(db: Database): string {
  return JSON.stringify(db.prepare('SELECT COUNT(*), MAX(rowid), TOTAL(rowid) FROM messages').raw().get());
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
