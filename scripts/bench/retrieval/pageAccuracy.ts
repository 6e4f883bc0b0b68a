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

export type SearchMode = 'keyword' | 'hybrid';

export interface QuestionResult {
  question: BenchQuestion;
  mode: SearchMode;
  /** "document p.N" of each hit, best first (at most `topHits`). */
  got: string[];
  first: boolean;
  inTop: boolean;
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
): QuestionResult[] {
  return questions.map((question) => {
    const hits = searchChunks(library.db, {
      query: question.question,
      queryEmbedding: queryVector(question),
      embeddingModelId: null,
      collectionIds: [library.collectionId],
      topK: topHits,
      relevanceFloor: defaultAppSettings.relevanceFloor,
    });
    const onAnswerPage = hits.map((hit) => library.names.get(hit.documentId) === question.document && hit.page !== null && question.pages.includes(hit.page));
    return {
      question,
      mode,
      got: hits.map((hit) => `${library.names.get(hit.documentId) ?? '?'} p.${hit.page ?? '-'}`),
      first: onAnswerPage[0] === true,
      inTop: onAnswerPage.includes(true),
    };
  });
}
