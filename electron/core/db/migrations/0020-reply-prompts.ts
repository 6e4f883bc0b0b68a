import type { Migration } from './index.js';

/**
 * The exact prompt each reply was given (`reply_prompts`): a local model's rendered chat template or
 * a remote request's body as it left, after data-loss prevention. A table of its own, read only when
 * a reply's details ask for it, so listing a chat never reads prompts; it goes with its message.
 */
export const migration0020ReplyPrompts: Migration = {
  version: 20,
  name: 'reply-prompts',
  up(db) {
    db.exec(`
      CREATE TABLE reply_prompts (
        message_id TEXT PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('local-template', 'remote-request')),
        text TEXT NOT NULL,
        token_count INTEGER CHECK (token_count IS NULL OR token_count >= 0)
      ) STRICT;
    `);
  },
};
