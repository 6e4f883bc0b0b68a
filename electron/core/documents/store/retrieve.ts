import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { DocumentHit } from '../../../shared/documents.js';
import { type RowOf, rowFields } from '../../db/rows.js';
import { statement } from '../../db/statements.js';
import { toFtsQuery } from './ftsQuery.js';
import { rankByKeywords } from './keywordRanking.js';
import { vectorSearch } from './vectorSearch.js';

export { keywordQuery, keywordSearch } from './keywordSearch.js';
export { rankByKeywords } from './keywordRanking.js';
export { compactCandidateCount, vectorSearch } from './vectorSearch.js';

/** The constant of reciprocal rank fusion (Cormack et al. 2009): damps the weight of the very top ranks. */
export const rrfK = 60;

export interface SearchOptions {
  /** The user's text; sanitised into an FTS5 query, never parsed as FTS5 syntax. */
  query: string;
  /** The query embedded with the same model as the chunks; null searches by keywords only. */
  queryEmbedding: Float32Array | null;
  /** Only chunks of ready documents in these collections are returned. */
  collectionIds: readonly string[];
  /** How many hits to return at most. */
  topK: number;
  /**
   * Minimum fused score, 0 to 1 (see `SearchHit.score`): 0 keeps everything; 0.5 keeps a chunk ranked
   * first by one retriever and absent from the other, or ranked around 30th by both; 1 keeps only a
   * chunk ranked first by every retriever that found something.
   */
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
}

/**
 * A passage as the hybrid search ranks it. `score` is reciprocal rank fusion, normalised: the sum over
 * retrievers of 1 / (60 + rank), divided by the best possible sum (rank 1 in every retriever that
 * found something). 1 = first everywhere; it measures agreement and rank, not absolute similarity.
 */
export interface SearchHit extends DocumentHit {
  /** 1-based rank in the keyword (BM25) list, null when the keywords did not find it. */
  ftsRank: number | null;
  /** 1-based rank in the vector list (cosine distance), null when the vectors did not find it. */
  vectorRank: number | null;
}

/** A passage as stored, before it is scored. */
type Passage = Omit<DocumentHit, 'score'>;

/**
 * Hybrid retrieval: BM25 over FTS5 (with the trigram index for unspaced scripts) and KNN over
 * sqlite-vec, fused by reciprocal rank, best first. Chunks holding the query verbatim (see
 * `rankByKeywords`) take the top ranks of every list before fusion, so a quoted line stays first
 * however far the embedding ranks its passage; `ftsRank` and `vectorRank` still report where each
 * retriever put it.
 */
export function searchChunks(db: Database, options: SearchOptions): SearchHit[] {
  if (options.collectionIds.length === 0 || options.topK <= 0) return [];
  const perList = candidateCount(options.topK);
  // No searchable term (only punctuation, or nothing): no keyword list, so the vectors alone rank.
  const keywords = toFtsQuery(options.query) === null ? null : rankByKeywords(db, options.query, options.collectionIds, perList);
  const ftsIds = keywords?.chunkIds ?? null;
  const lists: number[][] = [];
  if (ftsIds) lists.push(ftsIds);
  const embedding = options.queryEmbedding;
  const vectorIds = embedding
    ? vectorSearch(db, embedding, options.collectionIds, perList, {
        compact: options.useQuantized ?? true,
        modelId: options.embeddingModelId ?? null,
      })
    : null;
  // Vectors that found nothing here (none stored, or none of this model) do not halve the keyword scores.
  if (vectorIds && vectorIds.length > 0) lists.push(vectorIds);
  if (lists.length === 0) return [];

  const best = lists.length / (rrfK + 1);
  const fused = fuse(keywords ? exactFirst(lists, keywords.exact, keywords.verbatim) : lists);
  const ranked = [...fused.entries()]
    .map(([chunkId, sum]) => ({ chunkId, score: sum / best }))
    .filter((entry) => entry.score >= options.relevanceFloor)
    .sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);

  const passages = readPassages(db, ranked.map((entry) => entry.chunkId), options.collectionIds);
  const hits: SearchHit[] = [];
  for (const { chunkId, score } of ranked) {
    const passage = passages.get(chunkId);
    if (!passage) continue; // a vector of a document still indexing, or one deleted meanwhile
    hits.push({ ...passage, score, ftsRank: rankIn(ftsIds, chunkId), vectorRank: rankIn(vectorIds, chunkId) });
    if (hits.length === options.topK) break;
  }
  return hits;
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

/** Reciprocal rank fusion: each chunk's sum over the lists of 1 / (rrfK + rank). */
function fuse(lists: readonly (readonly number[])[]): Map<number, number> {
  const fused = new Map<number, number>();
  for (const list of lists) {
    list.forEach((chunkId, index) => fused.set(chunkId, (fused.get(chunkId) ?? 0) + 1 / (rrfK + index + 1)));
  }
  return fused;
}

/**
 * The lists with the exact-phrase chunks moved to the top of each: they rank above every other chunk;
 * among themselves, those holding the quoted text verbatim first, then as plain fusion ranks them.
 */
function exactFirst(
  lists: readonly (readonly number[])[],
  exact: ReadonlySet<number>,
  verbatim: ReadonlySet<number>,
): (readonly number[])[] {
  if (exact.size === 0) return [...lists];
  const first = [...fuse(lists).entries()]
    .filter(([chunkId]) => exact.has(chunkId))
    .sort((a, b) => Number(verbatim.has(b[0])) - Number(verbatim.has(a[0])) || b[1] - a[1] || a[0] - b[0])
    .map(([chunkId]) => chunkId);
  return lists.map((list) => [...first, ...list.filter((chunkId) => !exact.has(chunkId))]);
}

function rankIn(list: readonly number[] | null, chunkId: number): number | null {
  const index = list ? list.indexOf(chunkId) : -1;
  return index === -1 ? null : index + 1;
}
