import type { Database } from 'better-sqlite3';
import { newId } from '../../db/ids.js';
import { EnclaveError } from '../../errors.js';
import { deleteChunkVectors, insertChunkVectors } from './vectorIndex.js';

export type DocumentStatus = 'indexing' | 'ready' | 'error';

export interface StoredDocument {
  id: string;
  collectionId: string;
  sha256: string;
  fileName: string;
  path: string;
  format: string;
  sizeBytes: number;
  pageCount: number | null;
  status: DocumentStatus;
  errorCode: string | null;
  errorMessage: string | null;
  embeddingModelId: string | null;
  addedAt: number;
  chunkCount: number;
}

export interface NewDocument {
  collectionId: string;
  sha256: string;
  fileName: string;
  path: string;
  format: string;
  sizeBytes: number;
  pageCount?: number | null;
  embeddingModelId?: string | null;
}

/** One passage of a document, with where it came from in the source. */
export interface NewChunk {
  /** 0-based position in the document. */
  ordinal: number;
  /** 1-based page for paged formats (PDF); null otherwise. */
  page: number | null;
  /** Heading path or sheet name, when the format has one. */
  section: string | null;
  /** Character offsets of the chunk in the extracted text of its page (or of the whole document). */
  charStart: number;
  charEnd: number;
  tokenCount: number;
  text: string;
}

interface DocumentRow {
  id: string;
  collection_id: string;
  sha256: string;
  file_name: string;
  path: string;
  format: string;
  size_bytes: number;
  page_count: number | null;
  status: DocumentStatus;
  error_code: string | null;
  error_message: string | null;
  embedding_model_id: string | null;
  added_at: number;
  chunk_count: number;
}

const selectDocument = `
  SELECT d.*, (SELECT COUNT(*) FROM chunks c WHERE c.document_id = d.id) AS chunk_count
  FROM documents d`;

function toDocument(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    collectionId: row.collection_id,
    sha256: row.sha256,
    fileName: row.file_name,
    path: row.path,
    format: row.format,
    sizeBytes: row.size_bytes,
    pageCount: row.page_count,
    status: row.status,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    embeddingModelId: row.embedding_model_id,
    addedAt: row.added_at,
    chunkCount: row.chunk_count,
  };
}

/** Registers a document as `indexing`; it is searchable only once `markDocumentReady` runs. */
export function insertDocument(db: Database, document: NewDocument, now = Date.now()): StoredDocument {
  const id = newId();
  db.prepare(
    `INSERT INTO documents (id, collection_id, sha256, file_name, path, format, size_bytes, page_count,
       status, embedding_model_id, added_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'indexing', ?, ?)`,
  ).run(
    id,
    document.collectionId,
    document.sha256,
    document.fileName,
    document.path,
    document.format,
    document.sizeBytes,
    document.pageCount ?? null,
    document.embeddingModelId ?? null,
    now,
  );
  return getDocument(db, id);
}

/**
 * Stores a batch of chunks (and their embeddings, when given) in one transaction: either every row
 * lands, in chunks, the FTS index and the vector tables, or none does.
 */
export function insertChunks(
  db: Database,
  documentId: string,
  chunks: readonly NewChunk[],
  embeddings: readonly Float32Array[] | null,
): number[] {
  if (embeddings && embeddings.length !== chunks.length) {
    throw new Error(`insertChunks: ${chunks.length} chunks but ${embeddings.length} embeddings`);
  }
  const insertChunk = db.prepare(
    `INSERT INTO chunks (document_id, ordinal, page, section, char_start, char_end, token_count, text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return db.transaction(() => {
    const document = getDocument(db, documentId);
    const ids = chunks.map((chunk) =>
      Number(
        insertChunk.run(
          documentId,
          chunk.ordinal,
          chunk.page,
          chunk.section,
          chunk.charStart,
          chunk.charEnd,
          chunk.tokenCount,
          chunk.text,
        ).lastInsertRowid,
      ),
    );
    if (embeddings) {
      insertChunkVectors(db, { collectionId: document.collectionId, modelId: document.embeddingModelId }, ids, embeddings);
    }
    return ids;
  })();
}

export function markDocumentReady(db: Database, documentId: string, pageCount?: number | null): StoredDocument {
  const result = db
    .prepare(
      `UPDATE documents SET status = 'ready', error_code = NULL, error_message = NULL,
         page_count = COALESCE(?, page_count) WHERE id = ?`,
    )
    .run(pageCount ?? null, documentId);
  if (result.changes === 0) throw notFound(documentId);
  return getDocument(db, documentId);
}

/**
 * Records why a document could not be indexed and removes whatever of it was stored, so a failed
 * file never contributes half its text to answers.
 */
export function markDocumentError(db: Database, documentId: string, errorCode: string, errorMessage: string): StoredDocument {
  db.transaction(() => {
    deleteDocumentChunks(db, documentId);
    const result = db
      .prepare(`UPDATE documents SET status = 'error', error_code = ?, error_message = ? WHERE id = ?`)
      .run(errorCode, errorMessage, documentId);
    if (result.changes === 0) throw notFound(documentId);
  })();
  return getDocument(db, documentId);
}

/** Deletes a document with its chunks, FTS entries (by trigger) and vectors (explicitly), all or nothing. */
export function deleteDocument(db: Database, documentId: string): void {
  db.transaction(() => {
    deleteChunkVectors(db, 'SELECT id FROM chunks WHERE document_id = ?', documentId);
    const result = db.prepare('DELETE FROM documents WHERE id = ?').run(documentId);
    if (result.changes === 0) throw notFound(documentId);
  })();
}

/** Removes a document's chunks and vectors but keeps the document row (to re-index it or record an error). */
export function deleteDocumentChunks(db: Database, documentId: string): void {
  db.transaction(() => {
    deleteChunkVectors(db, 'SELECT id FROM chunks WHERE document_id = ?', documentId);
    db.prepare('DELETE FROM chunks WHERE document_id = ?').run(documentId);
  })();
}

/**
 * Swaps a document's chunks and vectors for ones made with another embedding model (or none), in
 * one transaction: searches see either the old index or the new one, never a mix.
 */
export function replaceDocumentChunks(
  db: Database,
  documentId: string,
  embeddingModelId: string | null,
  chunks: readonly NewChunk[],
  embeddings: readonly Float32Array[] | null,
): void {
  db.transaction(() => {
    deleteDocumentChunks(db, documentId);
    db.prepare('UPDATE documents SET embedding_model_id = ? WHERE id = ?').run(embeddingModelId, documentId);
    insertChunks(db, documentId, chunks, embeddings);
  })();
}

/** Ready documents not indexed with `embeddingModelId` (null: keyword-only), oldest first. */
export function listStaleDocuments(db: Database, embeddingModelId: string | null): StoredDocument[] {
  const rows = db
    .prepare(
      `${selectDocument} WHERE d.status = 'ready' AND d.embedding_model_id IS NOT ? ORDER BY d.added_at, d.rowid`,
    )
    .all(embeddingModelId) as DocumentRow[];
  return rows.map(toDocument);
}

/** Newest first within the collection. */
export function listDocuments(db: Database, collectionId: string): StoredDocument[] {
  const rows = db
    .prepare(`${selectDocument} WHERE d.collection_id = ? ORDER BY d.added_at DESC, d.rowid DESC`)
    .all(collectionId) as DocumentRow[];
  return rows.map(toDocument);
}

export function findDocument(db: Database, documentId: string): StoredDocument | undefined {
  const row = db.prepare(`${selectDocument} WHERE d.id = ?`).get(documentId) as DocumentRow | undefined;
  return row && toDocument(row);
}

/** The same bytes already in this collection, whatever the file is called now. */
export function findDocumentBySha(db: Database, collectionId: string, sha256: string): StoredDocument | undefined {
  const row = db
    .prepare(`${selectDocument} WHERE d.collection_id = ? AND d.sha256 = ?`)
    .get(collectionId, sha256) as DocumentRow | undefined;
  return row && toDocument(row);
}

export function getDocument(db: Database, documentId: string): StoredDocument {
  const document = findDocument(db, documentId);
  if (!document) throw notFound(documentId);
  return document;
}

function notFound(documentId: string): EnclaveError {
  return new EnclaveError('not-found', `There is no document with id ${documentId}; it may have been deleted.`);
}

/**
 * A document still `indexing` when the database opens was being indexed by a process that died: it
 * is marked as failed (its partial chunks removed), so the user sees it and can add it again.
 */
export function markAbandonedIndexingFailed(db: Database): number {
  const ids = db.prepare(`SELECT id FROM documents WHERE status = 'indexing'`).pluck().all() as string[];
  for (const id of ids) {
    markDocumentError(db, id, 'import-cancelled', 'Enclave closed before this document was fully indexed; add it again.');
  }
  return ids.length;
}
