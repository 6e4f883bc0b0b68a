import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement } from '../../db/statements.js';
import { isUnspacedTerm } from '../../text/unspacedScripts.js';
import { toFtsQuery } from './ftsQuery.js';
import { contentTerms } from './stopwords.js';

/**
 * Postings (chunks containing a term) the keyword retriever ranks at most, beyond the rarest term:
 * BM25 in FTS5 costs one to two microseconds per posting here, so this bounds a query near 10 to 20
 * ms at any library size. Terms are kept rarest first, so what is left out is the most frequent
 * ones, which weigh least in BM25 (the idea of a stop-word list, measured on the library itself).
 */
export const keywordPostingsBudget = 10_000;

/**
 * The FTS5 query for `text` (see `toFtsQuery`) without the terms that would push the postings to
 * rank past `budget` (`keywordPostingsBudget`). The rarest term is always kept; when even it is over the budget,
 * a question of several words keeps only its exact phrase, and a single word is searched as it is.
 * Each term's count is probed with a bounded scan (at most budget + 1 postings), never a full count.
 * A word of `minPrefixLength` letters or more also finds the words it begins, as a clause of its own
 * within the same budget ("plot" finds "plots" and "plotting", "матриц" finds "матрицы"): no stemmer
 * knows every language, and a word found exactly still weighs more, matching both clauses.
 */
export function keywordQuery(db: Database, text: string, budget = keywordPostingsBudget): string | null {
  const query = toFtsQuery(text);
  if (query === null) return null;
  // toFtsQuery quotes each term and, for two terms or more, the whole sequence as a phrase: the only
  // clause with a space in it. Terms are runs of letters, digits and marks, so no clause holds a quote.
  const clauses = query.match(/"[^"]*"/g) ?? [];
  const phrase = clauses.find((clause) => clause.includes(' '));
  // Function words of the query's language ("the", "does") are left out as terms; the phrase keeps them.
  const words = clauses.filter((clause) => !clause.includes(' ')).map((clause) => clause.slice(1, -1));
  const terms = contentTerms(words).map((word) => `"${word}"`);
  const candidates = [...terms, ...terms.filter(takesPrefix).map((term) => `${term}*`)];
  if (candidates.length <= 1) return [...(phrase === undefined ? [] : [phrase]), ...candidates].join(' OR ');
  const probe = pluckedStatement(db, 'SELECT COUNT(*) FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)');
  const byRarity = candidates
    .map((term) => ({ term, postings: probe.get(term, budget + 1) as number }))
    // Rarest first; on a tie the exact word before its prefix, then the longer word.
    .sort((a, b) => a.postings - b.postings || Number(a.term.endsWith('*')) - Number(b.term.endsWith('*')) || b.term.length - a.term.length);
  const [rarest, ...others] = byRarity;
  if (!rarest) return query;
  if (rarest.postings > budget) return phrase ?? rarest.term;
  const kept = [rarest.term];
  let postings = rarest.postings;
  for (const { term, postings: more } of others) {
    if (postings + more > budget) break;
    kept.push(term);
    postings += more;
  }
  return [...(phrase === undefined ? [] : [phrase]), ...kept].join(' OR ');
}

/** Shorter words ("use", "map") begin too many others; words of unspaced scripts are found by the trigram index instead. */
export const minPrefixLength = 4;

/** Whether a quoted term (`"plot"`) is also searched as a prefix: a word of letters, `minPrefixLength` or more. */
export function takesPrefix(quoted: string): boolean {
  const word = quoted.slice(1, -1);
  return Array.from(word).length >= minPrefixLength && /^\p{L}[\p{L}\p{M}]*$/u.test(word) && !isUnspacedTerm(word);
}

/** Chunk ids best first by BM25, within ready documents of the collections. */
export function keywordSearch(db: Database, ftsQuery: string, collectionIds: readonly string[], limit: number): number[] {
  return pluckedStatement(
    db,
    `SELECT f.rowid FROM chunks_fts f
     JOIN chunks c ON c.id = f.rowid
     JOIN documents d ON d.id = c.document_id
     WHERE chunks_fts MATCH ? AND d.status = 'ready'
       AND d.collection_id IN (SELECT value FROM json_each(?))
     ORDER BY f.rank LIMIT ?`,
  ).all(ftsQuery, JSON.stringify(collectionIds), limit) as number[];
}
