import type { SnippetSegment } from '../../shared/history.js';
import { isUnspacedTerm } from '../text/unspacedScripts.js';

/** Words of context a snippet shows around the matches. */
export const snippetWords = 24;

interface Token {
  start: number;
  end: number;
  match: boolean;
}

/**
 * The stretch of a message around its matches, with the matched words marked, as plain-text
 * segments. Built here rather than with FTS5's snippet(), which needs the full-text query evaluated
 * again for each row shown: on a long history that cost more than the search itself (bench:history).
 *
 * Words are found and compared the way the index does (tokenizer `unicode61 remove_diacritics 2`:
 * runs of letters, digits and marks, case and accents ignored); the last query term also matches as
 * a prefix, as in the query. FTS5 already decided that the message matches: this only decides what
 * to highlight, so a rare difference between the two tokenizers can only shift a highlight.
 * A term of Chinese, Japanese or Thai is found inside a run of such text (the trigram index finds
 * it as a substring), and that run is cut around it, so only the term is highlighted.
 */
export function buildSnippet(content: string, terms: readonly string[], prefixLast: boolean): SnippetSegment[] {
  const keys = terms.map(foldCase);
  const last = keys.length - 1;
  const unspaced = terms.filter(isUnspacedTerm);
  const tokens: Token[] = [];
  for (const found of content.matchAll(/[\p{L}\p{N}\p{M}\p{Co}]+/gu)) {
    const key = foldCase(found[0]);
    const match = keys.some((term, index) => key === term || (prefixLast && index === last && key.startsWith(term)));
    if (match || unspaced.length === 0) tokens.push({ start: found.index, end: found.index + found[0].length, match });
    else tokens.push(...substringTokens(found[0], found.index, unspaced));
  }
  if (tokens.length === 0) return content.length > 0 ? [{ text: content.slice(0, 200), match: false }] : [];
  const first = bestWindowStart(tokens);
  const end = Math.min(tokens.length, first + snippetWords);
  const segments: SnippetSegment[] = [];
  const push = (text: string, match: boolean) => {
    if (text.length === 0) return;
    const previous = segments.at(-1);
    if (previous && previous.match === match) previous.text += text;
    else segments.push({ text, match });
  };
  if (first > 0) push('…', false);
  // From the very start of the message when the snippet starts there, so leading markup or quotes stay.
  const shown = tokens.slice(first, end);
  let position = first === 0 ? 0 : (shown[0]?.start ?? 0);
  for (const token of shown) {
    push(content.slice(position, token.start), false);
    push(content.slice(token.start, token.end), token.match);
    position = token.end;
  }
  // Closing punctuation belongs with the last word shown ("…the invoice." rather than "…the invoice").
  const trailing = /^[^\p{L}\p{N}\p{M}\s]*/u.exec(content.slice(position))?.[0] ?? '';
  push(trailing, false);
  if (end < tokens.length) push('…', false);
  return segments;
}

/** A run of text as tokens: the occurrences of `terms` in it (as the trigram index compares: case aside) and the stretches between. */
function substringTokens(text: string, offset: number, terms: readonly string[]): Token[] {
  // Offsets must stay those of `text`: a rare letter whose lowercase is longer ("İ") keeps its case.
  const lower = text.toLowerCase().length === text.length ? text.toLowerCase() : text;
  const tokens: Token[] = [];
  let position = 0;
  const push = (start: number, end: number, match: boolean) => {
    if (end > start) tokens.push({ start: offset + start, end: offset + end, match });
  };
  while (position < lower.length) {
    let next = -1;
    let length = 0;
    for (const term of terms) {
      const at = lower.indexOf(term, position);
      if (at !== -1 && (next === -1 || at < next || (at === next && term.length > length))) [next, length] = [at, term.length];
    }
    if (next === -1) break;
    push(position, next, false);
    push(next, next + length, true);
    position = next + length;
  }
  push(position, lower.length, false);
  return tokens;
}

/**
 * The first word of the window of `snippetWords` words holding the most matches, moved back a few
 * words so the first match has some context before it.
 */
function bestWindowStart(tokens: readonly Token[]): number {
  let best = 0;
  let bestCount = -1;
  let count = 0;
  for (const [index, token] of tokens.entries()) {
    if (token.match) count += 1;
    // The word leaving the window (none in the first `snippetWords`).
    if (tokens[index - snippetWords]?.match) count -= 1;
    const start = Math.max(0, index - snippetWords + 1);
    if (count > bestCount) {
      bestCount = count;
      best = start;
    }
  }
  const firstMatch = tokens.findIndex((token, index) => index >= best && token.match);
  if (firstMatch === -1) return 0;
  const lead = Math.min(4, Math.floor(snippetWords / 4));
  return Math.min(Math.max(0, firstMatch - lead), Math.max(0, tokens.length - snippetWords));
}

/** Case and accents removed, as the index's tokenizer folds them ("Café" and "cafe" compare equal). */
function foldCase(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
