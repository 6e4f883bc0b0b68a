import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { insertChunks, insertDocument, markDocumentReady } from '../../../electron/core/documents/store/documents.js';
import { toFtsQuery } from '../../../electron/core/documents/store/ftsQuery.js';
import { keywordQuery, searchChunks } from '../../../electron/core/documents/store/retrieve.js';
import { insertChunkVectors } from '../../../electron/core/documents/store/vectorIndex.js';
import { useTempDir } from '../../support/tempDir.js';

const dim = 16;

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

  function addDocument(
    collectionId: string,
    name: string,
    texts: string[],
    vectors: Float32Array[] | null,
    ready = true,
    modelId = 'm',
  ): string {
    const document = insertDocument(db, {
      collectionId, sha256: name, fileName: name, path: `/${name}`, format: 'txt', sizeBytes: 1, embeddingModelId: modelId,
    });
    const chunks = texts.map((text, ordinal) => ({
      ordinal, page: ordinal + 1, section: null, charStart: 0, charEnd: text.length, tokenCount: 4, text,
    }));
    const ids = insertChunks(db, document.id, chunks, null);
    if (vectors) insertChunkVectors(db, { collectionId, modelId }, ids, vectors);
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

  it('scores every hit on one scale, half cosine similarity and half the share of the words, and drops hits below the floor', () => {
    const { a } = setUp();
    const options = { query: 'coolant inspection archive', queryEmbedding: axis(0), collectionIds: [a], topK: 10 };
    const all = searchChunks(db, { ...options, relevanceFloor: 0 });
    expect(all).toHaveLength(4);
    for (const hit of all) expect(hit.score).toBeCloseTo(0.5 * Math.max(0, hit.similarity!) + 0.5 * hit.keywordScore, 6);
    const byPage = new Map(all.map((hit) => [hit.page, hit]));
    // Page 1: the question's vector and one of its three words; page 3: two of the words, another direction.
    expect(byPage.get(1)!.similarity).toBeCloseTo(1, 5);
    expect(byPage.get(3)!.keywordScore).toBeGreaterThan(byPage.get(1)!.keywordScore);
    expect(byPage.get(2)!.keywordScore).toBe(0);
    const strong = searchChunks(db, { ...options, relevanceFloor: 0.5 });
    expect(strong.map((hit) => hit.page)).toEqual([1]);
    expect(searchChunks(db, { ...options, relevanceFloor: 1.01 })).toEqual([]);
    // Without vectors the words alone score: a passage holding every word of the question scores 1.
    const keywordsOnly = searchChunks(db, { ...options, query: 'maintenance archive', queryEmbedding: null, relevanceFloor: 0 });
    expect(keywordsOnly[0]).toMatchObject({ page: 3, score: 1, similarity: null });
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

  it('keeps vector hits to documents of the given embedding model, keywords from all', () => {
    const { a } = setUp();
    // Same dimension, another model: its vector points exactly at the query, but means something else.
    addDocument(a, 'old-model.txt', ['The reactor coolant pump, as indexed by the previous model.'], [axis(5)], true, 'old');
    for (const useQuantized of [true, false]) {
      const options = { query: 'reactor coolant', queryEmbedding: axis(5), collectionIds: [a], topK: 10, relevanceFloor: 0, useQuantized };
      const unfiltered = searchChunks(db, options);
      expect(unfiltered[0]).toMatchObject({ fileName: 'old-model.txt', vectorRank: 1 });
      const filtered = searchChunks(db, { ...options, embeddingModelId: 'm' });
      const oldHit = filtered.find((hit) => hit.fileName === 'old-model.txt');
      expect(oldHit).toMatchObject({ vectorRank: null, ftsRank: expect.any(Number) });
      expect(filtered.filter((hit) => hit.vectorRank !== null).every((hit) => hit.fileName === 'manual.txt')).toBe(true);
      expect(searchChunks(db, { ...options, query: '', embeddingModelId: 'unknown-model' })).toEqual([]);
    }
  });

  it('leaves the most frequent terms out of the keyword query, never the rarest', () => {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    const collection = createCollection(db, 'frequent').id;
    const texts = Array.from({ length: 30 }, (_, i) => `common words everywhere ${i % 3 === 0 ? 'often' : 'filler'} number${i}`);
    addDocument(collection, 'frequent.txt', [...texts, 'the rare zeppelin appears once'], null);
    // Words of four letters or more are also searched as prefixes, within the same budget.
    expect(keywordQuery(db, 'common zeppelin often', 20)).toBe('"common zeppelin often" OR "zeppelin" OR "zeppelin"* OR "often"');
    expect(keywordQuery(db, 'common zeppelin often', 1000)).toBe(
      '"common zeppelin often" OR "zeppelin" OR "zeppelin"* OR "often" OR "often"* OR "common" OR "common"*',
    );
    // Every term over the budget: the exact phrase alone; a single word is searched as it is.
    expect(keywordQuery(db, 'common words', 5)).toBe('"common words"');
    expect(keywordQuery(db, 'common', 5)).toBe('"common"');
    expect(keywordQuery(db, 'zeppelin', 5)).toBe('"zeppelin" OR "zeppelin"*');
    // "the" is a function word: the phrase keeps it, the terms do not.
    expect(keywordQuery(db, 'the cat', 1000)).toBe('"the cat" OR "cat"');
    const hits = searchChunks(db, { query: 'common zeppelin', queryEmbedding: null, collectionIds: [collection], topK: 3, relevanceFloor: 0 });
    expect(hits[0]?.text).toMatch(/zeppelin/);
  });

  it('finds the words a query word begins, and ranks the exact word above them', () => {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    const collection = createCollection(db, 'prefixes').id;
    addDocument(collection, 'plots.txt', ['How plotting works: the plots of a figure.', 'One plot of the data.', 'Nothing relevant here.'], null);
    const hits = searchChunks(db, { query: 'plot', queryEmbedding: null, collectionIds: [collection], topK: 5, relevanceFloor: 0 });
    expect(hits.map((hit) => hit.text)).toEqual(['One plot of the data.', 'How plotting works: the plots of a figure.']);
  });

  it('lets the meaningful words of a question rank, not its function words', () => {
    db = openDatabase(path.join(tempDir(), 'stop.db'));
    const collection = createCollection(db, 'c').id;
    const discharge = 'The patient does leave the ward when the doctor signs the discharge.';
    const ferry = 'Ferry timetable: boats depart from pier 3.';
    addDocument(collection, 'notes.txt', [discharge, ferry], null);
    const hits = searchChunks(db, { query: 'What time does the boat depart?', queryEmbedding: null, collectionIds: [collection], topK: 5, relevanceFloor: 0 });
    expect(hits.map((hit) => hit.text)).toEqual([ferry]);
  });
});
