import type { Migration } from './index.js';

export const migration0001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE chats (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('streaming', 'complete', 'interrupted', 'error')),
        model_id TEXT,
        model_name TEXT,
        error_code TEXT,
        error_message TEXT,
        tokens_in INTEGER,
        tokens_out INTEGER,
        time_to_first_token_ms INTEGER,
        duration_ms INTEGER,
        created_at INTEGER NOT NULL,
        UNIQUE (chat_id, seq)
      ) STRICT;

      CREATE INDEX messages_by_status ON messages(status) WHERE status = 'streaming';

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      ) STRICT;
    `);
  },
};
