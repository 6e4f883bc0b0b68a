import type { Database } from 'better-sqlite3';
import { deleteSetting, hasSetting, writeSetting } from '../../settings/store/settings.js';

/**
 * Set in the transaction that frees pages without zeroing them (erasing everything, see
 * truncateHistory.ts) and cleared once VACUUM has rewritten the file without them: while it is set,
 * deleted text may still lie in free pages. A start-up or erasure that finds it set compacts first.
 */
const erasurePendingKey = 'history.erasurePending';

/** Records, inside the caller's transaction, that free pages hold deleted text until a compaction. */
export function markErasurePending(db: Database): void {
  writeSetting(db, erasurePendingKey, 'true');
}

export function isErasurePending(db: Database): boolean {
  return hasSetting(db, erasurePendingKey);
}

/** Once the file has been rewritten without the freed pages. */
export function clearErasurePending(db: Database): void {
  deleteSetting(db, erasurePendingKey);
}

/**
 * Set when an erasure deleted rows (their pages zeroed) but another program's open read kept the
 * write-ahead log from being emptied: old page images, deleted text among them, are still in the
 * log. Cleared once it is emptied (history/erasureFinisher.ts; at the latest, the next start).
 */
const walErasurePendingKey = 'history.walErasurePending';

export function markWalErasurePending(db: Database): void {
  writeSetting(db, walErasurePendingKey, 'true');
}

export function isWalErasurePending(db: Database): boolean {
  return hasSetting(db, walErasurePendingKey);
}

export function clearWalErasurePending(db: Database): void {
  deleteSetting(db, walErasurePendingKey);
}
