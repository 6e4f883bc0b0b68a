import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { createChat, deleteChat } from '../../../electron/core/chat/store/chats.js';
import {
  attachCollection,
  createCollection,
  deleteCollection,
  listChatCollections,
  listCollections,
  renameCollection,
} from '../../../electron/core/documents/store/collections.js';
import {
  deleteDocument,
  findDocumentBySha,
  getDocument,
  insertChunks,
  insertDocument,
  listDocuments,
  markAbandonedIndexingFailed,
  markDocumentError,
  markDocumentReady,
  type NewChunk,
} from '../../../electron/core/documents/store/documents.js';
import {
  binaryTableName,
  int8TableName,
  listVectorIndexes,
  vectorTableName,
} from '../../../electron/core/documents/store/vectorIndex.js';
import { useTempDir } from '../../support/tempDir.js';

// A multiple of 32, so the compact (sign-bit and int8) tables are written beside the float vectors.
const dim = 32;

function chunk(ordinal: number, text: string): NewChunk {
  return { ordinal, page: ordinal + 1, section: null, charStart: 0, charEnd: text.length, tokenCount: 3, text };
}

function vector(seed: number): Float32Array {
  return Float32Array.from({ length: dim }, (_, index) => Math.sin(seed * 7 + index));
}

function counts(db: Database): Record<string, number> {
  const count = (sql: string): number => db.prepare(sql).pluck().get() as number;
  const result: Record<string, number> = {
    chunks: count('SELECT COUNT(*) FROM chunks'),
    // External-content FTS5 reads COUNT(*) through the content table; the index's own rows are in docsize.
    fts: count('SELECT COUNT(*) FROM chunks_fts_docsize'),
  };
  for (const { dim: d } of listVectorIndexes(db)) {
    for (const table of [vectorTableName(d), binaryTableName(d), int8TableName(d)]) {
      result[table] = count(`SELECT COUNT(*) FROM ${table}`);
    }
  }
  return result;
}

/** The expected row count of every vector table of `dim`: float, sign bits, int8. */
function vectorRows(rows: number): Record<string, number> {
  return { [vectorTableName(dim)]: rows, [binaryTableName(dim)]: rows, [int8TableName(dim)]: rows };
}

describe('document store', () => {
  const tempDir = useTempDir();
  let db: Database;
  afterEach(() => db.close());

  function open(): Database {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    return db;
  }

  function addDocument(collectionId: string, sha: string, texts: string[], withVectors = true): string {
    const document = insertDocument(db, {
      collectionId,
      sha256: sha,
      fileName: `${sha}.txt`,
      path: `/docs/${sha}.txt`,
      format: 'txt',
      sizeBytes: 10,
      embeddingModelId: 'tiny',
    });
    insertChunks(
      db,
      document.id,
      texts.map((text, index) => chunk(index, text)),
      withVectors ? texts.map((_, index) => vector(index + sha.length)) : null,
    );
    markDocumentReady(db, document.id, texts.length);
    return document.id;
  }

  it('creates, renames, lists and refuses duplicate collection names case-insensitively', () => {
    open();
    const papers = createCollection(db, '  Papers ');
    expect(papers.name).toBe('Papers');
    expect(() => createCollection(db, 'papers')).toThrow(expect.objectContaining({ code: 'invalid-request' }));
    expect(() => createCollection(db, '  ')).toThrow(expect.objectContaining({ code: 'invalid-request' }));
    createCollection(db, 'archive');
    expect(renameCollection(db, papers.id, 'Research').name).toBe('Research');
    expect(listCollections(db).map((c) => c.name)).toEqual(['archive', 'Research']);
    expect(() => renameCollection(db, 'nope', 'x')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('stores documents and chunks, finds a document by SHA-256 and refuses the same bytes twice', () => {
    open();
    const collection = createCollection(db, 'c');
    const id = addDocument(collection.id, 'abc', ['one two', 'three four']);
    const [document] = listDocuments(db, collection.id);
    expect(document).toMatchObject({ id, status: 'ready', chunkCount: 2, pageCount: 2, embeddingModelId: 'tiny' });
    expect(findDocumentBySha(db, collection.id, 'abc')?.id).toBe(id);
    expect(findDocumentBySha(db, collection.id, 'zzz')).toBeUndefined();
    expect(() => addDocument(collection.id, 'abc', ['again'])).toThrow(/UNIQUE/);
    expect(listVectorIndexes(db)).toEqual([expect.objectContaining({ dim, modelId: 'tiny' })]);
  });

  it('inserts a document’s chunks all or nothing', () => {
    open();
    const collection = createCollection(db, 'c');
    const document = insertDocument(db, {
      collectionId: collection.id, sha256: 's', fileName: 'f', path: '/f', format: 'txt', sizeBytes: 1,
    });
    const bad = [vector(1), Float32Array.from({ length: dim + 1 }, () => 1)];
    expect(() => insertChunks(db, document.id, [chunk(0, 'alpha'), chunk(1, 'beta')], bad)).toThrow(/mixed dimensions/);
    expect(counts(db)).toEqual({ chunks: 0, fts: 0 });
    expect(listVectorIndexes(db)).toEqual([]);
  });

  it('marking a document failed keeps the error and drops whatever was stored', () => {
    open();
    const collection = createCollection(db, 'c');
    const id = addDocument(collection.id, 'abc', ['one', 'two']);
    const failed = markDocumentError(db, id, 'document-corrupt', 'The PDF is damaged.');
    expect(failed).toMatchObject({ status: 'error', errorCode: 'document-corrupt', chunkCount: 0 });
    expect(counts(db)).toEqual({ chunks: 0, fts: 0, ...vectorRows(0) });
  });

  it('leaves no orphan rows after deleting a document, then a collection', () => {
    open();
    const keep = createCollection(db, 'keep');
    const drop = createCollection(db, 'drop');
    const keptId = addDocument(keep.id, 'k1', ['kept passage one', 'kept passage two']);
    const doomedId = addDocument(keep.id, 'k2', ['doomed passage', 'doomed again', 'third']);
    addDocument(drop.id, 'd1', ['gone one', 'gone two']);
    addDocument(drop.id, 'd2', ['gone three'], false);
    const chat = createChat(db, 't');
    attachCollection(db, chat.id, drop.id);
    attachCollection(db, chat.id, keep.id);
    expect(counts(db)).toEqual({ chunks: 8, fts: 8, ...vectorRows(7) });

    deleteDocument(db, doomedId);
    expect(counts(db)).toEqual({ chunks: 5, fts: 5, ...vectorRows(4) });
    expect(db.prepare("SELECT COUNT(*) FROM chunks_fts WHERE chunks_fts MATCH 'doomed'").pluck().get()).toBe(0);

    deleteCollection(db, drop.id);
    expect(counts(db)).toEqual({ chunks: 2, fts: 2, ...vectorRows(2) });
    expect(listChatCollections(db, chat.id).map((c) => c.name)).toEqual(['keep']);
    const vectorIds = db.prepare(`SELECT chunk_id FROM ${vectorTableName(dim)} ORDER BY chunk_id`).pluck().all();
    const chunkIds = db.prepare('SELECT id FROM chunks WHERE document_id = ? ORDER BY id').pluck().all(keptId);
    expect(vectorIds).toEqual(chunkIds);
    db.prepare("INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')").run();
    expect(() => deleteDocument(db, doomedId)).toThrow(expect.objectContaining({ code: 'not-found' }));

    deleteChat(db, chat.id);
    expect(db.prepare('SELECT COUNT(*) FROM chat_collections').pluck().get()).toBe(0);
    expect(listCollections(db)).toHaveLength(1);
  });
  it('marks a document left indexing by a dead process as failed, with nothing of it searchable', () => {
    open();
    const collection = createCollection(db, 'Interrupted');
    const documentId = addDocument(collection.id, 'abandoned', ['half of a document'], true);
    db.prepare(`UPDATE documents SET status = 'indexing' WHERE id = ?`).run(documentId);
    expect(markAbandonedIndexingFailed(db)).toBe(1);
    expect(getDocument(db, documentId)).toMatchObject({ status: 'error', errorCode: 'import-cancelled' });
    expect(counts(db)).toMatchObject({ chunks: 0, fts: 0 });
    expect(markAbandonedIndexingFailed(db)).toBe(0);
  });
});
