import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement, rawStatement } from '../../db/statements.js';

/**
 * A character of a script written without spaces between words: the `unicode61` index reads a whole
 * run of them as one token, so their words are searched in the trigram index instead, which holds the
 * chunks with such a character. The same ranges as the GLOB of migration 15 (a test holds them equal):
 * Han (ideographs, extension A, compatibility ideographs, 々〆〇, the supplementary planes), Hiragana,
 * Katakana, Thai, Lao, Khmer, Myanmar. Korean is not here: it puts spaces between words, and
 * `unicode61` finds them.
 */
export const unspacedCharacter =
  /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF\u3005-\u3007\u3041-\u30FF\u31F0-\u31FF\u{20000}-\u{3FFFD}\u0E01-\u0E5B\u0E81-\u0EFF\u1780-\u17FF\u1000-\u109F]/u;

/** The trigram tokenizer indexes runs of three characters: a shorter term has no trigram to look up. */
export const minTrigramLength = 3;

/**
 * Most trigrams a one- or two-character term is expanded to (the distinct trigrams that begin with it).
 * A two-character word has a few dozen in a real library; a single common character ("的", "の") can
 * have thousands, and is then looked for by a scan instead (`shortTermScanBudget`).
 */
export const maxTrigramExpansion = 256;

/**
 * Chunks whose text a single character with more than `maxTrigramExpansion` trigrams is looked for in
 * at most, newest first: the scan reads text, not an index, so this bounds such a query on any library
 * (about 20 ms for 20,000 chunks of 400 CJK characters here), at the price of older chunks.
 */
export const shortTermScanBudget = 20_000;

/** A chunk and its keyword score: lower is better, as FTS5's `bm25()` gives it. */
export interface ScoredChunk {
  chunkId: number;
  score: number;
}

/** Whether `term` holds a letter of a script written without spaces (Chinese, Japanese, Thai ...). */
export function isUnspacedTerm(term: string): boolean {
  return unspacedCharacter.test(term);
}

/** The term's length in characters (code points), as the trigram tokenizer counts them. */
export function characterCount(term: string): number {
  return Array.from(term).length;
}

/**
 * Chunks holding any of `terms` (each at least three characters) as a substring, best first by the
 * trigram index's BM25. Each term is one quoted string, which the tokenizer reads as the phrase of its
 * trigrams: the exact sequence, not the trigrams scattered.
 */
export function trigramSearch(db: Database, terms: readonly string[], collectionIds: readonly string[], limit: number): ScoredChunk[] {
  if (terms.length === 0) return [];
  const match = terms.map((term) => `"${term.replaceAll('"', '""')}"`).join(' OR ');
  return rankedMatches(db, 'chunks_trigram', match, collectionIds, limit);
}

/**
 * Chunk ids and BM25 scores for an FTS5 query over one of the two indexes (`chunks_fts`, words;
 * `chunks_trigram`, unspaced scripts), in ready documents of the given collections, best first.
 */
export function rankedMatches(db: Database, index: 'chunks_fts' | 'chunks_trigram', match: string, collectionIds: readonly string[], limit: number): ScoredChunk[] {
  const rows = rawStatement(
    db,
    `SELECT f.rowid, f.rank FROM ${index} f
     JOIN chunks c ON c.id = f.rowid
     JOIN documents d ON d.id = c.document_id
     WHERE ${index} MATCH ? AND d.status = 'ready'
       AND d.collection_id IN (SELECT value FROM json_each(?))
     ORDER BY f.rank LIMIT ?`,
  ).all(match, JSON.stringify(collectionIds), limit) as [number, number][];
  return rows.map(([chunkId, score]) => ({ chunkId, score }));
}

/**
 * Chunks holding any of `terms` (one or two characters, which no trigram spells alone), best first.
 * Each term is expanded to the trigrams of the index that begin with it (every occurrence begins one:
 * the index reads each text with two line feeds appended, see migration 15), which are searched as one
 * OR query ranked by BM25. A term beginning more than `maxTrigramExpansion` distinct trigrams is found
 * by `scanForTerm` instead.
 */
export function shortTermSearch(db: Database, terms: readonly string[], collectionIds: readonly string[], limit: number): ScoredChunk[] {
  if (terms.length === 0) return [];
  const expansions: string[] = [];
  const scores = new Map<number, number>();
  const startingWith = pluckedStatement(db, 'SELECT term FROM chunks_trigram_terms WHERE term >= ? AND term < ? LIMIT ?');
  for (const term of terms) {
    const trigrams = startingWith.all(term, `${term}\u{10FFFF}`, maxTrigramExpansion + 1) as string[];
    if (trigrams.length <= maxTrigramExpansion) expansions.push(...trigrams);
    else for (const { chunkId, score } of scanForTerm(db, term, collectionIds)) scores.set(chunkId, (scores.get(chunkId) ?? 0) + score);
  }
  for (const { chunkId, score } of trigramSearch(db, expansions, collectionIds, limit)) scores.set(chunkId, (scores.get(chunkId) ?? 0) + score);
  return [...scores.entries()]
    .map(([chunkId, score]) => ({ chunkId, score }))
    .sort((a, b) => a.score - b.score || a.chunkId - b.chunkId)
    .slice(0, limit);
}

/**
 * The newest `budget` chunks of the collections' ready documents that contain `term`, read one by one.
 * A chunk scores minus the natural log of one plus the term's occurrences: once weighs about what a
 * common word weighs in BM25, and repeats less and less.
 */
function scanForTerm(db: Database, term: string, collectionIds: readonly string[], budget = shortTermScanBudget): ScoredChunk[] {
  const rows = rawStatement(
    db,
    `SELECT id, (length(text) - length(replace(text, @term, ''))) / length(@term)
     FROM (SELECT c.id, c.text FROM chunks c JOIN documents d ON d.id = c.document_id
           WHERE d.status = 'ready' AND d.collection_id IN (SELECT value FROM json_each(@collections))
           ORDER BY c.id DESC LIMIT @budget)
     WHERE instr(text, @term) > 0`,
  ).all({ term, collections: JSON.stringify(collectionIds), budget }) as [number, number][];
  return rows.map(([chunkId, occurrences]) => ({ chunkId, score: -Math.log1p(occurrences) }));
}
