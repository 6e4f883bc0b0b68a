import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement, rawStatement, statement } from '../../db/statements.js';
import { nearestByHamming } from './binaryIndex.js';
import {
  binaryIndexComplete,
  binaryTableName,
  hasVectorIndex,
  int8TableName,
  vectorBlob,
  vectorTableName,
} from './vectorIndex.js';

export interface VectorSearchOptions {
  /**
   * Compact: candidates by the sign-bit codes, re-scored (see `vectorSearch`). Exact: sqlite-vec
   * scans every float vector. The compact search is used only when the codes cover every vector.
   */
  compact: boolean;
  /** Only vectors of documents embedded by this model; null takes every document's. */
  modelId: string | null;
}

/**
 * Candidates the compact search re-scores for a list of `limit`: ten times the list, at least 400.
 * Sign bits find a query's neighbourhood well but order it poorly, so the list is taken from a wide
 * one (re-scoring 400 int8 copies takes about 2 ms).
 */
export function compactCandidateCount(limit: number): number {
  return Math.max(400, limit * 10);
}

/** Candidates beyond the list that get exact distances, in case int8 rounding swapped them in or out. */
const exactMargin = 20;

/**
 * Chunk ids nearest first by cosine distance (L2 over unit vectors, the same order), from the
 * collections' partitions. Exact: sqlite-vec's KNN over the float vectors. Compact: the nearest
 * `compactCandidateCount(limit)` by Hamming distance of the sign bits, the best of those by their
 * int8 copies, and of these the `limit` nearest by exact distance.
 */
export function vectorSearch(
  db: Database,
  embedding: Float32Array,
  collectionIds: readonly string[],
  limit: number,
  options: VectorSearchOptions,
): number[] {
  const dim = embedding.length;
  if (collectionIds.length === 0 || limit <= 0 || !hasVectorIndex(db, dim)) return [];
  if (options.compact && binaryIndexComplete(db, dim)) {
    const partitions = { collectionIds, modelId: options.modelId };
    const candidates = nearestByHamming(db, binaryTableName(dim), embedding, partitions, compactCandidateCount(limit));
    // int8 distances are off by about 0.002 in cosine: a margin keeps the exact list's last ones in.
    const shortlist = rescoreInt8(db, dim, embedding, candidates).slice(0, limit + exactMargin);
    return rescoreExactly(db, dim, embedding, shortlist).slice(0, limit);
  }
  return exactSearch(db, embedding, collectionIds, limit, options.modelId);
}

function exactSearch(
  db: Database,
  embedding: Float32Array,
  collectionIds: readonly string[],
  limit: number,
  modelId: string | null,
): number[] {
  const partitions = collectionIds.map(() => '?').join(', ');
  const sql = `SELECT chunk_id FROM ${vectorTableName(embedding.length)}
     WHERE embedding MATCH ? AND k = ? AND collection_id IN (${partitions})`;
  const blob = vectorBlob(embedding);
  // vec0 takes at most 4096 neighbours per query.
  const k = Math.min(limit, 4096);
  if (modelId === null || !hasOtherModels(db, collectionIds, modelId)) {
    return pluckedStatement(db, `${sql} ORDER BY distance`).all(blob, k, ...collectionIds) as number[];
  }
  // Some documents were embedded by another model: vec0 gives a distance only to the listed chunks,
  // those of documents embedded by this one.
  return pluckedStatement(
    db,
    `${sql} AND chunk_id IN (
       SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
       WHERE d.collection_id IN (${partitions}) AND d.embedding_model_id = ?)
     ORDER BY distance`,
  ).all(blob, k, ...collectionIds, ...collectionIds, modelId) as number[];
}

/** Whether any document of the collections was embedded by a model other than `modelId` (none: keywords only). */
function hasOtherModels(db: Database, collectionIds: readonly string[], modelId: string): boolean {
  return (
    statement(
      db,
      `SELECT 1 FROM documents WHERE collection_id IN (SELECT value FROM json_each(?))
         AND embedding_model_id <> ? LIMIT 1`,
    ).get(JSON.stringify(collectionIds), modelId) !== undefined
  );
}

/** The candidates nearest first by the dot product of the query with their int8 copies. */
function rescoreInt8(db: Database, dim: number, embedding: Float32Array, chunkIds: readonly number[]): number[] {
  const query = vectorBlob(embedding);
  const unit = new Float32Array(query.buffer, query.byteOffset, dim);
  const rows = rawStatement(db, `SELECT chunk_id, embedding FROM ${int8TableName(dim)} WHERE chunk_id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(chunkIds),
  ) as [number, Buffer][];
  const scored: { chunkId: number; similarity: number }[] = [];
  for (const [chunkId, code] of rows) {
    if (code.length !== dim) continue;
    const values = new Int8Array(code.buffer, code.byteOffset, dim);
    let similarity = 0;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- both typed arrays hold `dim` values; no check per element in this hot loop
    for (let index = 0; index < dim; index++) similarity += values[index]! * unit[index]!;
    scored.push({ chunkId, similarity });
  }
  return scored.sort((a, b) => b.similarity - a.similarity || a.chunkId - b.chunkId).map((entry) => entry.chunkId);
}

/**
 * The candidates nearest first by exact distance. One point lookup each: vec0 answers
 * `chunk_id = ?` by rowid, but scans the whole table for `chunk_id IN (...)`.
 */
function rescoreExactly(db: Database, dim: number, embedding: Float32Array, chunkIds: readonly number[]): number[] {
  const blob = vectorBlob(embedding);
  const distance = pluckedStatement(db, `SELECT vec_distance_l2(embedding, ?) FROM ${vectorTableName(dim)} WHERE chunk_id = ?`);
  return chunkIds
    .map((chunkId) => ({ chunkId, distance: distance.get(blob, chunkId) as number | undefined }))
    .filter((candidate): candidate is { chunkId: number; distance: number } => candidate.distance !== undefined)
    .sort((a, b) => a.distance - b.distance || a.chunkId - b.chunkId)
    .map((candidate) => candidate.chunkId);
}

/**
 * The cosine similarity of the query with each of `chunkIds` that has a vector of the query's
 * dimension (from a document embedded by `modelId`, when given): 1 - L2² / 2 over unit vectors. One
 * point lookup each (see `rescoreExactly`); chunks without a comparable vector are left out.
 */
export function vectorSimilarities(db: Database, embedding: Float32Array, chunkIds: readonly number[], modelId: string | null): Map<number, number> {
  const similarities = new Map<number, number>();
  const dim = embedding.length;
  if (chunkIds.length === 0 || !hasVectorIndex(db, dim)) return similarities;
  const blob = vectorBlob(embedding);
  const distance = pluckedStatement(db, `SELECT vec_distance_l2(embedding, ?) FROM ${vectorTableName(dim)} WHERE chunk_id = ?`);
  const comparable =
    modelId === null
      ? null
      : new Set(
          pluckedStatement(
            db,
            `SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id
             WHERE c.id IN (SELECT value FROM json_each(?)) AND d.embedding_model_id = ?`,
          ).all(JSON.stringify(chunkIds), modelId) as number[],
        );
  for (const chunkId of chunkIds) {
    if (comparable && !comparable.has(chunkId)) continue;
    const l2 = distance.get(blob, chunkId) as number | undefined;
    if (l2 !== undefined) similarities.set(chunkId, 1 - (l2 * l2) / 2);
  }
  return similarities;
}
