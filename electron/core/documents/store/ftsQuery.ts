import { normalizeText } from '../../text/normalizeText.js';

/** Most terms a query contributes; a pasted page of text should not become a thousand-term OR. */
export const maxQueryTerms = 32;

/**
 * Turns whatever the user typed into an FTS5 query that cannot be a syntax error: only runs of
 * letters, digits and marks survive, each inside double quotes, so `"`, `*`, `(`, `:`, `^`, `-`,
 * `AND`, `OR`, `NOT`, `NEAR` are searched as words or dropped, never parsed as operators. Terms are
 * OR-ed (a question rarely contains every word of the passage that answers it; BM25 ranks the
 * passages with more and rarer terms first) and the whole sequence is added as a phrase, so an exact
 * quote ranks above scattered words. Returns null when no searchable term is left.
 */
export function toFtsQuery(text: string): string | null {
  const terms = searchTerms(text);
  if (terms.length === 0) return null;
  const unique = [...new Set(terms.map((term) => term.toLowerCase()))];
  const clauses = unique.map((term) => `"${term}"`);
  if (terms.length > 1) clauses.unshift(`"${terms.join(' ')}"`);
  return clauses.join(' OR ');
}

/**
 * A query's terms: runs of letters, digits and marks, at most `maxQueryTerms`, after `normalizeText`,
 * the normalisation stored text went through, so a word pasted from a passage is the word indexed.
 */
export function searchTerms(text: string): string[] {
  return (normalizeText(text).match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).slice(0, maxQueryTerms);
}
