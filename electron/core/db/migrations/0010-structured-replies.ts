import type { Migration } from './index.js';

/**
 * Replies remember that they were constrained to a JSON schema (structured output), so the window
 * shows exactly those as a table with "Copy JSON", not every reply that happens to be JSON. Replies
 * written before this migration are not marked and show as text.
 */
export const migration0010StructuredReplies: Migration = {
  version: 10,
  name: 'structured-replies',
  up(db) {
    db.exec(`ALTER TABLE messages ADD COLUMN structured INTEGER NOT NULL DEFAULT 0 CHECK (structured IN (0, 1))`);
  },
};
