import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement, rawStatement } from '../../db/statements.js';
import { normalizeText } from '../../text/normalizeText.js';
import { characterCount, isUnspacedTerm, minTrigramLength, quotedTrigramTerm } from '../../text/unspacedScripts.js';
import { segmentUnspacedTerm } from '../../text/segmentUnspaced.js';
import { searchTerms } from './ftsQuery.js';
import { takesPrefix } from './keywordSearch.js';
import { comparableWord, contentTerms } from './stopwords.js';

/** Postings counted at most per term to weigh it: rarer than this, a term's weight hardly changes. */
const documentFrequencyProbe = 10_000;

/** A term of the question, as the passages are searched for it, and how much it weighs. */
interface WeighedTerm {
  /** Lower case, marks removed (`comparableWord`); for unspaced scripts the normalised text. */
  word: string;
  unspaced: boolean;
  /** Also found as the beginning of a longer word ("plot" in "plotting"), as the keyword index finds it. */
  prefix: boolean;
  /** BM25's inverse document frequency over the library's passages: rare words weigh more. */
  weight: number;
}

/**
 * Keyword relevance on an absolute scale, 0 to 1: the share of the question's words a passage holds,
 * each weighed by its rarity in the library (BM25's IDF), the query language's stopwords left out (see
 * `contentTerms`). 1: the passage holds every word of the question (so does a passage quoting it); 0:
 * none. Unlike BM25 it does not depend on the other passages found, so one floor means the same for
 * every question. A word matches as the keyword search matches it: case and accents aside, words of
 * four letters or more also as the beginning of a longer one, unspaced scripts (Chinese, Japanese,
 * Thai) as a substring.
 */
export function keywordCoverage(db: Database, question: string, chunkIds: readonly number[]): Map<number, number> {
  const coverage = new Map<number, number>();
  const terms = weighedTerms(db, question);
  const total = terms.reduce((sum, term) => sum + term.weight, 0);
  if (chunkIds.length === 0 || total === 0) return coverage;
  const rows = rawStatement(db, 'SELECT id, text FROM chunks WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(chunkIds)) as [
    number,
    string,
  ][];
  for (const [chunkId, text] of rows) {
    const normalized = normalizeText(text).toLowerCase();
    const words = new Set((normalized.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).map(comparableWord));
    const held = terms.filter((term) => holds(term, normalized, words)).reduce((sum, term) => sum + term.weight, 0);
    coverage.set(chunkId, held / total);
  }
  return coverage;
}

function holds(term: WeighedTerm, normalized: string, words: ReadonlySet<string>): boolean {
  if (term.unspaced) return normalized.includes(term.word);
  if (words.has(term.word)) return true;
  if (!term.prefix) return false;
  for (const word of words) if (word.startsWith(term.word)) return true;
  return false;
}

/** The question's content words, each once, with their weights. */
function weighedTerms(db: Database, question: string): WeighedTerm[] {
  const searched = searchTerms(question).flatMap((term) => (isUnspacedTerm(term) ? segmentUnspacedTerm(term) : [term]));
  const unique = new Map<string, string>();
  for (const term of contentTerms(searched)) {
    const unspaced = isUnspacedTerm(term);
    const word = unspaced ? term.toLowerCase() : comparableWord(term);
    if (!unique.has(word)) unique.set(word, term);
  }
  const passages = Math.max(1, (pluckedStatement(db, 'SELECT MAX(id) FROM chunks').get() as number | null) ?? 1);
  return [...unique.entries()].map(([word, term]) => {
    const unspaced = isUnspacedTerm(term);
    const prefix = !unspaced && takesPrefix(`"${term.toLowerCase()}"`);
    const frequency = documentFrequency(db, term, unspaced, prefix);
    // BM25's IDF, never below a small positive weight: a word in every passage still counts a little.
    const weight = Math.max(0.05, Math.log(1 + (passages - frequency + 0.5) / (frequency + 0.5)));
    return { word, unspaced, prefix, weight };
  });
}

/** Passages holding the term, counted up to `documentFrequencyProbe` (a bounded scan of its postings). */
function documentFrequency(db: Database, term: string, unspaced: boolean, prefix: boolean): number {
  const probe = (index: string, match: string) =>
    pluckedStatement(db, `SELECT COUNT(*) FROM (SELECT 1 FROM ${index} WHERE ${index} MATCH ? LIMIT ?)`).get(match, documentFrequencyProbe) as number;
  if (!unspaced) return probe('chunks_fts', prefix ? `"${term.toLowerCase()}"*` : `"${term.toLowerCase()}"`);
  // One or two characters have no trigram of their own: weighed as a word of middling rarity.
  if (characterCount(term) < minTrigramLength) return Math.min(documentFrequencyProbe, 100);
  return probe('chunks_trigram', quotedTrigramTerm(term));
}
