import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { insertChunks, insertDocument, markDocumentReady } from '../../../electron/core/documents/store/documents.js';
import { toFtsQuery } from '../../../electron/core/documents/store/ftsQuery.js';
import { searchChunks, vectorSearch } from '../../../electron/core/documents/store/retrieve.js';
import { useTempDir } from '../../support/tempDir.js';

const dim = 16;

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
}

function axis(index: number, size = dim): Float32Array {
  return unit(Array.from({ length: size }, (_, i) => (i === index ? 1 : 0.05)));
}

describe('hybrid retrieval', () => {
  const tempDir = useTempDir();
  let db: Database;
  afterEach(() => db.close());

  function addDocument(collectionId: string, name: string, texts: string[], vectors: Float32Array[] | null, ready = true): string {
    const document = insertDocument(db, {
      collectionId, sha256: name, fileName: name, path: `/${name}`, format: 'txt', sizeBytes: 1, embeddingModelId: 'm',
    });
    const chunks = texts.map((text, ordinal) => ({
      ordinal, page: ordinal + 1, section: null, charStart: 0, charEnd: text.length, tokenCount: 4, text,
    }));
    insertChunks(db, document.id, chunks, vectors);
    if (ready) markDocumentReady(db, document.id);
    return document.id;
  }

  function setUp(): { a: string; b: string } {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    const a = createCollection(db, 'a').id;
    const b = createCollection(db, 'b').id;
    addDocument(
      a,
      'manual.txt',
      [
        'The reactor coolant pump must be inspected every ninety days.', // v0, keywords
        'Lunch menus and the cafeteria schedule for the week.', // v1
        'Inspection records are kept in the maintenance archive.', // v2
        'Quarterly budget review with the finance team.', // v3
      ],
      [axis(0), axis(1), axis(2), axis(3)],
    );
    addDocument(b, 'other.txt', ['The reactor coolant pump in building B is different.'], [axis(0)]);
    return { a, b };
  }

  it('finds the exact phrase by keywords', () => {
    const { a } = setUp();
    const hits = searchChunks(db, { query: 'coolant pump inspected', queryEmbedding: null, collectionIds: [a], topK: 3, relevanceFloor: 0 });
    expect(hits[0]).toMatchObject({ fileName: 'manual.txt', page: 1, ftsRank: 1, vectorRank: null, score: 1 });
    expect(hits[0]!.text).toMatch(/coolant pump must be inspected/);
  });

  it('finds the nearest vector', () => {
    const { a } = setUp();
    const hits = searchChunks(db, { query: '', queryEmbedding: axis(2), collectionIds: [a], topK: 2, relevanceFloor: 0 });
    expect(hits.map((hit) => hit.page)).toEqual([3, expect.any(Number)]);
    expect(hits[0]).toMatchObject({ vectorRank: 1, ftsRank: null });
  });

  it('ranks a chunk found by both retrievers above chunks found by one', () => {
    const { a } = setUp();
    // Keywords rank page 1 first; the vector points at page 1 second-best after page 4.
    const embedding = unit(Array.from({ length: dim }, (_, i) => (i === 3 ? 1 : i === 0 ? 0.9 : 0)));
    const hits = searchChunks(db, { query: 'coolant pump', queryEmbedding: embedding, collectionIds: [a], topK: 4, relevanceFloor: 0 });
    expect(hits[0]).toMatchObject({ page: 1, ftsRank: 1, vectorRank: 2 });
    expect(hits[1]).toMatchObject({ page: 4, ftsRank: null, vectorRank: 1 });
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('respects the collection filter and skips documents still indexing', () => {
    const { a, b } = setUp();
    addDocument(b, 'pending.txt', ['reactor coolant pump pending'], [axis(0)], false);
    const onlyB = searchChunks(db, { query: 'reactor coolant', queryEmbedding: axis(0), collectionIds: [b], topK: 10, relevanceFloor: 0 });
    expect(onlyB.map((hit) => hit.fileName)).toEqual(['other.txt']);
    const both = searchChunks(db, { query: 'reactor coolant', queryEmbedding: axis(0), collectionIds: [a, b], topK: 10, relevanceFloor: 0 });
    expect(new Set(both.map((hit) => hit.fileName))).toEqual(new Set(['manual.txt', 'other.txt']));
    expect(searchChunks(db, { query: 'reactor', queryEmbedding: null, collectionIds: [], topK: 10, relevanceFloor: 0 })).toEqual([]);
  });

  it('drops hits below the relevance floor', () => {
    const { a } = setUp();
    const options = { query: 'coolant inspection archive', queryEmbedding: axis(0), collectionIds: [a], topK: 10 };
    const all = searchChunks(db, { ...options, relevanceFloor: 0 });
    expect(all).toHaveLength(4);
    const strong = searchChunks(db, { ...options, relevanceFloor: 0.9 });
    expect(strong.length).toBeGreaterThan(0);
    expect(strong.length).toBeLessThan(all.length);
    expect(strong.every((hit) => hit.score >= 0.9)).toBe(true);
    expect(searchChunks(db, { ...options, relevanceFloor: 1.01 })).toEqual([]);
  });

  it('never turns user text into FTS5 syntax errors', () => {
    const { a } = setUp();
    const nasty = ['"', '*', '(', ')', 'AND', 'OR NOT', 'NEAR(pump reactor, 2)', 'pump*', '"unbalanced', 'col:text', '^start', '-minus + plus', "'; DROP TABLE chunks; --", '{}[]', 'coolant AND (pump OR "x'];
    for (const query of nasty) {
      expect(() => searchChunks(db, { query, queryEmbedding: null, collectionIds: [a], topK: 5, relevanceFloor: 0 })).not.toThrow();
    }
    expect(toFtsQuery('NEAR(pump "x" AND')).toBe('"NEAR pump x AND" OR "near" OR "pump" OR "x" OR "and"');
    expect(toFtsQuery('*** ()')).toBeNull();
    const hits = searchChunks(db, { query: 'coolant* (pump" NEAR', queryEmbedding: null, collectionIds: [a], topK: 5, relevanceFloor: 0 });
    expect(hits[0]?.page).toBe(1);
    expect(toFtsQuery('Ünïcödé café')).toBe('"Ünïcödé café" OR "ünïcödé" OR "café"');
    const accents = searchChunks(db, { query: 'CAFÉTERIA', queryEmbedding: null, collectionIds: [a], topK: 5, relevanceFloor: 0 });
    expect(accents[0]?.page).toBe(2);
  });

  it('quantised search finds the same top 10 as exact search (recall@10 >= 0.95)', () => {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    const size = 64;
    const next = random(42);
    const gaussian = (): number => Math.sqrt(-2 * Math.log(next() + 1e-12)) * Math.cos(2 * Math.PI * next());
    const collection = createCollection(db, 'random').id;
    const vectors = Array.from({ length: 3000 }, () => unit(Array.from({ length: size }, gaussian)));
    addDocument(collection, 'random.txt', vectors.map((_, i) => `chunk ${i}`), vectors);
    let found = 0;
    const queries = 30;
    for (let q = 0; q < queries; q++) {
      const query = unit(Array.from({ length: size }, gaussian));
      const exact = vectorSearch(db, query, [collection], 10, false);
      const quantised = vectorSearch(db, query, [collection], 40, true).slice(0, 10);
      found += exact.filter((id) => quantised.includes(id)).length;
      const hits = searchChunks(db, { query: '', queryEmbedding: query, collectionIds: [collection], topK: 10, relevanceFloor: 0, useQuantized: true });
      expect(hits).toHaveLength(10);
    }
    expect(found / (queries * 10)).toBeGreaterThanOrEqual(0.95);
  });
});
