import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { binaryCode, nearestByHamming } from '../../../electron/core/documents/store/binaryIndex.js';
import { createCollection, deleteCollection } from '../../../electron/core/documents/store/collections.js';
import {
  deleteDocument,
  insertChunks,
  insertDocument,
  markDocumentReady,
} from '../../../electron/core/documents/store/documents.js';
import { searchChunks, vectorSearch } from '../../../electron/core/documents/store/retrieve.js';
import {
  binaryIndexComplete,
  binaryTableName,
  ensureVectorIndex,
  insertChunkVectors,
  vectorBlob,
  vectorTableName,
} from '../../../electron/core/documents/store/vectorIndex.js';
import { useTempDir } from '../../support/tempDir.js';

const dim = 64;

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function unit(values: ArrayLike<number>): Float32Array {
  const vector = Float32Array.from(values);
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

/** Vectors in clusters (a centre plus as much noise), as passages of one topic embed near each other. */
function clusteredVectors(count: number, clusterSize: number, seed: number, size = dim): Float32Array[] {
  const next = random(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  let centre = unit(Array.from({ length: size }, gaussian));
  return Array.from({ length: count }, (_, index) => {
    if (index % clusterSize === 0) centre = unit(Array.from({ length: size }, gaussian));
    const noise = unit(Array.from({ length: size }, gaussian));
    return unit(centre.map((value, i) => value + noise[i]!));
  });
}

describe('vector index: sign-bit codes for candidates, float vectors for exact distances', () => {
  const tempDir = useTempDir();
  let db: Database;
  afterEach(() => db.close());

  function open(): Database {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    return db;
  }

  /** A ready document whose chunks' vectors are stored as ingestion stores them. */
  function addDocument(collectionId: string, name: string, vectors: Float32Array[], modelId = 'model-a'): number[] {
    const document = insertDocument(db, {
      collectionId, sha256: name, fileName: name, path: `/${name}`, format: 'txt', sizeBytes: 1, embeddingModelId: modelId,
    });
    const chunks = vectors.map((_, ordinal) => ({
      ordinal, page: null, section: null, charStart: 0, charEnd: 1, tokenCount: 1, text: `passage ${ordinal} of ${name}`,
    }));
    const ids = insertChunks(db, document.id, chunks, null);
    insertChunkVectors(db, { collectionId, modelId }, ids, vectors);
    markDocumentReady(db, document.id);
    return ids;
  }

  const count = (sql: string) => db.prepare(sql).pluck().get() as number;

  // 64 dimensions take the JavaScript scan (codes of 8 bytes); 384 the WebAssembly kernel (48 bytes).
  it.each([64, 384])('writes the same sign bits as sqlite-vec, and reads them back as its own KNN does (%i dims)', (size) => {
    open();
    const collection = createCollection(db, 'codes').id;
    const vectors = clusteredVectors(1500, 50, 1, size);
    addDocument(collection, 'codes.txt', vectors);
    for (const vector of vectors.slice(0, 5)) {
      const blob = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
      expect(binaryCode(vector)).toEqual(db.prepare('SELECT vec_quantize_binary(?)').pluck().get(blob));
    }
    const query = clusteredVectors(1, 1, 99, size)[0]!;
    const hamming = db.prepare(
      `SELECT vec_distance_hamming(embedding, vec_bit(?)) FROM ${binaryTableName(size)} WHERE chunk_id = ?`,
    ).pluck();
    const distancesOf = (ids: number[]) => ids.map((id) => hamming.get(binaryCode(query), id) as number).sort((a, b) => a - b);
    const ours = nearestByHamming(db, binaryTableName(size), query, { collectionIds: [collection], modelId: null }, 100);
    const theirs = db
      .prepare(
        `SELECT chunk_id FROM ${binaryTableName(size)}
         WHERE embedding MATCH vec_bit(?) AND k = 100 AND collection_id = ? ORDER BY distance`,
      )
      .pluck()
      .all(binaryCode(query), collection) as number[];
    expect(ours).toHaveLength(100);
    // Ties at the last distance may be broken differently; the distances are the same.
    expect(distancesOf(ours)).toEqual(distancesOf(theirs));
  });

  it('finds the same top 10 as the exact search on clustered vectors (recall@10 >= 0.95)', () => {
    open();
    // 256 dimensions: more bits per code, as real embeddings (384 and up) have.
    const size = 256;
    const collection = createCollection(db, 'clusters').id;
    const vectors = clusteredVectors(4000, 40, 2, size);
    addDocument(collection, 'clusters.txt', vectors);
    expect(binaryIndexComplete(db, size)).toBe(true);
    const next = random(3);
    let found = 0;
    const queries = 30;
    for (let q = 0; q < queries; q++) {
      // A paraphrase of a stored passage: its vector plus as much noise.
      const source = vectors[Math.floor(next() * vectors.length)]!;
      const noise = clusteredVectors(1, 1, 100 + q, size)[0]!;
      const query = unit(source.map((value, i) => value + noise[i]!));
      const exact = vectorSearch(db, query, [collection], 10, { compact: false, modelId: null });
      const compact = vectorSearch(db, query, [collection], 10, { compact: true, modelId: null });
      expect(compact).toHaveLength(10);
      found += exact.filter((id) => compact.includes(id)).length;
    }
    expect(found / (queries * 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('is exact when a collection holds no more vectors than it re-scores', () => {
    open();
    const small = createCollection(db, 'small').id;
    const other = createCollection(db, 'other').id;
    addDocument(small, 'small.txt', clusteredVectors(300, 30, 4));
    addDocument(other, 'other.txt', clusteredVectors(600, 30, 5));
    for (const query of clusteredVectors(5, 1, 6)) {
      const exact = vectorSearch(db, query, [small], 40, { compact: false, modelId: null });
      expect(vectorSearch(db, query, [small], 40, { compact: true, modelId: null })).toEqual(exact);
    }
  });

  it('reads only the given embedding model’s codes', () => {
    open();
    const collection = createCollection(db, 'models').id;
    const [shared] = clusteredVectors(1, 1, 7);
    const ids = addDocument(collection, 'new.txt', clusteredVectors(20, 5, 8), 'model-b');
    const staleIds = addDocument(collection, 'stale.txt', [shared!], 'model-a');
    const query = shared!;
    const all = vectorSearch(db, query, [collection], 5, { compact: true, modelId: null });
    expect(all[0]).toBe(staleIds[0]);
    const onlyB = vectorSearch(db, query, [collection], 5, { compact: true, modelId: 'model-b' });
    expect(onlyB).toHaveLength(5);
    expect(onlyB.every((id) => ids.includes(id))).toBe(true);
    expect(vectorSearch(db, query, [collection], 5, { compact: false, modelId: 'model-b' })).toEqual(onlyB);
  });

  it('searches exactly while some vectors have no code (stored before codes existed)', () => {
    open();
    const collection = createCollection(db, 'legacy').id;
    const document = insertDocument(db, {
      collectionId: collection, sha256: 'l', fileName: 'legacy.txt', path: '/legacy.txt', format: 'txt', sizeBytes: 1, embeddingModelId: 'model-a',
    });
    const vectors = clusteredVectors(50, 10, 9);
    const chunks = vectors.map((_, ordinal) => ({ ordinal, page: null, section: null, charStart: 0, charEnd: 1, tokenCount: 1, text: `p${ordinal}` }));
    // Float vectors alone, as a database written before the codes existed has them.
    const ids = insertChunks(db, document.id, chunks, null);
    ensureVectorIndex(db, dim, 'model-a');
    const insertFloat = db.prepare(`INSERT INTO ${vectorTableName(dim)} (chunk_id, collection_id, embedding) VALUES (?, ?, ?)`);
    ids.forEach((id, index) => insertFloat.run(BigInt(id), collection, vectorBlob(vectors[index]!)));
    markDocumentReady(db, document.id);
    addDocument(collection, 'coded.txt', clusteredVectors(10, 10, 10));
    expect([count(`SELECT COUNT(*) FROM ${vectorTableName(dim)}`), count(`SELECT COUNT(*) FROM ${binaryTableName(dim)}`)]).toEqual([60, 10]);
    expect(binaryIndexComplete(db, dim)).toBe(false);
    const hits = searchChunks(db, { query: '', queryEmbedding: vectors[7]!, collectionIds: [collection], topK: 3, relevanceFloor: 0 });
    expect(hits[0]?.chunkId).toBe(ids[7]);
  });

  it('sees codes written after a search, through this connection or another one', () => {
    const file = path.join(tempDir(), 'enclave.db');
    db = openDatabase(file);
    const collection = createCollection(db, 'growing').id;
    const [first, second, third] = clusteredVectors(3, 1, 14);
    addDocument(collection, 'first.txt', [first!]);
    const search = (query: Float32Array) => vectorSearch(db, query, [collection], 1, { compact: true, modelId: null });
    const [firstId] = search(first!);
    const [secondId] = addDocument(collection, 'second.txt', [second!]);
    expect(search(second!)).toEqual([secondId]);
    // Another connection (another process, say) adds a document: SQLite's data_version tells.
    const other = openDatabase(file);
    try {
      const document = insertDocument(other, {
        collectionId: collection, sha256: 'third', fileName: 'third.txt', path: '/third.txt', format: 'txt', sizeBytes: 1, embeddingModelId: 'model-a',
      });
      const [thirdId] = insertChunks(other, document.id, [{ ordinal: 0, page: null, section: null, charStart: 0, charEnd: 1, tokenCount: 1, text: 'third' }], null);
      insertChunkVectors(other, { collectionId: collection, modelId: 'model-a' }, [thirdId!], [third!]);
      markDocumentReady(other, document.id);
      expect(search(third!)).toEqual([thirdId]);
    } finally {
      other.close();
    }
    expect(search(first!)).toEqual([firstId]);
  });

  it('deletes codes with their chunks: none is left behind', () => {
    open();
    const keep = createCollection(db, 'keep').id;
    const drop = createCollection(db, 'drop').id;
    const kept = addDocument(keep, 'kept.txt', clusteredVectors(30, 10, 11));
    addDocument(keep, 'doomed.txt', clusteredVectors(20, 10, 12));
    addDocument(drop, 'dropped.txt', clusteredVectors(25, 5, 13));
    const doomed = db.prepare(`SELECT id FROM documents WHERE file_name = 'doomed.txt'`).pluck().get() as string;
    deleteDocument(db, doomed);
    deleteCollection(db, drop);
    for (const table of [vectorTableName(dim), binaryTableName(dim)]) {
      expect(db.prepare(`SELECT chunk_id FROM ${table} ORDER BY chunk_id`).pluck().all()).toEqual(kept);
    }
    expect(binaryIndexComplete(db, dim)).toBe(true);
  });
});
