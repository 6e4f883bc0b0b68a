import type { Migration } from './index.js';

/**
 * The audit trail (audit/): one row per act, in order, each carrying the hash of the one before and a
 * seal (an HMAC under a key the database does not hold), and a sealed head naming the last entry.
 * Triggers refuse to change an entry, and to delete one outside the pruning path (which sets
 * `audit_state.pruning` inside its own transaction and leaves a sealed base to verify from).
 */
export const migration0013AuditTrail: Migration = {
  version: 13,
  name: 'audit-trail',
  up(db) {
    db.exec(`
      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL,
        seal BLOB NOT NULL
      ) STRICT;
      CREATE INDEX audit_events_at ON audit_events (at);
      CREATE INDEX audit_events_type ON audit_events (type, seq);

      CREATE TABLE audit_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pruning INTEGER NOT NULL DEFAULT 0,
        head_seq INTEGER NOT NULL DEFAULT 0,
        head_hash BLOB NOT NULL,
        head_seal BLOB NOT NULL,
        base_seq INTEGER NOT NULL DEFAULT 0,
        base_hash BLOB NOT NULL,
        base_seal BLOB NOT NULL
      ) STRICT;
      INSERT INTO audit_state (id, head_hash, head_seal, base_hash, base_seal) VALUES (1, zeroblob(32), x'', zeroblob(32), x'');

      CREATE TRIGGER audit_events_are_never_changed BEFORE UPDATE ON audit_events
      BEGIN
        SELECT RAISE(ABORT, 'audit entries cannot be changed');
      END;
      CREATE TRIGGER audit_events_are_deleted_only_by_pruning BEFORE DELETE ON audit_events
      WHEN (SELECT pruning FROM audit_state WHERE id = 1) = 0
      BEGIN
        SELECT RAISE(ABORT, 'audit entries are removed only by pruning');
      END;
    `);
  },
};
