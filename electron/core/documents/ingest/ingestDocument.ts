import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ModelInfo } from '../../../shared/domain.js';
import type { AuditTrail } from '../../audit/auditTrail.js';
import { EnclaveError } from '../../errors.js';
import { hashFiles } from '../../files/hashing.js';
import { detectDocumentFormat, type ExtractedSection, sniffLength } from '../parse/index.js';
import { cancelledError, missingError, toDocumentError, tooManyChunksError } from '../parse/documentErrors.js';
import { maxDocumentChunks } from '../parse/limits.js';
import {
  deleteDocument,
  findDocumentBySha,
  insertChunks,
  insertDocument,
  markDocumentError,
  markDocumentReady,
  type NewChunk,
} from '../store/documents.js';
import { type ChunkSpan, planChunks } from '../../text/chunkText.js';
import { estimateTokens } from '../../text/estimateTokens.js';

/** Chunk size with an embedding model: small enough to be one idea, large enough to carry its context. */
export const chunkTokens = 256;
export const chunkOverlapTokens = 32;
/**
 * Without an embedding model (keyword search only) chunks are measured in characters: about 1,000
 * characters (roughly 250 English tokens) with 150 of overlap, so the same text splits about alike.
 */
export const fallbackChunkChars = 1000;
export const fallbackOverlapChars = 150;
/** Chunks embedded and stored per transaction: progress stays smooth and memory stays flat on huge files. */
export const chunkBatchSize = 64;

/** What ingestion needs from the model host (a `LocalProvider` satisfies it). */
export interface IngestProvider {
  chunkTexts(model: ModelInfo, texts: string[], maxTokens: number, overlap: number): Promise<ChunkSpan[][]>;
  embed(model: ModelInfo, texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

/**
 * Reads a file's sections. A `DocumentParserClient`, which reads them in the document reader process
 * (parserProcess/), so a hostile file costs that process and not this one.
 */
export interface IngestParser {
  extract(
    filePath: string,
    options: {
      signal?: AbortSignal | undefined;
      /** Tesseract languages for scanned pages and pictures; English when absent. */
      ocrLanguages?: readonly string[] | undefined;
      /** Hears the file's notices in words, once, after its last section. */
      onNotices?: ((notices: string[]) => void) | undefined;
    },
  ): AsyncIterable<ExtractedSection>;
}

export interface IngestProgress {
  filePath: string;
  /** `hashing` before anything is stored; `indexing` while sections are read, chunked and embedded. */
  stage: 'hashing' | 'indexing';
  /** The last page read, for paged formats; null otherwise. */
  page: number | null;
  /** Chunks stored so far (searchable only once the document is ready). */
  chunksStored: number;
}

export interface IngestDeps {
  db: Database;
  /**
   * The app's trail: a document that becomes ready is recorded in the same transaction. Absent where
   * a bare database is indexed on its own (benchmarks, tests of indexing alone).
   */
  audit?: AuditTrail;
  provider: IngestProvider;
  parser: IngestParser;
  /** Chunks are measured by its tokenizer and embedded with it; null indexes for keyword search only. */
  embeddingModel: ModelInfo | null;
  /** Stops between steps with an `import-cancelled` error; nothing of the document is left behind. */
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  /** Most chunks the document may make before it fails with `document-too-large`; `maxDocumentChunks` by default. */
  maxChunks?: number;
  /** The Tesseract languages OCR reads scans in (the `ocrLanguages` setting); English when absent. */
  ocrLanguages?: readonly string[];
}

export interface IngestResult {
  status: 'indexed' | 'duplicate';
  documentId: string;
  chunkCount: number;
  /** What the user should know about the document (unreadable pages, a copy restriction), in words. */
  notices: string[];
}

/**
 * Indexes one file into a collection: SHA-256 first (the same bytes already there are a `duplicate`),
 * then its sections are streamed from the reader process (`deps.parser`), chunked, embedded and
 * stored in batches (at most `maxDocumentChunks` chunks), and the document becomes
 * `ready` (searchable) only at the end. On failure the document stays listed as `error` with the
 * reason and none of its chunks or vectors; on cancel it is deleted outright. Either way the error
 * is thrown with its specific code (`document-encrypted`, `import-cancelled`, ...). Chunk offsets are
 * into the whole extracted text (sections joined with a blank line), as `ExtractedSection.charStart` is.
 */
export async function ingestDocument(deps: IngestDeps, filePath: string, collectionId: string): Promise<IngestResult> {
  const { db, signal } = deps;
  const report = (stage: IngestProgress['stage'], page: number | null, chunksStored: number) =>
    deps.onProgress?.({ filePath, stage, page, chunksStored });
  if (signal?.aborted) throw cancelledError(filePath);
  report('hashing', null, 0);
  const { sizeBytes, format } = await inspect(filePath);
  const sha256 = await hashFiles([filePath], () => undefined, signal).catch((error: unknown) => {
    if (signal?.aborted) throw cancelledError(filePath);
    // hashFiles speaks of models; a document that vanished while hashed gets the document's message.
    if (error instanceof EnclaveError && error.code === 'model-file-missing') throw missingError(filePath, error);
    throw toDocumentError(filePath, error);
  });
  const existing = findDocumentBySha(db, collectionId, sha256);
  if (existing?.status === 'ready') return { status: 'duplicate', documentId: existing.id, chunkCount: existing.chunkCount, notices: existing.notices };
  // A copy that failed or was interrupted (the app quit mid-import) is replaced, not counted as a duplicate.
  if (existing) deleteDocument(db, existing.id);

  const document = insertDocument(db, {
    collectionId,
    sha256,
    fileName: path.basename(filePath),
    path: filePath,
    format,
    sizeBytes,
    embeddingModelId: deps.embeddingModel?.id ?? null,
  });
  try {
    let stored = 0;
    let lastPage: number | null = null;
    const pending: NewChunk[] = [];
    const flush = async () => {
      const batch = pending.splice(0);
      if (batch.length === 0) return;
      const vectors = deps.embeddingModel
        ? await deps.provider.embed(deps.embeddingModel, batch.map((chunk) => chunk.text), signal)
        : null;
      if (signal?.aborted) throw cancelledError(filePath);
      insertChunks(db, document.id, batch, vectors);
      stored += batch.length;
      report('indexing', lastPage, stored);
    };
    const maxChunks = deps.maxChunks ?? maxDocumentChunks;
    let notices: string[] = [];
    const reading = { signal, ocrLanguages: deps.ocrLanguages, onNotices: (said: string[]) => (notices = said) };
    for await (const section of deps.parser.extract(filePath, reading)) {
      lastPage = section.page ?? lastPage;
      for (const chunk of await chunkSection(deps, section, stored + pending.length)) pending.push(chunk);
      if (stored + pending.length > maxChunks) throw tooManyChunksError(filePath, maxChunks);
      if (pending.length >= chunkBatchSize) await flush();
      else report('indexing', lastPage, stored);
    }
    await flush();
    db.transaction(() => {
      const ready = markDocumentReady(db, document.id, lastPage, notices);
      deps.audit?.record('document.imported', {
        documentId: ready.id,
        collectionId,
        sha256,
        sizeBytes,
        format,
        pages: ready.pageCount,
        chunks: stored,
        embeddingModelId: ready.embeddingModelId,
      });
    })();
    return { status: 'indexed', documentId: document.id, chunkCount: stored, notices };
  } catch (error) {
    const failure = signal?.aborted ? cancelledError(filePath) : toDocumentError(filePath, error);
    if (failure instanceof EnclaveError && failure.code === 'import-cancelled') deleteDocument(db, document.id);
    else if (failure instanceof EnclaveError) markDocumentError(db, document.id, failure.code, failure.message);
    else markDocumentError(db, document.id, 'internal', failure instanceof Error ? failure.message : String(failure));
    throw failure;
  }
}

/** The chunks of one section, numbered from `firstOrdinal`, with offsets into the whole extracted text. */
export async function chunkSection(deps: Pick<IngestDeps, 'provider' | 'embeddingModel'>, section: ExtractedSection, firstOrdinal: number): Promise<NewChunk[]> {
  const spans = deps.embeddingModel
    ? (await deps.provider.chunkTexts(deps.embeddingModel, [section.text], chunkTokens, chunkOverlapTokens))[0] ?? []
    : planChunks(section.text, {
        maxTokens: fallbackChunkChars,
        overlapTokens: fallbackOverlapChars,
        countTokens: (text) => text.length,
      });
  return spans.map((span, index) => ({
    ordinal: firstOrdinal + index,
    page: section.page,
    pageLabel: section.pageLabel ?? null,
    section: section.section,
    charStart: section.charStart + span.start,
    charEnd: section.charStart + span.end,
    // Without a model the plan was measured in characters; store an estimate of tokens, not that.
    tokenCount: deps.embeddingModel ? span.tokenCount : estimateTokens(section.text.slice(span.start, span.end)),
    text: section.text.slice(span.start, span.end),
    // Every chunk of an OCR'd page carries the page's confidence: a citation of it says so.
    ocrConfidence: section.ocrConfidence ?? null,
  }));
}

/** Size and format, checked before hashing so an unsupported or missing file fails at once with its own message. */
async function inspect(filePath: string): Promise<{ sizeBytes: number; format: string }> {
  try {
    const { size } = await stat(filePath);
    const handle = await open(filePath, 'r');
    try {
      const head = Buffer.alloc(Math.min(size, sniffLength));
      await handle.read(head, 0, head.length, 0);
      return { sizeBytes: size, format: detectDocumentFormat(filePath, head) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toDocumentError(filePath, error);
  }
}
