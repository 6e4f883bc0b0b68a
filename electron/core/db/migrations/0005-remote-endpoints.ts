import type { Migration } from './index.js';

/**
 * Remote (OpenAI-compatible) endpoints, the record of every remote request, the price table, and
 * on each message which provider wrote it and why (routing reason, what was redacted).
 *
 * An endpoint's API key is never stored in clear in this database: `keychain` keeps it encrypted by
 * the OS keychain (Electron safeStorage), `env` keeps only the name of an environment variable, and
 * `file` (the headless CLI's fallback) keeps it in a separate owner-only file, as the README says.
 * `remote_requests` has no foreign keys on purpose: the record outlives the endpoint and the chat.
 */
export const migration0005RemoteEndpoints: Migration = {
  version: 5,
  name: 'remote-endpoints',
  up(db) {
    db.exec(`
      CREATE TABLE endpoints (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        base_url TEXT NOT NULL,
        key_storage TEXT NOT NULL CHECK (key_storage IN ('none', 'keychain', 'env', 'file')),
        key_env_var TEXT,
        key_ciphertext BLOB,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE remote_requests (
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
        outcome TEXT NOT NULL CHECK (outcome IN ('complete', 'interrupted', 'error', 'blocked')),
        error_code TEXT,
        duration_ms INTEGER,
        attempts INTEGER NOT NULL DEFAULT 1
      ) STRICT;
      CREATE INDEX remote_requests_by_time ON remote_requests(created_at);

      CREATE TABLE prices (
        model TEXT PRIMARY KEY,
        input_per_million REAL NOT NULL CHECK (input_per_million >= 0),
        output_per_million REAL NOT NULL CHECK (output_per_million >= 0),
        updated_at INTEGER NOT NULL
      ) STRICT;

      ALTER TABLE messages ADD COLUMN provider TEXT NOT NULL DEFAULT 'local' CHECK (provider IN ('local', 'remote'));
      ALTER TABLE messages ADD COLUMN endpoint_id TEXT;
      ALTER TABLE messages ADD COLUMN endpoint_name TEXT;
      ALTER TABLE messages ADD COLUMN route_reason TEXT;
      ALTER TABLE messages ADD COLUMN redactions_json TEXT;
      CREATE INDEX messages_by_time ON messages(created_at);

      ALTER TABLE collections ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1));
    `);
  },
};
