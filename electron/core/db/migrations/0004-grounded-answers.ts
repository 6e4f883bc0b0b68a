import type { Migration } from './index.js';

/**
 * Grounded answers: the passages each reply was given (`message_sources`, a snapshot so a reply
 * keeps its sources after the document is removed) and the collection that holds files dropped into
 * one chat (`collections.chat_id`; the chat's deletion takes it along).
 */
export const migration0004GroundedAnswers: Migration = {
  version: 4,
  name: 'grounded-answers',
  up(db) {
    db.exec(`
      ALTER TABLE collections ADD COLUMN chat_id TEXT REFERENCES chats(id) ON DELETE CASCADE;
      CREATE UNIQUE INDEX collections_by_chat ON collections(chat_id) WHERE chat_id IS NOT NULL;

      CREATE TABLE message_sources (
        message_id TEXT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        number INTEGER NOT NULL CHECK (number > 0),
        chunk_id INTEGER NOT NULL,
        document_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        page INTEGER,
        section TEXT,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        text TEXT NOT NULL,
        score REAL NOT NULL,
        cited INTEGER NOT NULL DEFAULT 0 CHECK (cited IN (0, 1)),
        PRIMARY KEY (message_id, number)
      ) STRICT;
    `);
  },
};
