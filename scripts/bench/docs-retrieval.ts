/**
 * bench:docs retrieval — hybrid search (FTS5 BM25 + sqlite-vec KNN, fused by RRF) over a synthetic
 * index in a temporary database built through the app's own schema and repository functions.
 *
 * Builds 100k chunks (and 1M with BENCH_1M=1) of 384-dim vectors and short texts, in batched
 * transactions, printing the build time; then runs the same 200 queries (three words taken from a
 * stored chunk, and that chunk's vector plus noise) exactly and through the quantised (int8) index
 * with exact re-scoring, printing p50/p95 ms and recall@10 of the quantised vector list against the
 * exact one. Targets: p95 <= 50 ms at 100k, <= 150 ms at 1M; recall@10 >= 0.95.
 *
 * Vectors are Gaussian random, the worst case for quantisation (real embeddings cluster).
 * The database is checkpointed and memory-mapped before querying (BENCH_MMAP bytes, 0 to turn off).
 * Environment: BENCH_1M=1, BENCH_QUERIES (200), BENCH_DIM (384), BENCH_TOPK (10), BENCH_MMAP (4 GiB).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/openDatabase.js';
import { createCollection } from '../../electron/core/documents/store/collections.js';
import {
  insertChunks,
  insertDocument,
  markDocumentReady,
  type NewChunk,
} from '../../electron/core/documents/store/documents.js';
import { candidateCount, searchChunks, vectorSearch } from '../../electron/core/documents/store/retrieve.js';
import { format, median, percentile } from './stats.js';

const dim = Number(process.env.BENCH_DIM ?? 384);
const queries = Number(process.env.BENCH_QUERIES ?? 200);
const topK = Number(process.env.BENCH_TOPK ?? 10);
const sizes = process.env.BENCH_1M === '1' ? [100_000, 1_000_000] : [100_000];
const chunksPerDocument = 1000;
const mmapBytes = Number(process.env.BENCH_MMAP ?? 2 ** 32);
const vocabulary = Array.from({ length: 20_000 }, (_, index) => `w${index.toString(36)}`);

/** Deterministic pseudo-random numbers so runs are comparable. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const next = random(7);
function gaussian(): number {
  return Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
}

function unitVector(base?: Float32Array, noise = 1): Float32Array {
  const vector = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    vector[i] = (base ? base[i]! : 0) + gaussian() * noise / Math.sqrt(dim);
    norm += vector[i]! * vector[i]!;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dim; i++) vector[i] = vector[i]! / norm;
  return vector;
}

/** Zipf-like word choice: a few words are everywhere, most are rare, as in real text. */
function word(): string {
  return vocabulary[Math.floor(vocabulary.length * next() ** 3)]!;
}

function text(): string {
  return Array.from({ length: 16 }, word).join(' ');
}

interface Probe {
  text: string;
  vector: Float32Array;
}

function build(db: Database, size: number): { collectionId: string; probes: Probe[]; seconds: number } {
  const started = performance.now();
  const collectionId = createCollection(db, `bench-${size}`).id;
  const probes: Probe[] = [];
  const probeEvery = Math.floor(size / queries);
  for (let offset = 0; offset < size; offset += chunksPerDocument) {
    const document = insertDocument(db, {
      collectionId, sha256: `sha-${offset}`, fileName: `doc-${offset}.txt`, path: `/bench/doc-${offset}.txt`,
      format: 'txt', sizeBytes: 1, embeddingModelId: 'bench',
    });
    const chunks: NewChunk[] = [];
    const vectors: Float32Array[] = [];
    for (let ordinal = 0; ordinal < chunksPerDocument && offset + ordinal < size; ordinal++) {
      const body = text();
      const vector = unitVector();
      chunks.push({ ordinal, page: null, section: null, charStart: 0, charEnd: body.length, tokenCount: 16, text: body });
      vectors.push(vector);
      if ((offset + ordinal) % probeEvery === 0 && probes.length < queries) {
        probes.push({ text: body.split(' ').slice(5, 8).join(' '), vector: unitVector(vector, 1) });
      }
    }
    insertChunks(db, document.id, chunks, vectors);
    markDocumentReady(db, document.id);
  }
  return { collectionId, probes, seconds: (performance.now() - started) / 1000 };
}

function time(run: () => void): number {
  const started = performance.now();
  run();
  return performance.now() - started;
}

function benchSize(size: number): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-docs-'));
  const db = openDatabase(path.join(dir, 'bench.db'));
  try {
    const { collectionId, probes, seconds } = build(db, size);
    const bytes = fs.statSync(path.join(dir, 'bench.db')).size + fs.statSync(path.join(dir, 'bench.db-wal')).size;
    console.log(`\n${size.toLocaleString('en')} chunks x ${dim} dims: built in ${format(seconds, 1)} s (${format(size / seconds, 0)} chunks/s, ${format(bytes / 2 ** 20, 0)} MiB)`);
    // As the app would after a bulk import: fold the WAL into the main file, then map it into memory
    // so vector scans read pages in place instead of copying them through SQLite's page cache.
    // (openDatabase does not set mmap_size yet; these numbers assume it will.)
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`mmap_size = ${mmapBytes}`);
    console.log(`  mmap_size ${format(mmapBytes / 2 ** 30, 0)} GiB, WAL checkpointed`);
    const collectionIds = [collectionId];
    for (const useQuantized of [false, true]) {
      const search = (probe: Probe): unknown =>
        searchChunks(db, { query: probe.text, queryEmbedding: probe.vector, collectionIds, topK, relevanceFloor: 0, useQuantized });
      search(probes[0]!); // warm the page cache and statement cache
      const times = probes.map((probe) => time(() => search(probe)));
      console.log(`  hybrid ${useQuantized ? 'quantised' : 'exact    '}: p50 ${format(median(times))} ms, p95 ${format(percentile(times, 95))} ms (${probes.length} queries)`);
    }
    let found = 0;
    for (const probe of probes) {
      const exact = vectorSearch(db, probe.vector, collectionIds, topK, false);
      const quantised = vectorSearch(db, probe.vector, collectionIds, candidateCount(topK), true).slice(0, topK);
      found += exact.filter((id) => quantised.includes(id)).length;
    }
    const recall = found / (probes.length * topK);
    const target = size >= 1_000_000 ? 150 : 50;
    console.log(`  recall@${topK} quantised vs exact: ${format(recall, 3)} (target >= 0.95); p95 target <= ${target} ms`);
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const size of sizes) benchSize(size);
