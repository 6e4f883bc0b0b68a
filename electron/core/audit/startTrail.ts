import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { LoadedPolicy } from '../policy/loadPolicy.js';
import { AuditTrail } from './auditTrail.js';
import { recordPolicyInForce } from './policyEntries.js';

export interface TrailStart {
  /** The seal key (null: unsealed), and whether it was made just now (a new key file). */
  auditKey: Buffer | null;
  auditKeyNew: boolean;
  /** Who acts through this core: the window (`app`) or the command line (`cli`). */
  actor: string;
  version: string;
  policy: LoadedPolicy;
}

/**
 * The trail of a core's acts, its start recorded first, then the policy in force. A seal key made
 * just now is recorded too when the trail already has entries: seals are checked from that entry on.
 */
export function startAuditTrail(db: Database, start: TrailStart): AuditTrail {
  const trail = new AuditTrail(db, start.auditKey, start.actor);
  if (start.auditKeyNew && trail.length > 0) trail.recordSealKeyChange({ previousEntries: trail.length });
  trail.record('app.started', { version: start.version, sealed: trail.sealed });
  // Which sources, and which content (their hash), decide what may leave this machine from now on.
  recordPolicyInForce(db, trail, start.policy);
  return trail;
}
