import type { Database } from 'better-sqlite3-multiple-ciphers';
import { type RowOf, rowFields } from '../../db/rows.js';
import { pluckedStatement, statement } from '../../db/statements.js';
import { binaryCode, binaryCodesChanged, binaryCodesStamp, binaryIndexSupports } from './binaryIndex.js';

/**
 * Vectors live in sqlite-vec `vec0` tables, one set per embedding dimension, because a vec0 column
 * has a fixed size:
 * - `chunk_vectors_<dim>`: the float vectors, partitioned by collection. Exact search, and the last
 *   step of the compact search (exact distances for the final list).
 * - `chunk_vectors_<dim>_bits`: one sign bit per dimension (1/32 of the bytes), partitioned by
 *   collection and embedding model: the candidate step of the compact search (see binaryIndex.ts).
 * - `chunk_vectors_<dim>_int8`: an ordinary table of int8 copies (a quarter of the bytes) by chunk id:
 *   re-scoring hundreds of candidates reads them at a few microseconds each, where a vec0 row costs
 *   20 to 50 (each lookup opens a blob handle).
 * - `chunk_vectors_<dim>_q`: an int8 vec0 copy that development builds wrote before the compact
 *   tables existed. No longer created; deleted from where an older database still has it.
 * The bits and int8 tables exist for dimensions that are a multiple of 32 (every common embedding size).
 * Vectors are stored normalised to unit length and compared by L2 distance, which ranks unit vectors
 * exactly as cosine distance does and runs on sqlite-vec's SIMD path (about 30% faster than its
 * cosine metric here). vec0 rows have no foreign keys: whoever deletes chunks deletes their vectors
 * in the same transaction (`deleteChunkVectors`).
 */
export interface VectorIndex {
  dim: number;
  modelId: string;
  createdAt: number;
}

export function vectorTableName(dim: number): string {
  return `chunk_vectors_${validDim(dim)}`;
}

/** The sign-bit codes of the vectors in `vectorTableName(dim)`. */
export function binaryTableName(dim: number): string {
  return `${vectorTableName(dim)}_bits`;
}

/** The int8 copies the compact search re-scores candidates with (an ordinary table, not vec0). */
export function int8TableName(dim: number): string {
  return `${vectorTableName(dim)}_int8`;
}

/** The int8 vec0 copy older development databases have; not created or searched any more. */
function legacyQuantizedTableName(dim: number): string {
  return `${vectorTableName(dim)}_q`;
}

export function listVectorIndexes(db: Database): VectorIndex[] {
  const rows = statement(db, 'SELECT dim, model_id, created_at FROM vector_indexes ORDER BY dim').all() as RowOf<VectorIndex>[];
  return rows.map(rowFields);
}

export function hasVectorIndex(db: Database, dim: number): boolean {
  return statement(db, 'SELECT 1 FROM vector_indexes WHERE dim = ?').get(dim) !== undefined;
}

/** Creates the tables for `dim` that do not exist yet. */
export function ensureVectorIndex(db: Database, dim: number, modelId: string, now = Date.now()): void {
  const registered = hasVectorIndex(db, dim);
  const compactTables = [binaryTableName(dim), int8TableName(dim)];
  if (registered && (!binaryIndexSupports(dim) || compactTables.every((table) => tableExists(db, table)))) return;
  db.transaction(() => {
    db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS ${vectorTableName(dim)} USING vec0(
        chunk_id INTEGER PRIMARY KEY,
        collection_id TEXT PARTITION KEY,
        embedding float[${dim}]
      );`);
    if (binaryIndexSupports(dim)) {
      db.exec(`
        CREATE VIRTUAL TABLE IF NOT EXISTS ${binaryTableName(dim)} USING vec0(
          chunk_id INTEGER PRIMARY KEY,
          collection_id TEXT PARTITION KEY,
          model_id TEXT PARTITION KEY,
          embedding bit[${dim}]
        );
        CREATE TABLE IF NOT EXISTS ${int8TableName(dim)} (
          chunk_id INTEGER PRIMARY KEY,
          embedding BLOB NOT NULL
        ) STRICT;`);
    }
    if (!registered) {
      statement(db, 'INSERT INTO vector_indexes (dim, model_id, created_at) VALUES (?, ?, ?)').run(dim, modelId, now);
    }
  })();
}

/** Whose vectors these are: the partitions they are stored and searched under. */
export interface VectorOwner {
  collectionId: string;
  /** The embedding model that produced them (the document's `embedding_model_id`). */
  modelId: string | null;
}

/**
 * Stores the vectors of the chunks `chunkIds` (in the same order): the unit-length float vector, its
 * sign-bit code and its int8 copy. Call inside the transaction that inserts the chunks.
 */
export function insertChunkVectors(
  db: Database,
  owner: VectorOwner,
  chunkIds: readonly number[],
  embeddings: readonly Float32Array[],
): void {
  if (embeddings.length !== chunkIds.length) {
    throw new Error(`insertChunkVectors: ${chunkIds.length} chunks but ${embeddings.length} embeddings`);
  }
  const dim = embeddings[0]?.length;
  if (dim === undefined) return;
  db.transaction(() => {
    ensureVectorIndex(db, dim, owner.modelId ?? 'unknown');
    const insertFloat = statement(db, `INSERT INTO ${vectorTableName(dim)} (chunk_id, collection_id, embedding) VALUES (?, ?, ?)`);
    const compact = binaryIndexSupports(dim)
      ? {
          bits: statement(
            db,
            `INSERT INTO ${binaryTableName(dim)} (chunk_id, collection_id, model_id, embedding) VALUES (?, ?, ?, vec_bit(?))`,
          ),
          int8: statement(db, `INSERT INTO ${int8TableName(dim)} (chunk_id, embedding) VALUES (?, ?)`),
        }
      : null;
    embeddings.forEach((embedding, index) => {
      if (embedding.length !== dim) throw new Error('insertChunkVectors: embeddings of mixed dimensions');
      const unit = unitVector(embedding);
      const id = chunkIds[index];
      if (id === undefined) throw new Error(`insertChunkVectors: no chunk for embedding ${index}`);
      const chunkId = BigInt(id);
      insertFloat.run(chunkId, owner.collectionId, Buffer.from(unit.buffer, unit.byteOffset, unit.byteLength));
      compact?.bits.run(chunkId, owner.collectionId, owner.modelId, binaryCode(unit));
      compact?.int8.run(chunkId, int8Code(unit));
    });
    binaryCodesChanged(db);
  })();
}

/**
 * Deletes the vectors of the chunks `chunkIdsSql` selects from every vector table; call inside the
 * deleting transaction, before the chunks themselves go. One point delete per chunk and table: vec0
 * finds `chunk_id = ?` by rowid but would scan the whole table for `chunk_id IN (...)`.
 */
export function deleteChunkVectors(db: Database, chunkIdsSql: string, ...params: unknown[]): void {
  const indexes = listVectorIndexes(db);
  if (indexes.length === 0) return;
  const chunkIds = pluckedStatement(db, chunkIdsSql).all(...params) as number[];
  if (chunkIds.length === 0) return;
  for (const { dim } of indexes) {
    const tables = [vectorTableName(dim), legacyQuantizedTableName(dim), binaryTableName(dim), int8TableName(dim)];
    for (const table of tables.filter((name) => tableExists(db, name))) {
      const remove = statement(db, `DELETE FROM ${table} WHERE chunk_id = ?`);
      for (const chunkId of chunkIds) remove.run(BigInt(chunkId));
    }
  }
  binaryCodesChanged(db);
}

/**
 * Whether the bits table holds a code for every float vector of `dim`, so the compact search sees
 * all of them. Counts the vec0 tables' rowid lists (ordinary tables; about 1.5 ms a million rows),
 * again only when the codes or the newest float vector changed. Every vector stored through
 * `insertChunkVectors` has its code; only a database written by an early development build holds
 * float vectors without one, and it is searched exactly until those documents are re-indexed.
 */
export function binaryIndexComplete(db: Database, dim: number): boolean {
  if (!binaryIndexSupports(dim) || !tableExists(db, binaryTableName(dim))) return false;
  const rows = (sql: string) => pluckedStatement(db, sql).get() as number | null;
  try {
    const stamp = `${binaryCodesStamp(db)}:${rows(`SELECT MAX(rowid) FROM "${vectorTableName(dim)}_rowids"`)}`;
    const cached = completeness.get(db)?.get(dim);
    if (cached?.stamp === stamp) return cached.complete;
    const count = (table: string) => rows(`SELECT COUNT(*) FROM "${table}_rowids"`) ?? 0;
    const complete = count(binaryTableName(dim)) >= count(vectorTableName(dim));
    let byDim = completeness.get(db);
    if (!byDim) {
      byDim = new Map();
      completeness.set(db, byDim);
    }
    byDim.set(dim, { stamp, complete });
    return complete;
  } catch {
    return false; // another sqlite-vec storage layout: search exactly
  }
}

const completeness = new WeakMap<Database, Map<number, { stamp: string; complete: boolean }>>();

/** A unit vector's components times 127, rounded: what `int8TableName` stores. */
export function int8Code(unit: Float32Array): Buffer {
  const code = Buffer.alloc(unit.length);
  unit.forEach((value, index) => code.writeInt8(Math.max(-127, Math.min(127, Math.round(value * 127))), index));
  return code;
}

/** The vector scaled to unit length, as the little-endian float32 blob sqlite-vec reads. */
export function vectorBlob(vector: Float32Array): Buffer {
  const unit = unitVector(vector);
  return Buffer.from(unit.buffer, unit.byteOffset, unit.byteLength);
}

function unitVector(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return norm > 0 ? vector.map((value) => value / norm) : Float32Array.from(vector);
}

function tableExists(db: Database, name: string): boolean {
  return statement(db, `SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

function validDim(dim: number): number {
  // The dimension is spliced into SQL, so it must be a plain positive integer.
  if (!Number.isInteger(dim) || dim <= 0 || dim > 8192) throw new Error(`invalid embedding dimension ${dim}`);
  return dim;
}
