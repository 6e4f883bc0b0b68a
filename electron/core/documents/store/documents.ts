import type { Database } from 'better-sqlite3-multiple-ciphers';
import { type DocumentInfo, documentNoticesSchema } from '../../../shared/documents.js';
import { foundOr, jsonColumn, type RowOf, rowFields } from '../../db/rows.js';
import { pluckedStatement, statement } from '../../db/statements.js';
import { EnclaveError } from '../../errors.js';
import { newId } from '../../ids.js';
import { deleteChunkVectors, insertChunkVectors } from './vectorIndex.js';

/** A document as stored: what `DocumentInfo` shows, with its hash and the error as its two columns. */
export interface StoredDocument extends Omit<DocumentInfo, 'error'> {
  sha256: string;
  errorCode: string | null;
  errorMessage: string | null;
}

/** A document to register: the file it was read from; its page count and embedding model when known. */
export type NewDocument = Pick<StoredDocument, 'collectionId' | 'sha256' | 'fileName' | 'path' | 'format' | 'sizeBytes'> &
  Partial<Pick<StoredDocument, 'pageCount' | 'embeddingModelId'>>;

/** One passage of a document, with where it came from in the source. */
export interface NewChunk {
  /** 0-based position in the document. */
  ordinal: number;
  /** 1-based page for paged formats (PDF); null otherwise. */
  page: number | null;
  /** The page's printed label where the PDF gives one other than `page`; absent or null otherwise. */
  pageLabel?: string | null;
  /** Heading path or sheet name, when the format has one. */
  section: string | null;
  /** Character offsets of the chunk in the extracted text of its page (or of the whole document). */
  charStart: number;
  charEnd: number;
  tokenCount: number;
  text: string;
  /** Tesseract's confidence (0-100) when the chunk's text was read by OCR; absent or null otherwise. */
  ocrConfidence?: number | null;
}

/** A document row: its notices are the JSON text of `documents.notices`. */
type DocumentRow = RowOf<Omit<StoredDocument, 'notices'>> & { notices: string };

function toStoredDocument(row: DocumentRow): StoredDocument {
  return { ...rowFields(row), notices: jsonColumn(documentNoticesSchema, row.notices, 'documents.notices') };
}

const selectDocument = `
  SELECT d.*, (SELECT COUNT(*) FROM chunks c WHERE c.document_id = d.id) AS chunk_count
  FROM documents d`;

/** Registers a document as `indexing`; it is searchable only once `markDocumentReady` runs. */
export function insertDocument(db: Database, document: NewDocument, now = Date.now()): StoredDocument {
  const id = newId();
  statement(
    db,
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
  const insertChunk = statement(
    db,
    `INSERT INTO chunks (document_id, ordinal, page, page_label, section, char_start, char_end, token_count, text, ocr_confidence)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return db.transaction(() => {
    const document = getDocument(db, documentId);
    const ids = chunks.map((chunk) =>
      Number(
        insertChunk.run(
          documentId,
          chunk.ordinal,
          chunk.page,
          chunk.pageLabel ?? null,
          chunk.section,
          chunk.charStart,
          chunk.charEnd,
          chunk.tokenCount,
          chunk.text,
          chunk.ocrConfidence ?? null,
        ).lastInsertRowid,
      ),
    );
    if (embeddings) {
      insertChunkVectors(db, { collectionId: document.collectionId, modelId: document.embeddingModelId }, ids, embeddings);
    }
    return ids;
  })();
}

/** Makes a document searchable, with its page count when known and what the user should know about it (`notices`). */
export function markDocumentReady(db: Database, documentId: string, pageCount?: number | null, notices: readonly string[] = []): StoredDocument {
  const result = statement(
    db,
    `UPDATE documents SET status = 'ready', error_code = NULL, error_message = NULL,
       page_count = COALESCE(?, page_count), notices = ? WHERE id = ?`,
  ).run(pageCount ?? null, JSON.stringify(documentNoticesSchema.parse(notices)), documentId);
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
    const result = statement(db, `UPDATE documents SET status = 'error', error_code = ?, error_message = ? WHERE id = ?`).run(
      errorCode,
      errorMessage,
      documentId,
    );
    if (result.changes === 0) throw notFound(documentId);
  })();
  return getDocument(db, documentId);
}

/** Deletes a document with its chunks, FTS entries (by trigger) and vectors (explicitly), all or nothing. */
export function deleteDocument(db: Database, documentId: string): void {
  db.transaction(() => {
    deleteChunkVectors(db, 'SELECT id FROM chunks WHERE document_id = ?', documentId);
    const result = statement(db, 'DELETE FROM documents WHERE id = ?').run(documentId);
    if (result.changes === 0) throw notFound(documentId);
  })();
}

/** Removes a document's chunks and vectors but keeps the document row (to re-index it or record an error). */
export function deleteDocumentChunks(db: Database, documentId: string): void {
  db.transaction(() => {
    deleteChunkVectors(db, 'SELECT id FROM chunks WHERE document_id = ?', documentId);
    statement(db, 'DELETE FROM chunks WHERE document_id = ?').run(documentId);
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
    statement(db, 'UPDATE documents SET embedding_model_id = ? WHERE id = ?').run(embeddingModelId, documentId);
    insertChunks(db, documentId, chunks, embeddings);
  })();
}

/** Ready documents not indexed with `embeddingModelId` (null: keyword-only), oldest first. */
export function listStaleDocuments(db: Database, embeddingModelId: string | null): StoredDocument[] {
  const rows = statement(
    db,
    `${selectDocument} WHERE d.status = 'ready' AND d.embedding_model_id IS NOT ? ORDER BY d.added_at, d.rowid`,
  ).all(embeddingModelId) as DocumentRow[];
  return rows.map(toStoredDocument);
}

/** Newest first within the collection. */
export function listDocuments(db: Database, collectionId: string): StoredDocument[] {
  const rows = statement(db, `${selectDocument} WHERE d.collection_id = ? ORDER BY d.added_at DESC, d.rowid DESC`).all(
    collectionId,
  ) as DocumentRow[];
  return rows.map(toStoredDocument);
}

export function findDocument(db: Database, documentId: string): StoredDocument | undefined {
  const row = statement(db, `${selectDocument} WHERE d.id = ?`).get(documentId) as DocumentRow | undefined;
  return row && toStoredDocument(row);
}

/** The same bytes already in this collection, whatever the file is called now. */
export function findDocumentBySha(db: Database, collectionId: string, sha256: string): StoredDocument | undefined {
  const row = statement(db, `${selectDocument} WHERE d.collection_id = ? AND d.sha256 = ?`).get(collectionId, sha256) as
    | DocumentRow
    | undefined;
  return row && toStoredDocument(row);
}

export function getDocument(db: Database, documentId: string): StoredDocument {
  return foundOr(findDocument(db, documentId), () => notFound(documentId));
}

function notFound(documentId: string): EnclaveError {
  return new EnclaveError('not-found', `There is no document with id ${documentId}; it may have been deleted.`);
}

/**
 * A document still `indexing` when the database opens was being indexed by a process that died: it
 * is marked as failed (its partial chunks removed), so the user sees it and can add it again.
 */
export function markAbandonedIndexingFailed(db: Database): number {
  const ids = pluckedStatement(db, `SELECT id FROM documents WHERE status = 'indexing'`).all() as string[];
  for (const id of ids) {
    markDocumentError(db, id, 'import-cancelled', 'Enclave closed before this document was fully indexed; add it again.');
  }
  return ids.length;
}
