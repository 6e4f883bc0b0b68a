import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { LoadedPolicy } from '../policy/loadPolicy.js';
import { toAuditEntry } from './auditEntries.js';
import type { AuditTrail } from './auditTrail.js';
import { lastRowOfTypes } from './store/auditLog.js';

/**
 * Records which policy is in force (`policy.loaded`, or `policy.invalid` with why), at each start and
 * each change while the app runs; first `policy.changed` when its content (the combined hash of its
 * sources) differs from the last one recorded, whether edited, replaced or removed since the last
 * start or a moment ago. The sources and their own hashes are recorded too, so an auditor can tell
 * which file or registry key changed.
 */
export function recordPolicyInForce(db: Database, trail: AuditTrail, loaded: LoadedPolicy): void {
  const { policy, sha256, source } = loaded;
  const layers = Object.fromEntries((source.layers ?? []).map((layer) => [layer.location, layer.sha256]));
  const where = { path: source.path, origin: source.origin, status: source.status, sha256: sha256 ?? null, layers };
  const previous = lastRowOfTypes(db, ['policy.loaded', 'policy.invalid']);
  const previousSha256 = previous ? toAuditEntry(previous).details.sha256 : undefined;
  if (previousSha256 !== undefined && previousSha256 !== where.sha256) {
    trail.record('policy.changed', { path: source.path, previousSha256, sha256: where.sha256, previousSeq: previous?.seq ?? null });
  }
  if (source.status === 'invalid') trail.record('policy.invalid', { ...where, error: source.error ?? null });
  else trail.record('policy.loaded', { ...where, name: policy.name ?? null, networkMode: policy.network.mode });
}
