/**
 * The synthetic document index of bench:docs (retrieval) and bench:storage: chunks of short texts and
 * unit vectors, stored as ingestion stores them (`insertDocument`, `insertChunks`, `markDocumentReady`),
 * and probes (queries) taken from stored chunks. Deterministic: the same seed gives the same index.
 *
 * Two kinds of vectors:
 * - clustered: passages in sections of 100 around a section centre, plus a direction every
 *   embedding shares (random pairs at cosine ~0.1), as sentence embeddings of documents are;
 * - gaussian: independent random directions, the worst case for any compressed code.
 */
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { createCollection } from '../../electron/core/documents/store/collections.js';
import { insertChunks, insertDocument, markDocumentReady, type NewChunk } from '../../electron/core/documents/store/documents.js';
import { itemAt } from '../fixtures/itemAt.js';

export type DataKind = 'clustered' | 'gaussian';

/** The embedding model id the index's documents are stored under. */
export const benchEmbeddingModelId = 'bench';
const chunksPerDocument = 1000;
const sectionSize = 100;
const vocabulary = Array.from({ length: 20_000 }, (_, index) => `w${index.toString(36)}`);

/** A query: three words taken from a stored chunk, and that chunk's vector plus as much noise (a paraphrase). */
export interface Probe {
  text: string;
  vector: Float32Array;
}

/** Deterministic pseudo-random numbers in [0, 1) so runs are comparable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export interface ChunkGenerator {
  dim: number;
  /** The unit vector along the sum of `parts` (vector, weight) plus `noise` times a random unit-ish vector. */
  unitVector(parts: [Float32Array, number][], noise?: number): Float32Array;
  /** Sixteen Zipf-like words: a few words are everywhere, most are rare, as in real text. */
  text(): string;
}

export function createChunkGenerator(dim: number, seed = 7): ChunkGenerator {
  const next = random(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
  const word = () => itemAt(vocabulary, Math.floor(vocabulary.length * next() ** 3));
  return {
    dim,
    unitVector(parts, noise = 1) {
      const vector = new Float32Array(dim);
      for (let i = 0; i < dim; i++) {
        let value = (gaussian() * noise) / Math.sqrt(dim);
        for (const [part, weight] of parts) value += itemAt(part, i) * weight;
        vector[i] = value;
      }
      const norm = Math.hypot(...vector);
      return vector.map((value) => value / norm);
    },
    text: () => Array.from({ length: 16 }, word).join(' '),
  };
}

export interface BuiltChunkIndex {
  collectionId: string;
  probes: Probe[];
  seconds: number;
}

/** `size` chunks in one new collection, documents of 1,000 chunks each (rows, FTS and vectors: float, sign bits, int8). */
export function buildChunkIndex(db: Database, generator: ChunkGenerator, size: number, kind: DataKind, probeCount: number): BuiltChunkIndex {
  const started = performance.now();
  const collectionId = createCollection(db, `bench-${size}`).id;
  const probes: Probe[] = [];
  const probeEvery = Math.max(1, Math.floor(size / probeCount));
  const shared = generator.unitVector([]);
  let section = generator.unitVector([]);
  for (let offset = 0; offset < size; offset += chunksPerDocument) {
    const document = insertDocument(db, {
      collectionId, sha256: `sha-${offset}`, fileName: `doc-${offset}.txt`, path: `/bench/doc-${offset}.txt`,
      format: 'txt', sizeBytes: 1, embeddingModelId: benchEmbeddingModelId,
    });
    const chunks: NewChunk[] = [];
    const vectors: Float32Array[] = [];
    for (let ordinal = 0; ordinal < chunksPerDocument && offset + ordinal < size; ordinal++) {
      if ((offset + ordinal) % sectionSize === 0) section = generator.unitVector([]);
      const body = generator.text();
      const vector = kind === 'gaussian' ? generator.unitVector([]) : generator.unitVector([[shared, 0.5], [section, 1]]);
      chunks.push({ ordinal, page: null, section: null, charStart: 0, charEnd: body.length, tokenCount: 16, text: body });
      vectors.push(vector);
      if ((offset + ordinal) % probeEvery === 0 && probes.length < probeCount) {
        probes.push({ text: body.split(' ').slice(5, 8).join(' '), vector: generator.unitVector([[vector, 1]]) });
      }
    }
    insertChunks(db, document.id, chunks, vectors);
    markDocumentReady(db, document.id);
  }
  return { collectionId, probes, seconds: (performance.now() - started) / 1000 };
}
