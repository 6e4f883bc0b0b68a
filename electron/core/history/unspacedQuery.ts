import type { Database } from 'better-sqlite3-multiple-ciphers';
import { characterCount, maxTrigramExpansion, minTrigramLength, quotedTrigramTerm } from '../text/unspacedScripts.js';
import { messageTrigramsBeginning } from './store/messageSearch.js';

/** How a search box's Chinese, Japanese or Thai terms are looked for in the message trigram index. */
export interface UnspacedMatch {
  /** The FTS5 query over `messages_trigram` (every term must appear); null when no term is looked up there. */
  trigramMatch: string | null;
  /** Single characters beginning too many trigrams to list, found by reading the messages' text. */
  scans: string[];
}

/**
 * The trigram side of a history search, by the rule document search follows (text/unspacedScripts.ts,
 * documents/store/scriptSearch.ts): a term of three characters or more is one quoted string (its
 * trigrams as a phrase: the term as a substring); a term of one or two characters is any of the
 * trigrams of the index that begin with it, or, when a common character begins more than
 * `maxTrigramExpansion`, a scan of the text. The terms are ANDed, as the search box narrows.
 * Null when a short term begins no trigram at all: no finished message holds it, so nothing matches.
 */
export function unspacedMatch(db: Database, terms: readonly string[]): UnspacedMatch | null {
  const clauses: string[] = [];
  const scans: string[] = [];
  for (const term of terms) {
    if (characterCount(term) >= minTrigramLength) {
      clauses.push(quotedTrigramTerm(term));
      continue;
    }
    const trigrams = messageTrigramsBeginning(db, term, maxTrigramExpansion + 1);
    if (trigrams.length === 0) return null;
    if (trigrams.length > maxTrigramExpansion) scans.push(term);
    else clauses.push(`(${trigrams.map(quotedTrigramTerm).join(' OR ')})`);
  }
  return { trigramMatch: clauses.length > 0 ? clauses.join(' AND ') : null, scans };
}
