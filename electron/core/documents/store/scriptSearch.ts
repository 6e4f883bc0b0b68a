import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement, rawStatement } from '../../db/statements.js';
import { maxTrigramExpansion, quotedTrigramTerm, shortTermScanBudget } from '../../text/unspacedScripts.js';

/** A chunk and its keyword score: lower is better, as FTS5's `bm25()` gives it. */
export interface ScoredChunk {
  chunkId: number;
  score: number;
}

/**
 * Chunks holding any of `terms` (each at least three characters) as a substring, best first by the
 * trigram index's BM25. Each term is one quoted string, which the tokenizer reads as the phrase of its
 * trigrams: the exact sequence, not the trigrams scattered.
 */
export function trigramSearch(db: Database, terms: readonly string[], collectionIds: readonly string[], limit: number): ScoredChunk[] {
  if (terms.length === 0) return [];
  const match = terms.map(quotedTrigramTerm).join(' OR ');
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
