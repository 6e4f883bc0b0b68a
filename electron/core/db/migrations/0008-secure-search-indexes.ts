import type { Migration } from './index.js';

/**
 * Deleting from a search index removes the text's terms from the index itself. By default FTS5
 * deletes by adding a marker and leaves the terms in older segments until they merge, so erasing a
 * chat meant merging the whole index and a VACUUM (seconds to tens of seconds on a long history).
 * With FTS5's `secure-delete` option (SQLite 3.44+) a delete rewrites the index pages that held
 * the row's terms, and `PRAGMA secure_delete` (openDatabase) zeroes what the rewrite frees: the
 * cost follows what is deleted, not the size of the history (history/eraseChats.ts).
 *
 * Both indexes are merged once here, so terms left behind by deletes before this version (replaced
 * reply text, removed documents) leave the file too.
 */
export const migration0008SecureSearchIndexes: Migration = {
  version: 8,
  name: 'secure-search-indexes',
  up(db) {
    db.exec(`
      INSERT INTO messages_fts (messages_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('secure-delete', 1);
      INSERT INTO messages_fts (messages_fts) VALUES ('optimize');
      INSERT INTO chunks_fts (chunks_fts) VALUES ('optimize');
    `);
  },
};
