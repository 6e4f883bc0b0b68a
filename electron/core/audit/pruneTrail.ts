import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditTrail } from './auditTrail.js';
import { seal } from './auditChain.js';
import { auditRowAt, auditState, firstSeqSince, pruneAuditRows } from './store/auditLog.js';

/**
 * Deletes the entries older than `before` (policy `audit.retentionDays`), keeping the chain verifiable:
 * the hash of the last deleted entry becomes the sealed base the rest is checked from. The pruning is
 * itself an entry. The newest entry is always kept, and every one from `keepFrom` on (those a syslog
 * collector has not confirmed yet). Returns how many were deleted.
 */
export function pruneTrail(db: Database, trail: AuditTrail, sealKey: Buffer | null, before: number, keepFrom = Number.POSITIVE_INFINITY): number {
  const deleted = db.transaction(() => {
    const state = auditState(db);
    const firstKept = Math.min(firstSeqSince(db, before) ?? state.head_seq, keepFrom);
    const lastDeleted = auditRowAt(db, firstKept - 1);
    if (!lastDeleted || firstKept - 1 <= state.base_seq) return 0;
    return pruneAuditRows(db, firstKept, lastDeleted.hash, seal(sealKey, 'base', lastDeleted.seq, lastDeleted.hash));
  })();
  if (deleted > 0) trail.record('audit.pruned', { entriesDeleted: deleted, before });
  return deleted;
}
