/**
 * The document import bench:storage times: a file through the app's ingest path (`ingestDocument`:
 * hashing, the document reader process, chunking, chunks and vectors stored in batches of 64). The
 * model host is a stand-in, a boundary this bench does not cross: it chunks by characters, as
 * keyword-only ingestion does, and returns generated unit vectors, so no model time dilutes what
 * storage costs.
 */
import type { Database } from 'better-sqlite3-multiple-ciphers';
import {
  fallbackChunkChars,
  fallbackOverlapChars,
  ingestDocument,
  type IngestParser,
  type IngestProvider,
  planChunks,
} from '../../electron/core/documents/ingest/index.js';
import { createCollection } from '../../electron/core/documents/store/collections.js';
import type { ModelInfo } from '../../electron/shared/domain.js';
import { stubModelInfo } from '../../test/support/modelInfo.js';
import { benchEmbeddingModelId, createChunkGenerator } from './chunkData.js';

/** The embedding model the stand-in plays; never loaded. */
const standInModel: ModelInfo = { ...stubModelInfo, id: benchEmbeddingModelId, name: 'bench:storage stand-in embeddings' };

/** A model host that chunks by characters and embeds as generated unit vectors of `dim` dimensions. */
export function createStandInProvider(dim: number): IngestProvider {
  const generator = createChunkGenerator(dim, 11);
  return {
    chunkTexts: (_model, texts) =>
      Promise.resolve(
        texts.map((text) =>
          planChunks(text, { maxTokens: fallbackChunkChars, overlapTokens: fallbackOverlapChars, countTokens: (slice) => slice.length }),
        ),
      ),
    embed: (_model, texts) => Promise.resolve(texts.map(() => generator.unitVector([]))),
  };
}

/** Seconds to import `filePath` into a new collection named `collectionName` (not taken yet), through `ingestDocument`. */
export async function timeImport(
  db: Database,
  parts: { parser: IngestParser; provider: IngestProvider },
  filePath: string,
  collectionName: string,
): Promise<number> {
  const collection = createCollection(db, collectionName);
  const startedAt = performance.now();
  const result = await ingestDocument({ db, ...parts, embeddingModel: standInModel }, filePath, collection.id);
  const seconds = (performance.now() - startedAt) / 1000;
  if (result.status !== 'indexed') throw new Error(`${filePath} was not indexed: ${result.status}`);
  return seconds;
}
