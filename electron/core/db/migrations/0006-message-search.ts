import type { Migration } from './index.js';

/**
 * Full-text search over every chat: an external-content FTS5 index over `messages.content` (the text
 * is stored once, in `messages`; the index holds only terms and positions), kept in step by triggers.
 *
 * Only finished text is indexed. A streamed reply rewrites its content many times a second; indexing
 * each flush would tokenize the reply over and over, and a half-written reply is not what anyone
 * searches for. So a row is in the index exactly when its status is not `streaming`, with the
 * content it has now: the update trigger is skipped entirely while a reply streams (its WHEN clause),
 * removes the old text when a row's text changes or it goes back to streaming (continuing a cut-off
 * reply), and indexes the text when the row leaves streaming. The index is keyed by the messages'
 * rowid, which VACUUM keeps for a table with indexes (see history/eraseChats.ts, which checks it).
 */
export const migration0006MessageSearch: Migration = {
  version: 6,
  name: 'message-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        content,
        content = 'messages',
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages
      WHEN new.status <> 'streaming' BEGIN
        INSERT INTO messages_fts (rowid, content) VALUES (new.rowid, new.content);
      END;

      CREATE TRIGGER messages_fts_after_delete AFTER DELETE ON messages
      WHEN old.status <> 'streaming' BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.rowid, old.content);
      END;

      CREATE TRIGGER messages_fts_after_update AFTER UPDATE OF content, status ON messages
      WHEN old.status <> 'streaming' OR new.status <> 'streaming' BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, content)
          SELECT 'delete', old.rowid, old.content
          WHERE old.status <> 'streaming' AND (new.status = 'streaming' OR new.content IS NOT old.content);
        INSERT INTO messages_fts (rowid, content)
          SELECT new.rowid, new.content
          WHERE new.status <> 'streaming' AND (old.status = 'streaming' OR new.content IS NOT old.content);
      END;

      INSERT INTO messages_fts (rowid, content) SELECT rowid, content FROM messages WHERE status <> 'streaming';
    `);
  },
};
