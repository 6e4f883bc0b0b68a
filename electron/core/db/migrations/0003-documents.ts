import type { Migration } from './index.js';

/**
 * The document index: collections of imported files, their chunks (text with page, section and
 * character offsets in the source) and an FTS5 index over the chunk text kept in step by triggers.
 * Vector tables (sqlite-vec `vec0`) depend on the embedding model's dimension, so they are created at
 * run time, one pair per dimension (see documents/store/vectorIndex.ts); `vector_indexes` lists them.
 */
export const migration0003Documents: Migration = {
  version: 3,
  name: 'documents',
  up(db) {
    db.exec(`
      CREATE TABLE collections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        page_count INTEGER,
        status TEXT NOT NULL CHECK (status IN ('indexing', 'ready', 'error')),
        error_code TEXT,
        error_message TEXT,
        embedding_model_id TEXT,
        added_at INTEGER NOT NULL,
        UNIQUE (collection_id, sha256)
      ) STRICT;

      CREATE TABLE chunks (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ordinal INTEGER NOT NULL,
        page INTEGER,
        section TEXT,
        char_start INTEGER NOT NULL,
        char_end INTEGER NOT NULL,
        token_count INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (document_id, ordinal)
      ) STRICT;

      CREATE VIRTUAL TABLE chunks_fts USING fts5(
        text,
        content = 'chunks',
        content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2'
      );

      CREATE TRIGGER chunks_fts_after_insert AFTER INSERT ON chunks BEGIN
        INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
      END;
      CREATE TRIGGER chunks_fts_after_delete AFTER DELETE ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
      END;
      CREATE TRIGGER chunks_fts_after_update AFTER UPDATE OF text ON chunks BEGIN
        INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
      END;

      CREATE TABLE vector_indexes (
        dim INTEGER PRIMARY KEY,
        model_id TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE chat_collections (
        chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
        collection_id TEXT NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
        PRIMARY KEY (chat_id, collection_id)
      ) STRICT;

      CREATE INDEX documents_by_collection ON documents(collection_id, status);
      CREATE INDEX chat_collections_by_collection ON chat_collections(collection_id);
    `);
  },
};
