import type { Database } from 'better-sqlite3-multiple-ciphers';
import { rawStatement } from '../../db/statements.js';

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

/** Rewrites the file from its live data; throws SQLITE_BUSY or SQLITE_LOCKED while another connection holds it. */
export function vacuum(db: Database): void {
  db.exec('VACUUM');
}

/** The messages' rowids summed up (count, maximum, total): changes if a VACUUM renumbered them. */
export function messageRowidFingerprint(db: Database): string {
  return JSON.stringify(rawStatement(db, 'SELECT COUNT(*), MAX(rowid), TOTAL(rowid) FROM messages').get());
}
