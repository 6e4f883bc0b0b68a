/**
 * The one form of text that is both stored and searched: every document section is written through
 * it (documents/parse/extract.ts) and every keyword query goes through it (documents/store/ftsQuery.ts),
 * so a word copied from a passage and pasted back as a query matches itself.
 *
 * - NFKC: Arabic and Persian presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF, which PDFs often
 *   store) become their base letters, and ligatures ("ﬁ"), full-width letters and compatibility
 *   spaces their plain forms.
 * - Soft hyphens (U+00AD) are removed: invisible, and the FTS tokenizer would split a word at one.
 * - Arabic tatweel (U+0640, a stretched joining line) is removed: it is typography, and being a letter
 *   to the tokenizer it would make "كتـــاب" a different word from "كتاب".
 * - A zero-width joiner (U+200D) between two letters is removed: it only changes how the letters are
 *   drawn. Elsewhere (emoji sequences) it is kept so they still display as one.
 * - The zero-width non-joiner (U+200C) is kept: in Persian it separates the parts of a word
 *   ("می‌خواهم"), and the tokenizer treats it as a word break on both sides, stored and searched alike.
 * - A byte order mark (U+FEFF, a zero-width no-break space inside text) is removed.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00ad\u0640\ufeff]/g, '')
    .replace(/(?<=\p{L}\p{M}*)\u200d(?=\p{L})/gu, '');
}
