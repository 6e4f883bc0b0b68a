import type { Migration } from './index.js';

/**
 * Where forwarding of the audit trail to each syslog collector stands (audit/forwarding/): the last
 * entry the collector is known to hold. The trail itself is the queue: entries after that one wait in
 * `audit_events` until they are delivered, and pruning keeps them until then.
 */
export const migration0014AuditForwarding: Migration = {
  version: 14,
  name: 'audit-forwarding',
  up(db) {
    db.exec(`
      CREATE TABLE audit_forwarding (
        collector TEXT PRIMARY KEY,
        delivered_seq INTEGER NOT NULL DEFAULT 0,
        delivered_at INTEGER,
        last_attempt_at INTEGER,
        last_error TEXT
      ) STRICT;
    `);
  },
};
