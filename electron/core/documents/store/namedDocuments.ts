import type { Database } from 'better-sqlite3-multiple-ciphers';
import { rawStatement } from '../../db/statements.js';
import { keywordQuery } from './keywordSearch.js';
import type { ScoredChunk } from './scriptSearch.js';

/**
 * How much more a passage weighs when its document's file name holds a word of the question: "How do
 * I seed the random number generator in Asymptote?" is about asymptote.pdf, although Octave's manual
 * says "random number generator" on more pages. BM25 cannot see it: the name is not in the passages,
 * and a word a manual repeats on every page weighs little there. Its passages, found by the question
 * without the naming word, weigh twice their BM25 (bench:retrieval: keyword top-5 0.830 to 0.854; 1.5 and 3 do no better).
 */
export const namedDocumentWeight = 2;

/** Name words shorter than this ("a", "v2", "of") name nothing. */
const minNameWordLength = 3;

/**
 * The ready documents of the collections whose file name (without its extension) holds one of
 * `terms` as a word, case aside; none when that word is in the names of half the documents or more
 * ("report", "manual" in every name distinguish nothing).
 */
function documentsNamedBy(db: Database, terms: readonly string[], collectionIds: readonly string[]): { documentIds: string[]; nameWords: string[] } {
  const wanted = new Set(terms.map((term) => term.toLowerCase()).filter((term) => term.length >= minNameWordLength));
  if (wanted.size === 0) return { documentIds: [], nameWords: [] };
  const rows = rawStatement(
    db,
    `SELECT id, file_name FROM documents WHERE status = 'ready' AND collection_id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(collectionIds)) as [string, string][];
  const byWord = new Map<string, string[]>();
  for (const [id, fileName] of rows) {
    const words = new Set(fileName.replace(/\.[^.]*$/, '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
    for (const word of words) if (wanted.has(word)) byWord.set(word, [...(byWord.get(word) ?? []), id]);
  }
  const named = [...byWord.entries()].filter(([, ids]) => ids.length * 2 < rows.length);
  return { documentIds: [...new Set(named.flatMap(([, ids]) => ids))], nameWords: named.map(([word]) => word) };
}

/**
 * Gives the passages of the documents `terms` name (`documentsNamedBy`) `namedDocumentWeight` times
 * their score in `scores` (BM25: lower is better), adding the best of them when the search over the
 * whole library left them out. Within those documents the naming word says which document, not
 * which page, so they are searched without it.
 */
export function weighNamedDocuments(db: Database, terms: readonly string[], collectionIds: readonly string[], limit: number, scores: Map<number, number>): void {
  const named = documentsNamedBy(db, terms, collectionIds);
  if (named.documentIds.length === 0) return;
  const pageQuery = keywordQuery(db, terms.filter((term) => !named.nameWords.includes(term.toLowerCase())).join(' '));
  if (pageQuery === null) return;
  for (const { chunkId, score } of matchesInDocuments(db, pageQuery, named.documentIds, limit)) {
    scores.set(chunkId, (scores.get(chunkId) ?? score) * namedDocumentWeight);
  }
}

/** Chunk ids and BM25 scores for an FTS5 query over the `unicode61` index, within the given documents, best first. */
function matchesInDocuments(db: Database, ftsQuery: string, documentIds: readonly string[], limit: number): ScoredChunk[] {
  const rows = rawStatement(
    db,
    `SELECT f.rowid, f.rank FROM chunks_fts f
     JOIN chunks c ON c.id = f.rowid
     WHERE chunks_fts MATCH ? AND c.document_id IN (SELECT value FROM json_each(?))
     ORDER BY f.rank LIMIT ?`,
  ).all(ftsQuery, JSON.stringify(documentIds), limit) as [number, number][];
  return rows.map(([chunkId, score]) => ({ chunkId, score }));
}
