import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { Policy } from '../../shared/policy.js';
import type { AuditTrail } from './auditTrail.js';
import { collectorTarget } from './forwarding/collector.js';
import { forwardingState } from './forwarding/store.js';
import { pruneTrail } from './pruneTrail.js';

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Deletes the entries older than the machine policy's `audit.retentionDays` (none when it is not set:
 * the trail is kept for good), at core start. Returns how many went. A failure (another Enclave holding
 * the file, say) does not stop the start: the same entries are pruned at the next one, and nothing
 * is lost by keeping them longer.
 */
export function pruneByRetention(db: Database, trail: AuditTrail, policy: Policy, now = Date.now()): number {
  const days = policy.audit?.retentionDays;
  if (days === undefined) return 0;
  try {
    // Entries the policy's collector has not confirmed yet are kept: retention never drops one unsent.
    const collector = collectorTarget(policy);
    const keepFrom = collector ? forwardingState(db, collector.address).delivered_seq + 1 : undefined;
    return pruneTrail(db, trail, trail.key, now - days * dayMs, keepFrom);
  } catch {
    return 0;
  }
}
