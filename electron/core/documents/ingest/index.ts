export { type ChunkPlanOptions, type ChunkSpan, planChunks } from '../../text/chunkText.js';
export {
  chunkBatchSize,
  chunkOverlapTokens,
  chunkTokens,
  fallbackChunkChars,
  fallbackOverlapChars,
  type IngestDeps,
  ingestDocument,
  type IngestParser,
  type IngestProgress,
  type IngestProvider,
  type IngestResult,
} from './ingestDocument.js';
export { ingestFiles } from './ingestFiles.js';
