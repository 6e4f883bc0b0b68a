import { unspacedRanges } from './0015-trigram-search.js';
import type { Migration } from './index.js';

/** A text holding a character of those ranges, as a GLOB pattern: migration 15's, over the same ranges. */
const unspacedGlob = `'*[${unspacedRanges.map(([first, last]) => `${String.fromCodePoint(first)}-${String.fromCodePoint(last)}`).join('')}]*'`;

/**
 * Chat-history search for scripts written without spaces between words (Chinese, Japanese, Thai), as
 * migration 15 gave document search: `messages_fts` (migration 6, `unicode61`) reads
 * "今年の受験者数は増えた" as one token, so "受験者数" found nothing in past chats. `messages_trigram`
 * indexes every run of three characters of the messages that hold such a character; one- and
 * two-character words are found through the trigrams that begin with them (`messages_trigram_terms`,
 * an `fts5vocab` view), which is why each text is read with two line feeds appended (view
 * `messages_trigram_source`), as in migration 15.
 *
 * It follows `messages_fts` row for row: only finished text (never a row while it streams), keyed by
 * the messages' rowid, kept in step by triggers with the same WHEN clauses as migration 6's, and
 * deleting securely (`secure-delete`, migration 8) so an erased chat's words leave the file.
 * history/store/messageIndex.ts lists its triggers and rebuilds it with `messages_fts`;
 * truncateHistory.ts empties it with `messages_fts`. It is filled from the existing messages with
 * one `rebuild` inside the migration's transaction.
 */
export const migration0018MessageTrigramSearch: Migration = {
  version: 18,
  name: 'message-trigram-search',
  up(db) {
    db.exec(`
      CREATE VIEW messages_trigram_source AS
        SELECT rowid AS message_rowid, content || char(10, 10) AS content FROM messages
        WHERE status <> 'streaming' AND content GLOB ${unspacedGlob};

      CREATE VIRTUAL TABLE messages_trigram USING fts5(
        content,
        content = 'messages_trigram_source',
        content_rowid = 'message_rowid',
        tokenize = 'trigram'
      );
      CREATE VIRTUAL TABLE messages_trigram_terms USING fts5vocab(messages_trigram, 'row');

      CREATE TRIGGER messages_trigram_after_insert AFTER INSERT ON messages
      WHEN new.status <> 'streaming' AND new.content GLOB ${unspacedGlob} BEGIN
        INSERT INTO messages_trigram (rowid, content) VALUES (new.rowid, new.content || char(10, 10));
      END;

      CREATE TRIGGER messages_trigram_after_delete AFTER DELETE ON messages
      WHEN old.status <> 'streaming' AND old.content GLOB ${unspacedGlob} BEGIN
        INSERT INTO messages_trigram (messages_trigram, rowid, content) VALUES ('delete', old.rowid, old.content || char(10, 10));
      END;

      CREATE TRIGGER messages_trigram_after_update AFTER UPDATE OF content, status ON messages
      WHEN old.status <> 'streaming' OR new.status <> 'streaming' BEGIN
        INSERT INTO messages_trigram (messages_trigram, rowid, content)
          SELECT 'delete', old.rowid, old.content || char(10, 10)
          WHERE old.status <> 'streaming' AND old.content GLOB ${unspacedGlob}
            AND (new.status = 'streaming' OR new.content IS NOT old.content);
        INSERT INTO messages_trigram (rowid, content)
          SELECT new.rowid, new.content || char(10, 10)
          WHERE new.status <> 'streaming' AND new.content GLOB ${unspacedGlob}
            AND (old.status = 'streaming' OR new.content IS NOT old.content);
      END;

      INSERT INTO messages_trigram (messages_trigram) VALUES ('rebuild');
      INSERT INTO messages_trigram (messages_trigram, rank) VALUES ('secure-delete', 1);
    `);
  },
};
