import type { Database } from 'better-sqlite3';

/**
 * Vectors live in sqlite-vec `vec0` tables, one pair per embedding dimension, because a vec0 column
 * has a fixed size: `chunk_vectors_<dim>` holds the float vectors (exact cosine search, and the
 * re-scoring step), `chunk_vectors_<dim>_q` the same vectors quantised to int8 (a quarter of the
 * bytes) for the candidate step on large libraries. Vectors are stored normalised to unit length
 * and searched by L2 distance, which ranks unit vectors exactly as cosine distance does and runs on
 * sqlite-vec's SIMD path (about 30% faster than its cosine metric here). Both are partitioned by
 * collection so a search over some collections never scans the others. vec0 rows have no foreign
 * keys: whoever deletes chunks deletes their vectors in the same transaction (`deleteChunkVectors`).
 */
export interface VectorIndex {
  dim: number;
  modelId: string;
  createdAt: number;
}

export function vectorTableName(dim: number): string {
  return `chunk_vectors_${validDim(dim)}`;
}

export function quantizedTableName(dim: number): string {
  return `${vectorTableName(dim)}_q`;
}

export function listVectorIndexes(db: Database): VectorIndex[] {
  const rows = db.prepare('SELECT dim, model_id, created_at FROM vector_indexes ORDER BY dim').all() as {
    dim: number;
    model_id: string;
    created_at: number;
  }[];
  return rows.map((row) => ({ dim: row.dim, modelId: row.model_id, createdAt: row.created_at }));
}

export function hasVectorIndex(db: Database, dim: number): boolean {
  return db.prepare('SELECT 1 FROM vector_indexes WHERE dim = ?').get(dim) !== undefined;
}

/** Creates the float and quantised tables for `dim` if they do not exist yet. */
export function ensureVectorIndex(db: Database, dim: number, modelId: string, now = Date.now()): void {
  if (hasVectorIndex(db, dim)) return;
  db.transaction(() => {
    db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS ${vectorTableName(dim)} USING vec0(
        chunk_id INTEGER PRIMARY KEY,
        collection_id TEXT PARTITION KEY,
        embedding float[${dim}]
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS ${quantizedTableName(dim)} USING vec0(
        chunk_id INTEGER PRIMARY KEY,
        collection_id TEXT PARTITION KEY,
        embedding int8[${dim}]
      );`);
    db.prepare('INSERT INTO vector_indexes (dim, model_id, created_at) VALUES (?, ?, ?)').run(dim, modelId, now);
  })();
}

/** Deletes the vectors of the given chunks from every vector table; call inside the deleting transaction. */
export function deleteChunkVectors(db: Database, chunkIdsSql: string, ...params: unknown[]): void {
  for (const { dim } of listVectorIndexes(db)) {
    for (const table of [vectorTableName(dim), quantizedTableName(dim)]) {
      db.prepare(`DELETE FROM ${table} WHERE chunk_id IN (${chunkIdsSql})`).run(...params);
    }
  }
}

/** The vector scaled to unit length, as the little-endian float32 blob sqlite-vec reads. */
export function vectorBlob(vector: Float32Array): Buffer {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  const unit = norm > 0 ? vector.map((value) => value / norm) : Float32Array.from(vector);
  return Buffer.from(unit.buffer, unit.byteOffset, unit.byteLength);
}

function validDim(dim: number): number {
  // The dimension is spliced into SQL, so it must be a plain positive integer.
  if (!Number.isInteger(dim) || dim <= 0 || dim > 8192) throw new Error(`invalid embedding dimension ${dim}`);
  return dim;
}
