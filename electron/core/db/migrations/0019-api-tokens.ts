import type { Migration } from './index.js';

/**
 * The local API server's clients (apiServer/): one bearer token each, kept as its SHA-256 only (the
 * token is shown once when made), by a name the audit trail shows. Revoking deletes the row; the
 * trail keeps what the client did.
 */
export const migration0019ApiTokens: Migration = {
  version: 19,
  name: 'api-tokens',
  up(db) {
    db.exec(`
      CREATE TABLE api_tokens (
        name TEXT PRIMARY KEY COLLATE NOCASE,
        token_sha256 TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        last_used_at INTEGER
      ) STRICT;
    `);
  },
};
