import type { Database } from 'better-sqlite3-multiple-ciphers';
import { deleteSetting, hasSetting, writeSetting } from '../../settings/store/settings.js';

/** A flag kept in the settings table: set inside the caller's transaction, cleared once its work is done. */
function settingFlag(key: string) {
  return {
    mark: (db: Database): void => writeSetting(db, key, 'true'),
    isSet: (db: Database): boolean => hasSetting(db, key),
    clear: (db: Database): void => deleteSetting(db, key),
  };
}

/**
 * Set in the transaction that frees pages without zeroing them (erasing everything, see
 * truncateHistory.ts) and cleared once VACUUM has rewritten the file without them: while it is set,
 * deleted text may still lie in free pages. A start-up or erasure that finds it set compacts first.
 */
const fileErasure = settingFlag('history.erasurePending');

/**
 * Set when an erasure deleted rows (their pages zeroed) but another program's open read kept the
 * write-ahead log from being emptied: old page images, deleted text among them, are still in the
 * log. Cleared once it is emptied (history/erasureFinisher.ts; at the latest, the next start).
 */
const walErasure = settingFlag('history.walErasurePending');

/** Records, inside the caller's transaction, that free pages hold deleted text until a compaction. */
export const markErasurePending = fileErasure.mark;
export const isErasurePending = fileErasure.isSet;
/** Once the file has been rewritten without the freed pages. */
export const clearErasurePending = fileErasure.clear;

export const markWalErasurePending = walErasure.mark;
export const isWalErasurePending = walErasure.isSet;
export const clearWalErasurePending = walErasure.clear;
