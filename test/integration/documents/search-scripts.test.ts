import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../electron/core/db/migrate.js';
import { unspacedRanges } from '../../../electron/core/db/migrations/0015-trigram-search.js';
import { migrations } from '../../../electron/core/db/migrations/index.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { deleteDocument, insertChunks, insertDocument, markDocumentReady } from '../../../electron/core/documents/store/documents.js';
import { rankByKeywords, searchChunks } from '../../../electron/core/documents/store/retrieve.js';
import { isUnspacedTerm } from '../../../electron/core/text/unspacedScripts.js';
import { insertChunkVectors } from '../../../electron/core/documents/store/vectorIndex.js';
import { useTempDir } from '../../support/tempDir.js';

const dim = 8;

/** A unit vector along `index`: documents' vectors that point anywhere but at the query's. */
function axis(index: number): Float32Array {
  return Float32Array.from({ length: dim }, (_, i) => (i === index ? 1 : 0));
}

const pages = [
  '今年の受験者数は昨年より増えた。', // 1 Japanese
  '数学の試験は来週です。', // 2 Japanese
  '北京大学的图书馆很大。', // 3 Chinese
  '我们明天去上海', // 4 Chinese, ending with the word searched
  'ภาษาไทยเป็นภาษาที่สวยงาม', // 5 Thai
  '한국어 문장을 검색합니다', // 6 Korean
  'The coolant pump manual, first page: coolant, pump, pressure, valves and coolant again.', // 7
  'Replace the seal before the coolant pump is restarted after maintenance.', // 8 the quoted line
  '水', // 9 a chunk of one character
];

describe('search in every script', () => {
  const tempDir = useTempDir();
  let db: Database;
  afterEach(() => db.close());

  function setUp(): string {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    const collectionId = createCollection(db, 'scripts').id;
    const document = insertDocument(db, {
      collectionId, sha256: 'x', fileName: 'mixed.txt', path: '/mixed.txt', format: 'txt', sizeBytes: 1, embeddingModelId: 'm',
    });
    const chunks = pages.map((text, ordinal) => ({ ordinal, page: ordinal + 1, section: null, charStart: 0, charEnd: text.length, tokenCount: 4, text }));
    const ids = insertChunks(db, document.id, chunks, null);
    insertChunkVectors(db, { collectionId, modelId: 'm' }, ids, pages.map((_, i) => axis(i % dim)));
    markDocumentReady(db, document.id);
    return collectionId;
  }

  function firstPage(collectionId: string, query: string, queryEmbedding: Float32Array | null = null): number | null {
    const hits = searchChunks(db, { query, queryEmbedding, collectionIds: [collectionId], topK: 5, relevanceFloor: 0 });
    return hits[0]?.page ?? null;
  }

  it('finds Japanese and Chinese words of one, two and four characters', () => {
    const collection = setUp();
    expect(firstPage(collection, '受験者数')).toBe(1);
    expect(firstPage(collection, '試験')).toBe(2);
    expect(firstPage(collection, '数学')).toBe(2);
    expect(firstPage(collection, '图书馆')).toBe(3);
    expect(firstPage(collection, '上海')).toBe(4);
    expect(firstPage(collection, '水')).toBe(9);
    // "数" is on pages 1 and 2: both found, nothing else.
    const hits = searchChunks(db, { query: '数', queryEmbedding: null, collectionIds: [collection], topK: 9, relevanceFloor: 0 });
    expect(hits.map((hit) => hit.page).sort()).toEqual([1, 2]);
  });

  it('finds a single character that begins too many trigrams to expand, by a scan', () => {
    const collection = setUp();
    const document = insertDocument(db, {
      collectionId: collection, sha256: 'y', fileName: 'many.txt', path: '/many.txt', format: 'txt', sizeBytes: 1,
    });
    // "的" followed by 300 different pairs of characters: more trigrams than the expansion takes.
    const texts = Array.from({ length: 300 }, (_, i) => `的${String.fromCodePoint(0x4e00 + i)}${String.fromCodePoint(0x5000 + i)}`);
    insertChunks(db, document.id, texts.map((text, ordinal) => ({ ordinal, page: ordinal + 1, section: null, charStart: 0, charEnd: 3, tokenCount: 1, text })), null);
    markDocumentReady(db, document.id);
    // Those 300 and the Chinese page of the first document.
    expect(rankByKeywords(db, '的', [collection], 400).chunkIds).toHaveLength(301);
    expect(rankByKeywords(db, '的丁', [collection], 400).chunkIds).toHaveLength(1);
  });

  it('finds the page for a question asked as one unspaced sentence, by its words', () => {
    const collection = setUp();
    // Neither question occurs anywhere as written: the tokenizer reads each as one term.
    expect(firstPage(collection, '今年の受験者数はどうでしたか？')).toBe(1);
    expect(firstPage(collection, '北京大学的图书馆在哪里')).toBe(3);
    expect(firstPage(collection, 'ภาษาไทยสวยงามไหม')).toBe(5);
  });

  it('finds Thai words and still finds Korean ones', () => {
    const collection = setUp();
    expect(firstPage(collection, 'ภาษาไทย')).toBe(5);
    expect(firstPage(collection, 'สวยงาม')).toBe(5);
    expect(firstPage(collection, '검색합니다')).toBe(6);
    expect(firstPage(collection, '한국어')).toBe(6);
  });

  it('ranks a chunk holding Latin and CJK terms above one holding either', () => {
    const collection = setUp();
    const { chunkIds } = rankByKeywords(db, 'seal 受験者数', [collection], 10);
    expect(chunkIds).toHaveLength(2);
    expect(searchChunks(db, { query: 'pump 試験', queryEmbedding: null, collectionIds: [collection], topK: 9, relevanceFloor: 0 }).map((hit) => hit.page)).toEqual(
      expect.arrayContaining([2, 7, 8]),
    );
  });

  it('puts a line quoted verbatim first, by keywords and in the hybrid ranking', () => {
    const collection = setUp();
    const quote = 'before the coolant pump is restarted';
    // Without the phrase, BM25 alone prefers page 7, which repeats "coolant" and "pump".
    expect(firstPage(collection, 'coolant pump')).toBe(7);
    expect(firstPage(collection, quote)).toBe(8);
    const ranking = rankByKeywords(db, quote, [collection], 10);
    expect([...ranking.exact]).toHaveLength(1);
    // The embedding points at page 7 exactly; page 8 is nowhere near it.
    const hits = searchChunks(db, { query: quote, queryEmbedding: axis(6), collectionIds: [collection], topK: 5, relevanceFloor: 0 });
    expect(hits[0]).toMatchObject({ page: 8, ftsRank: 1 });
    expect(hits[0]!.vectorRank).not.toBe(1);
    expect(firstPage(collection, '今年の受験者数は昨年より', axis(3))).toBe(1);
  });

  it('indexes in trigrams exactly the chunks whose characters the query side sends there', () => {
    const collection = setUp();
    // Pages 1-5 and 9 hold Chinese, Japanese or Thai; Korean and English pages stay out of the index.
    const indexed = db.prepare('SELECT c.page FROM chunks_trigram_docsize t JOIN chunks c ON c.id = t.id ORDER BY c.page').pluck().all();
    expect(indexed).toEqual([1, 2, 3, 4, 5, 9]);
    // Every range's edges, inside and out: the trigger's GLOB and the query side's test agree.
    const document = insertDocument(db, { collectionId: collection, sha256: 'edges', fileName: 'e', path: '/e', format: 'txt', sizeBytes: 1 });
    const codePoints = unspacedRanges.flatMap(([first, last]) => [first - 1, first, last, last + 1]);
    const ids = insertChunks(
      db,
      document.id,
      codePoints.map((codePoint, ordinal) => ({ ordinal, page: null, section: null, charStart: 0, charEnd: 3, tokenCount: 1, text: `a ${String.fromCodePoint(codePoint)} b` })),
      null,
    );
    const inIndex = db.prepare('SELECT COUNT(*) FROM chunks_trigram_docsize WHERE id = ?').pluck();
    codePoints.forEach((codePoint, index) => {
      const character = String.fromCodePoint(codePoint);
      expect([codePoint.toString(16), inIndex.get(ids[index]) === 1]).toEqual([codePoint.toString(16), isUnspacedTerm(character)]);
    });
  });

  it('keeps the trigram index in step when documents are deleted', () => {
    const collection = setUp();
    const documentId = db.prepare('SELECT id FROM documents').pluck().get() as string;
    deleteDocument(db, documentId);
    expect(firstPage(collection, '受験者数')).toBeNull();
    expect(db.prepare('SELECT COUNT(*) FROM chunks_trigram_docsize').pluck().get()).toBe(0);
    db.prepare("INSERT INTO chunks_trigram (chunks_trigram, rank) VALUES ('integrity-check', 1)").run();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('fills the trigram index from the chunks of a version-14 database', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new BetterSqlite3(file);
    migrateDatabase(old, migrations.slice(0, 14));
    old.exec(`
      INSERT INTO collections (id, name, created_at) VALUES ('k', 'Old', 0);
      INSERT INTO documents (id, collection_id, sha256, file_name, path, format, size_bytes, status, added_at)
        VALUES ('d', 'k', 'abc', 'f', '/f', 'txt', 1, 'ready', 0);
      INSERT INTO chunks (document_id, ordinal, char_start, char_end, token_count, text)
        VALUES ('d', 0, 0, 10, 1, '今年の受験者数は昨年より増えた。');
    `);
    old.close();
    db = openDatabase(file);
    expect(searchChunks(db, { query: '受験者数', queryEmbedding: null, collectionIds: ['k'], topK: 5, relevanceFloor: 0 })).toHaveLength(1);
    expect(searchChunks(db, { query: '昨年', queryEmbedding: null, collectionIds: ['k'], topK: 5, relevanceFloor: 0 })).toHaveLength(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.prepare("INSERT INTO chunks_trigram (chunks_trigram, rank) VALUES ('integrity-check', 1)").run();
  });
});
