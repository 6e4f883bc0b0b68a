import { maxQueryTerms } from '../documents/store/ftsQuery.js';
import { isUnspacedTerm } from '../text/unspacedScripts.js';

/**
 * A last term shorter than this is matched whole, not as a prefix: `"a"*` or `"th"*` would match most
 * of the vocabulary and turn a search over a long history into a scan of the whole index.
 */
export const minPrefixLength = 3;

/** A search box's text as the index reads it. */
export interface MessageSearchQuery {
  /**
   * The FTS5 query over the `unicode61` index for the terms of spaced scripts: every term quoted, the
   * last one a prefix when long enough. Null when every term is of an unspaced script.
   */
  match: string | null;
  /**
   * The terms of scripts written without spaces (Chinese, Japanese, Thai ...), looked up as substrings
   * in the trigram index instead (see history/messageTrigramQuery.ts).
   */
  unspaced: string[];
  /** The terms, lowercased, each once, the one being typed last. */
  terms: string[];
  /** Whether the last term matches as the start of a word. */
  prefixLast: boolean;
}

/**
 * Turns what the user typed into the search box into an FTS5 query that cannot be a syntax error.
 * Only runs of letters, digits and marks survive, each inside double quotes, so `"`, `*`, `(`, `:`,
 * `^`, `-`, `AND`, `OR`, `NOT` and `NEAR` are searched as words or dropped, never parsed as operators.
 *
 * Unlike document retrieval (documents/store/ftsQuery.ts, which ORs the terms of a question and lets
 * BM25 rank), a search box narrows as you type: every term must appear (FTS5's implicit AND), and the
 * last one matches as a prefix, so `invoi` finds "invoice" and `contract` finds "contracts".
 * Terms of scripts written without spaces go to `unspaced` instead (a substring there needs no prefix).
 * Returns null when nothing searchable is left (the caller answers "no hits", not an error).
 */
export function parseMessageSearch(text: string): MessageSearchQuery | null {
  const typed = (text.normalize('NFKC').match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).map((term) => term.toLowerCase());
  const last = typed.at(-1);
  if (last === undefined) return null;
  // The term being typed stays last (it is the one matched as a prefix); repeats are searched once.
  const earlier = [...new Set(typed.slice(0, -1))].filter((term) => term !== last).slice(0, maxQueryTerms - 1);
  const terms = [...earlier, last];
  const prefixLast = Array.from(last).length >= minPrefixLength && !isUnspacedTerm(last);
  // A run of Chinese or Japanese is a single token to `unicode61`: its words are found by the trigram index.
  const words = terms.filter((term) => !isUnspacedTerm(term));
  const quoted = words.map((term) => (prefixLast && term === last ? `"${term}"*` : `"${term}"`));
  return { match: quoted.length > 0 ? quoted.join(' ') : null, unspaced: terms.filter(isUnspacedTerm), terms, prefixLast };
}

/** The FTS5 query over the `unicode61` index alone (see `parseMessageSearch`). */
export function toMessageSearchQuery(text: string): string | null {
  return parseMessageSearch(text)?.match ?? null;
}
