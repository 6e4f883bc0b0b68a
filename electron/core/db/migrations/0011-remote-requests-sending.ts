import type { Migration } from './index.js';

/**
 * A remote request is recorded as `sending` before its first byte leaves, and completed after: a
 * process killed mid-request leaves the record, not nothing. SQLite cannot change a CHECK constraint
 * in place, so the table is rebuilt (same columns, same rows, same index).
 */
export const migration0011RemoteRequestsSending: Migration = {
  version: 11,
  name: 'remote-requests-sending',
  up(db) {
    db.exec(`
      CREATE TABLE remote_requests_new (
        id INTEGER PRIMARY KEY,
        created_at INTEGER NOT NULL,
        endpoint_id TEXT,
        endpoint_name TEXT NOT NULL,
        base_url TEXT NOT NULL,
        model TEXT NOT NULL,
        chat_id TEXT,
        message_id TEXT,
        tokens_in INTEGER,
        tokens_out INTEGER,
        usage_reported INTEGER NOT NULL DEFAULT 0 CHECK (usage_reported IN (0, 1)),
        dlp_summary_json TEXT NOT NULL DEFAULT '{}',
        outcome TEXT NOT NULL CHECK (outcome IN ('sending', 'complete', 'interrupted', 'error', 'blocked')),
        error_code TEXT,
        duration_ms INTEGER,
        attempts INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      INSERT INTO remote_requests_new SELECT * FROM remote_requests;
      DROP TABLE remote_requests;
      ALTER TABLE remote_requests_new RENAME TO remote_requests;
      CREATE INDEX remote_requests_by_time ON remote_requests(created_at);
    `);
  },
};
