/**
 * Top-1 and top-5 page accuracy: the documents are indexed with `ingestDocument`, as an import does, into
 * two temporary databases (keyword-only: no embedding model, chunks measured in characters; hybrid: the
 * embedding model chunks and embeds), and each question is searched with `searchChunks` at the app's
 * default relevance floor, its query embedded as `DocumentService.search` embeds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { ingestDocument, type IngestProvider } from '../../../electron/core/documents/ingest/index.js';
import type { ExtractedSection } from '../../../electron/core/documents/parse/types.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { searchChunks } from '../../../electron/core/documents/store/retrieve.js';
import { defaultAppSettings, type ModelInfo } from '../../../electron/shared/domain.js';
import type { BenchQuestion } from './questions.js';
import type { BenchDocument } from './sources.js';

/** Hits a user sees as sources; the answer page among them counts as found in the top 5. */
export const topHits = 5;

/** Hits the mean reciprocal rank looks at (MRR@10): an answer page further down counts 0. */
export const reciprocalRankDepth = 10;

/**
 * keyword-only index: the library as indexed without an embedding model (character-sized chunks).
 * keyword, vector, hybrid: the same index made with the embedding model (its chunks), searched by
 * keywords alone, by the vectors alone, and by both.
 */
export type SearchMode = 'keyword-only index' | 'keyword' | 'vector' | 'hybrid';

export interface QuestionResult {
  question: BenchQuestion;
  mode: SearchMode;
  /** "document p.N" of each hit, best first (at most `topHits`). */
  got: string[];
  first: boolean;
  inTop: boolean;
  /** 1 / the rank of the first hit on an answer page within `reciprocalRankDepth`, else 0. */
  reciprocalRank: number;
}

export interface AskOptions {
  /** Relevance floor (default: the app's). */
  relevanceFloor?: number;
  /** The vectors' share of the hybrid score (default: the app's). */
  vectorWeight?: number;
}

export interface IndexedLibrary {
  db: Database;
  collectionId: string;
  /** Document id to its bench name. */
  names: Map<string, string>;
  chunks: number;
  seconds: number;
}

/** A reader that replays sections already extracted once, so both indexes read the same text. */
function replayParser(sections: ReadonlyMap<string, readonly ExtractedSection[]>) {
  return {
    async *extract(filePath: string): AsyncGenerator<ExtractedSection> {
      await Promise.resolve();
      yield* sections.get(filePath) ?? [];
    },
  };
}

/** Keyword-only ingestion never calls the model host. */
const noModelHost: IngestProvider = {
  chunkTexts: () => Promise.reject(new Error('keyword-only ingestion does not chunk by tokens')),
  embed: () => Promise.reject(new Error('keyword-only ingestion does not embed')),
};

/**
 * `indexLibrary`, or the index an earlier run left in `dir` (with BENCH_INDEX_DIR: indexing the manuals
 * with MiniLM takes tens of minutes on two cores, and the search is what changes between runs). A kept
 * index is reused only when it was made from the same documents with the same embedding model file.
 */
export async function keptOrNewLibrary(
  dir: string,
  documents: readonly BenchDocument[],
  sections: ReadonlyMap<string, readonly ExtractedSection[]>,
  embedding: { provider: IngestProvider; model: ModelInfo },
): Promise<IndexedLibrary & { reused: boolean }> {
  const metaPath = path.join(dir, 'library.json');
  const modelFile = fs.statSync(embedding.model.path);
  const key = { documents: documents.map((document) => document.name), model: path.basename(embedding.model.path), size: modelFile.size, modified: modelFile.mtimeMs };
  if (fs.existsSync(metaPath)) {
    const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8')) as { key: typeof key; names: [string, string][]; chunks: number; seconds: number };
    if (JSON.stringify(meta.key) === JSON.stringify(key)) {
      const db = openDatabase(path.join(dir, 'bench.db'));
      const collectionId = db.prepare('SELECT id FROM collections LIMIT 1').pluck().get() as string;
      return { db, collectionId, names: new Map(meta.names), chunks: meta.chunks, seconds: meta.seconds, reused: true };
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const library = await indexLibrary(dir, documents, sections, embedding);
  fs.writeFileSync(metaPath, JSON.stringify({ key, names: [...library.names.entries()], chunks: library.chunks, seconds: library.seconds }));
  return { ...library, reused: false };
}

export async function indexLibrary(
  dir: string,
  documents: readonly BenchDocument[],
  sections: ReadonlyMap<string, readonly ExtractedSection[]>,
  embedding: { provider: IngestProvider; model: ModelInfo } | null,
): Promise<IndexedLibrary> {
  fs.mkdirSync(dir, { recursive: true });
  const db = openDatabase(path.join(dir, 'bench.db'));
  const collectionId = createCollection(db, 'bench').id;
  const names = new Map<string, string>();
  const started = performance.now();
  let chunks = 0;
  const deps = {
    db,
    provider: embedding?.provider ?? noModelHost,
    parser: replayParser(sections),
    embeddingModel: embedding?.model ?? null,
  };
  for (const document of documents) {
    const result = await ingestDocument(deps, document.filePath, collectionId);
    names.set(result.documentId, document.name);
    chunks += result.chunkCount;
  }
  return { db, collectionId, names, chunks, seconds: (performance.now() - started) / 1000 };
}

export function askQuestions(
  library: IndexedLibrary,
  questions: readonly BenchQuestion[],
  mode: SearchMode,
  queryVector: (question: BenchQuestion) => Float32Array | null,
  options: AskOptions = {},
): QuestionResult[] {
  return questions.map((question) => {
    const hits = searchChunks(library.db, {
      // The vectors alone: no searchable word leaves the keyword retriever out.
      query: mode === 'vector' ? '' : question.question,
      queryEmbedding: mode === 'keyword' || mode === 'keyword-only index' ? null : queryVector(question),
      embeddingModelId: null,
      collectionIds: [library.collectionId],
      topK: reciprocalRankDepth,
      relevanceFloor: options.relevanceFloor ?? defaultAppSettings.relevanceFloor,
      ...(options.vectorWeight === undefined ? {} : { vectorWeight: options.vectorWeight }),
    });
    const onAnswerPage = hits.map((hit) => library.names.get(hit.documentId) === question.document && hit.page !== null && question.pages.includes(hit.page));
    const firstAnswer = onAnswerPage.indexOf(true);
    return {
      question,
      mode,
      got: hits.slice(0, topHits).map((hit) => `${library.names.get(hit.documentId) ?? '?'} p.${hit.page ?? '-'}`),
      first: onAnswerPage[0] === true,
      inTop: firstAnswer !== -1 && firstAnswer < topHits,
      reciprocalRank: firstAnswer === -1 ? 0 : 1 / (firstAnswer + 1),
    };
  });
}

/** Recall@5 (the answer page among the first `topHits`) and MRR@10 of a set of results. */
export function rankingQuality(results: readonly QuestionResult[]): { recall: number; mrr: number } {
  const count = Math.max(1, results.length);
  return {
    recall: results.filter((result) => result.inTop).length / count,
    mrr: results.reduce((sum, result) => sum + result.reciprocalRank, 0) / count,
  };
}
