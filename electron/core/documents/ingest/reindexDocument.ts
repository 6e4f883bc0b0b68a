import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ModelInfo } from '../../../shared/domain.js';
import { cancelledError } from '../parse/documentErrors.js';
import { type NewChunk, replaceDocumentChunks } from '../store/documents.js';
import { readDocumentSections } from '../store/passages.js';
import { chunkBatchSize, chunkSection, type IngestProvider } from './ingestDocument.js';

export interface ReindexDeps {
  db: Database;
  provider: IngestProvider;
  /** The new embedding model; null re-indexes for keyword search only. */
  embeddingModel: ModelInfo | null;
  signal?: AbortSignal;
}

/**
 * Re-indexes one document for another embedding model from the text already in the database (the
 * original file may be long gone): its sections are rebuilt from the stored chunks, chunked again
 * with the new model's tokenizer, embedded, and swapped in atomically, so the document stays
 * searchable under its old index until the new one is complete. Pages, sections and offsets carry over.
 */
export async function reindexDocument(deps: ReindexDeps, documentId: string, fileName: string): Promise<number> {
  const { db, signal, embeddingModel } = deps;
  const chunks: NewChunk[] = [];
  for (const section of readDocumentSections(db, documentId)) {
    if (signal?.aborted) throw cancelledError(fileName);
    chunks.push(...(await chunkSection(deps, section, chunks.length)));
  }
  let vectors: Float32Array[] | null = null;
  if (embeddingModel) {
    vectors = [];
    for (let start = 0; start < chunks.length; start += chunkBatchSize) {
      if (signal?.aborted) throw cancelledError(fileName);
      const batch = chunks.slice(start, start + chunkBatchSize).map((chunk) => chunk.text);
      vectors.push(...(await deps.provider.embed(embeddingModel, batch, signal)));
    }
  }
  if (signal?.aborted) throw cancelledError(fileName);
  replaceDocumentChunks(db, documentId, embeddingModel?.id ?? null, chunks, vectors);
  return chunks.length;
}
