import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { DocumentHit } from '../../../shared/documents.js';
import { type RowOf, rowFields } from '../../db/rows.js';
import { statement } from '../../db/statements.js';
import { toFtsQuery } from './ftsQuery.js';
import { keywordCoverage } from './keywordCoverage.js';
import { type KeywordRanking, rankByKeywords } from './keywordRanking.js';
import { vectorSearch, vectorSimilarities } from './vectorSearch.js';

export { keywordQuery, keywordSearch } from './keywordSearch.js';
export { rankByKeywords } from './keywordRanking.js';
export { compactCandidateCount, vectorSearch } from './vectorSearch.js';

/**
 * The weight of the embedder's similarity in the hybrid score, the keywords' share taking the rest:
 * chosen by bench:retrieval (recall@5 and MRR over the Debian manuals with MiniLM; docs/retrieval.md).
 */
export const defaultVectorWeight = 0.5;

export interface SearchOptions {
  /** The user's text; sanitised into an FTS5 query, never parsed as FTS5 syntax. */
  query: string;
  /** The query embedded with the same model as the chunks; null searches by keywords only. */
  queryEmbedding: Float32Array | null;
  /** Only chunks of ready documents in these collections are returned. */
  collectionIds: readonly string[];
  /** How many hits to return at most. */
  topK: number;
  /** Minimum relevance, 0 to 1 (see `SearchHit.score`); 0 keeps every candidate. */
  relevanceFloor: number;
  /**
   * true (the default): vector candidates from the sign-bit codes (1/32 of the bytes), re-scored with
   * int8 copies and then exact distances (see `vectorSearch`). false: an exact scan of every float
   * vector. While some vectors have no code yet (stored before codes existed) the search is exact.
   */
  useQuantized?: boolean;
  /**
   * When given, vector hits come only from documents embedded by this model (`documents.embedding_model_id`),
   * so after a switch of embedding model the documents not yet re-indexed, whose vectors may have the
   * same dimension but mean something else, are not compared with the new model's query vector. They
   * still match by keywords.
   */
  embeddingModelId?: string | null;
  /** The vectors' share of the hybrid score, 0 to 1 (`defaultVectorWeight`); for the bench's comparisons. */
  vectorWeight?: number;
}

/**
 * A passage as the hybrid search ranks it. `score` is its relevance on one scale, 0 to 1, the one the
 * relevance floor is set on (docs/retrieval.md):
 * - with vectors: `vectorWeight` × the cosine similarity of the passage with the question (below 0
 *   counts as 0) + the rest × `keywordScore`;
 * - without (no embedding model, or the passage's document not yet embedded by the question's model):
 *   `keywordScore` alone.
 */
export interface SearchHit extends DocumentHit {
  /** 1-based rank in the keyword (BM25) list, null when the keywords did not find it. */
  ftsRank: number | null;
  /** 1-based rank in the vector list (cosine distance), null when the vectors did not find it. */
  vectorRank: number | null;
  /** The share of the question's words the passage holds, weighed by rarity (see `keywordCoverage`). */
  keywordScore: number;
  /** The cosine similarity of the passage with the question, null without comparable vectors. */
  similarity: number | null;
}

/** A passage as stored, before it is scored. */
export type Passage = Omit<DocumentHit, 'score'>;

/**
 * Hybrid retrieval: candidates from BM25 over FTS5 (with the trigram index for unspaced scripts) and
 * from KNN over sqlite-vec, each then scored on both sides (`SearchHit.score`), so a passage the
 * embedder finds close keeps that margin however the keywords rank it, and the reverse. Best first;
 * chunks holding the query verbatim (see `rankByKeywords`) come before all others, so a quoted line
 * stays first however far the embedding ranks its passage. Ties go to the better keyword rank, then
 * the better vector rank. Without vectors the keyword order (BM25) is kept.
 */
export function searchChunks(db: Database, options: SearchOptions): SearchHit[] {
  if (options.collectionIds.length === 0 || options.topK <= 0) return [];
  const perList = candidateCount(options.topK);
  // No searchable term (only punctuation, or nothing): no keyword list, so the vectors alone rank.
  const keywords = toFtsQuery(options.query) === null ? null : rankByKeywords(db, options.query, options.collectionIds, perList);
  const ftsIds = keywords?.chunkIds ?? [];
  const embedding = options.queryEmbedding;
  const vectorIds = embedding
    ? vectorSearch(db, embedding, options.collectionIds, perList, {
        compact: options.useQuantized ?? true,
        modelId: options.embeddingModelId ?? null,
      })
    : [];
  const candidates = [...new Set([...ftsIds, ...vectorIds])];
  if (candidates.length === 0) return [];

  const coverage = keywords ? keywordCoverage(db, options.query, candidates) : new Map<number, number>();
  // Vectors that found nothing here (none stored, or none of this model) leave the keywords to score alone.
  const similarities =
    embedding && vectorIds.length > 0 ? vectorSimilarities(db, embedding, candidates, options.embeddingModelId ?? null) : new Map<number, number>();
  const weight = options.vectorWeight ?? defaultVectorWeight;
  const ftsRank = rankLookup(ftsIds);
  const vectorRank = rankLookup(vectorIds);
  const scored = candidates.map((chunkId) => {
    const keywordScore = coverage.get(chunkId) ?? 0;
    const similarity = similarities.get(chunkId) ?? null;
    const score = similarity === null ? keywordScore : weight * Math.max(0, similarity) + (1 - weight) * keywordScore;
    return { chunkId, score, keywordScore, similarity, exact: exactTier(keywords, chunkId) };
  });
  const ranked = scored
    .filter((entry) => entry.score >= options.relevanceFloor)
    .sort(
      (a, b) =>
        a.exact - b.exact ||
        (similarities.size > 0 ? b.score - a.score : 0) ||
        (ftsRank(a.chunkId) ?? unranked) - (ftsRank(b.chunkId) ?? unranked) ||
        (vectorRank(a.chunkId) ?? unranked) - (vectorRank(b.chunkId) ?? unranked) ||
        a.chunkId - b.chunkId,
    );

  const passages = readPassages(db, ranked.map((entry) => entry.chunkId), options.collectionIds);
  const hits: SearchHit[] = [];
  for (const { chunkId, score, keywordScore, similarity } of ranked) {
    const passage = passages.get(chunkId);
    if (!passage) continue; // a vector of a document still indexing, or one deleted meanwhile
    hits.push({ ...passage, score, keywordScore, similarity, ftsRank: ftsRank(chunkId), vectorRank: vectorRank(chunkId) });
    if (hits.length === options.topK) break;
  }
  return hits;
}

/**
 * A chunk's tier before its score: 0 when it holds the question character for character, 1 when it
 * holds its words as a phrase (`KeywordRanking.exact`), 2 otherwise.
 */
function exactTier(keywords: KeywordRanking | null, chunkId: number): number {
  if (keywords?.verbatim.has(chunkId)) return 0;
  return keywords?.exact.has(chunkId) ? 1 : 2;
}

/** After every rank: the place of a chunk a list does not hold. */
const unranked = Number.MAX_SAFE_INTEGER;

/** A chunk's 1-based rank in `list`, null when the list does not hold it. */
function rankLookup(list: readonly number[]): (chunkId: number) => number | null {
  const ranks = new Map(list.map((chunkId, index) => [chunkId, index + 1]));
  return (chunkId) => ranks.get(chunkId) ?? null;
}

/**
 * Every passage of the collection's ready documents in reading order (documents in the order they were
 * added), when there are at most `limit` of them; null when there are more. For the files a user adds
 * to one chat: when they fit in the passages a reply is given anyway, all of them are, so "Summarise
 * these documents" is answered from the documents although no passage matches its words.
 */
export function wholeCollectionPassages(db: Database, collectionId: string, limit: number): Passage[] | null {
  const rows = statement(
    db,
    `SELECT c.id AS chunk_id, c.document_id, d.file_name, c.page, c.page_label, c.section, c.char_start, c.char_end, c.text,
            c.ocr_confidence
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE d.collection_id = ? AND d.status = 'ready'
     ORDER BY d.added_at, d.id, c.ordinal LIMIT ?`,
  ).all(collectionId, limit + 1) as RowOf<Passage>[];
  return rows.length > limit ? null : rows.map((row) => rowFields(row));
}

/** Candidates each retriever contributes to the fusion. */
export function candidateCount(topK: number): number {
  return Math.max(20, topK * 4);
}

/** The chunks `chunkIds` of ready documents in the collections, by chunk id. */
function readPassages(db: Database, chunkIds: readonly number[], collectionIds: readonly string[]): Map<number, Passage> {
  const rows = statement(
    db,
    `SELECT c.id AS chunk_id, c.document_id, d.file_name, c.page, c.page_label, c.section, c.char_start, c.char_end, c.text,
            c.ocr_confidence
     FROM chunks c JOIN documents d ON d.id = c.document_id
     WHERE c.id IN (SELECT value FROM json_each(?)) AND d.status = 'ready'
       AND d.collection_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(chunkIds), JSON.stringify(collectionIds)) as RowOf<Passage>[];
  return new Map(rows.map((row) => [row.chunk_id, rowFields(row)]));
}
