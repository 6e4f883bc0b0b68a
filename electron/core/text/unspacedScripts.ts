/**
 * The rule both search indexes (document chunks and chat messages) follow for scripts written without
 * spaces between words: which terms a trigram index answers, and how. The `unicode61` tokenizer reads
 * a whole run of such characters as one token, so "今年の受験者数は増えた" is one word to it and
 * "受験者数" matches nothing; those terms are looked up in a `trigram` index instead.
 */

/**
 * A character of a script written without spaces between words. The same ranges as the GLOB of
 * migration 15 (`unspacedRanges`, which migration 18 reuses; a test holds them equal): Han
 * (ideographs, extension A, compatibility ideographs, 々〆〇, the supplementary planes), Hiragana,
 * Katakana, Thai, Lao, Khmer, Myanmar. Korean is not here: it puts spaces between words, and
 * `unicode61` finds them.
 */
export const unspacedCharacter =
  /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF\u3005-\u3007\u3041-\u30FF\u31F0-\u31FF\u{20000}-\u{3FFFD}\u0E01-\u0E5B\u0E81-\u0EFF\u1780-\u17FF\u1000-\u109F]/u;

/** The trigram tokenizer indexes runs of three characters: a shorter term has no trigram to look up. */
export const minTrigramLength = 3;

/**
 * Most trigrams a one- or two-character term is expanded to (the distinct trigrams that begin with
 * it; every occurrence begins one, since both indexes read each text with two line feeds appended).
 * A two-character word has a few dozen in a real library; a single common character ("的", "の") can
 * have thousands, and is then looked for by a bounded scan of the text instead.
 */
export const maxTrigramExpansion = 256;

/**
 * Texts (chunks, messages) a single character with more than `maxTrigramExpansion` trigrams is looked
 * for in at most, newest first: the scan reads text, not an index, so this bounds such a query on any
 * library or history (about 20 ms for 20,000 texts of 400 CJK characters here), at the price of older ones.
 */
export const shortTermScanBudget = 20_000;

/** Whether `term` holds a letter of a script written without spaces (Chinese, Japanese, Thai ...). */
export function isUnspacedTerm(term: string): boolean {
  return unspacedCharacter.test(term);
}

/** The term's length in characters (code points), as the trigram tokenizer counts them. */
export function characterCount(term: string): number {
  return Array.from(term).length;
}

/** A term as one FTS5 string: the trigram tokenizer reads it as the phrase of its trigrams, i.e. a substring. */
export function quotedTrigramTerm(term: string): string {
  return `"${term.replaceAll('"', '""')}"`;
}
