import type { Migration } from './index.js';

/**
 * A reasoning model's thoughts before each reply (`reply_thoughts`), kept apart from its content so
 * that they are never cited from, searched as the answer, or sent back to a model with the history;
 * with how long the model thought. It goes with its message.
 */
export const migration0021ReplyThoughts: Migration = {
  version: 21,
  name: 'reply-thoughts',
  up(db) {
    db.exec(`
      CREATE TABLE reply_thoughts (
        message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0)
      ) STRICT;
    `);
  },
};
