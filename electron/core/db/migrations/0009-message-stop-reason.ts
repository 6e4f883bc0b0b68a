import type { Migration } from './index.js';

/**
 * Replies keep why their generation ended (`end`, `max-tokens`, `aborted`), so the window can offer
 * to continue a reply that reached its token limit, not only one that was stopped. Replies written
 * before this migration have no recorded reason (null).
 */
export const migration0009MessageStopReason: Migration = {
  version: 9,
  name: 'message-stop-reason',
  up(db) {
    db.exec(`ALTER TABLE messages ADD COLUMN stop_reason TEXT CHECK (stop_reason IN ('end', 'max-tokens', 'aborted'))`);
  },
};
