import type { Database } from 'better-sqlite3-multiple-ciphers';
import { rawStatement } from '../../db/statements.js';
import { normalizeText } from '../../text/normalizeText.js';
import { maxQueryTerms } from './ftsQuery.js';
import { keywordQuery } from './keywordSearch.js';
import { characterCount, isUnspacedTerm, minTrigramLength } from '../../text/unspacedScripts.js';
import { weighNamedDocuments } from './namedDocuments.js';
import { segmentUnspacedTerm } from '../../text/segmentUnspaced.js';
import { rankedMatches, type ScoredChunk, shortTermSearch, trigramSearch } from './scriptSearch.js';

/**
 * A phrase found in more chunks than this is a common expression ("in the event of"), not a
 * quotation: its chunks keep their BM25 place instead of going first.
 */
export const maxExactHits = 10;

/**
 * An unspaced-script query of one run at least this long (Chinese, Japanese, Thai: no spaces to make
 * it several words) is a quoted sentence rather than a word, and is held to be an exact phrase.
 */
export const minUnspacedPhraseLength = 8;

/** The keyword retriever's answer: chunk ids best first, and which of them hold the query verbatim. */
export interface KeywordRanking {
  /** Chunk ids best first: exact-phrase hits (see `exact`) first, then the rest by BM25. */
  chunkIds: number[];
  /** The chunks that hold the whole query as a phrase, when it is distinctive (at most `maxExactHits`). */
  exact: Set<number>;
  /** Those of `exact` whose text holds the query character for character (punctuation too, case and spacing aside). */
  verbatim: Set<number>;
}

/**
 * Ranks chunks of ready documents in the collections by the keywords of `text`:
 * - words of spaced scripts through the `unicode61` index (BM25, the rarest terms within the
 *   postings budget; see `keywordQuery`);
 * - words of Chinese, Japanese, Thai and the like of three characters or more through the trigram
 *   index, and of one or two characters through the trigrams that begin with them (or, for a single
 *   character beginning too many, a bounded scan; see scriptSearch.ts);
 * - a chunk's scores from each are added (BM25 is additive over terms, and both indexes give it on
 *   the same scale), so a chunk holding both kinds of terms ranks above one holding either;
 * - a sentence of Chinese or Japanese is searched by its words (segmentUnspaced.ts), and passages of a
 *   document the question names by its file name weigh more (namedDocuments.ts);
 * - the chunks holding the whole query as a phrase (two words or more, or one long unspaced run)
 *   come first when there are few of them: a line quoted verbatim finds its passage first.
 */
export function rankByKeywords(db: Database, text: string, collectionIds: readonly string[], limit: number): KeywordRanking {
  const terms = queryTerms(text);
  // A sentence of Japanese or Chinese is one term to the tokenizer: it is searched by its words (see segmentUnspaced.ts).
  const searched = terms.flatMap((term) => (isUnspacedTerm(term) ? segmentUnspacedTerm(term) : [term]));
  const unspaced = [...new Set(searched.filter(isUnspacedTerm))];
  const long = unspaced.filter((term) => characterCount(term) >= minTrigramLength);
  const short = unspaced.filter((term) => characterCount(term) < minTrigramLength);

  const scores = new Map<number, number>();
  const add = (hits: readonly ScoredChunk[]) => {
    for (const { chunkId, score } of hits) scores.set(chunkId, (scores.get(chunkId) ?? 0) + score);
  };
  const ftsQuery = keywordQuery(db, searched.join(' '));
  if (ftsQuery !== null) add(bm25Search(db, ftsQuery, collectionIds, limit));
  add(trigramSearch(db, long, collectionIds, limit));
  add(shortTermSearch(db, short, collectionIds, limit));
  weighNamedDocuments(db, searched, collectionIds, limit, scores);

  const phraseHits = exactPhraseHits(db, terms, collectionIds);
  const verbatim = verbatimChunks(db, text, phraseHits);
  // Among the chunks holding the phrase, the one holding the very text quoted comes first.
  const exactHits = [...phraseHits.filter((chunkId) => verbatim.has(chunkId)), ...phraseHits.filter((chunkId) => !verbatim.has(chunkId))];
  const exact = new Set(exactHits);
  const rest = [...scores.entries()]
    .filter(([chunkId]) => !exact.has(chunkId))
    .sort((a, b) => a[1] - b[1] || a[0] - b[0])
    .map(([chunkId]) => chunkId);
  return { chunkIds: [...exactHits, ...rest].slice(0, limit), exact, verbatim };
}

/** The query's terms as `toFtsQuery` reads them: runs of letters, digits and marks, after `normalizeText`. */
function queryTerms(text: string): string[] {
  return (normalizeText(text).match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, maxQueryTerms);
}

/** Chunk ids and BM25 scores for an FTS5 query over the `unicode61` index. */
function bm25Search(db: Database, ftsQuery: string, collectionIds: readonly string[], limit: number): ScoredChunk[] {
  return rankedMatches(db, 'chunks_fts', ftsQuery, collectionIds, limit);
}

/**
 * The chunks holding the query's terms as one phrase, best first; empty when the query is a single
 * word, or when more than `maxExactHits` chunks hold it. Words are matched in the `unicode61` index
 * (which ignores punctuation and case, as a quotation copied from a PDF needs); a query with
 * unspaced-script text also as one substring in the trigram index.
 */
function exactPhraseHits(db: Database, terms: readonly string[], collectionIds: readonly string[]): number[] {
  const [first] = terms;
  if (first === undefined) return [];
  const single = terms.length === 1;
  if (single && !(isUnspacedTerm(first) && characterCount(first) >= minUnspacedPhraseLength)) return [];
  const phrase = terms.join(' ');
  const hits = new Map<number, number>();
  if (!single) {
    for (const { chunkId, score } of bm25Search(db, `"${phrase}"`, collectionIds, maxExactHits + 1)) hits.set(chunkId, score);
  }
  if (terms.some(isUnspacedTerm) && characterCount(phrase) >= minTrigramLength) {
    for (const { chunkId, score } of trigramSearch(db, [phrase], collectionIds, maxExactHits + 1)) {
      hits.set(chunkId, Math.min(score, hits.get(chunkId) ?? 0));
    }
  }
  if (hits.size > maxExactHits) return [];
  return [...hits.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([chunkId]) => chunkId);
}

/** Of `chunkIds` (a few), those whose text contains `query` as typed, ignoring case and runs of white space. */
function verbatimChunks(db: Database, query: string, chunkIds: readonly number[]): Set<number> {
  if (chunkIds.length === 0) return new Set();
  const comparable = (text: string) => normalizeText(text).toLowerCase().replace(/\s+/g, ' ');
  const needle = comparable(query).trim();
  const rows = rawStatement(db, 'SELECT id, text FROM chunks WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(chunkIds)) as [
    number,
    string,
  ][];
  return new Set(rows.filter(([, text]) => comparable(text).includes(needle)).map(([chunkId]) => chunkId));
}
