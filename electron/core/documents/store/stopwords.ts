import { type StopwordLanguage, stopwordLists } from './stopwordLists.js';

/** A word as the lists are written: lower case, accents and other marks removed, final sigma as sigma. */
export function comparableWord(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/ς/g, 'σ');
}

const lists = new Map(
  (Object.entries(stopwordLists) as [StopwordLanguage, string][]).map(([language, words]) => [language, new Set(words.split(/\s+/).filter(Boolean).map(comparableWord))]),
);

/**
 * The language of a query's words, as far as stopwords tell: the list holding most of them (Cyrillic,
 * Greek and Arabic script each have one list here; Latin-script languages are told apart by their
 * function words). null when no list holds any, or the query is not in a listed script.
 */
export function queryLanguage(terms: readonly string[]): StopwordLanguage | null {
  let best: StopwordLanguage | null = null;
  let bestCount = 0;
  for (const [language, words] of lists) {
    const count = terms.filter((term) => words.has(comparableWord(term))).length;
    if (count > bestCount) [best, bestCount] = [language, count];
  }
  return best;
}

/**
 * The terms that carry meaning: `terms` without the function words of the query's language. A query of
 * function words only ("to be or not to be") keeps them all, so it still searches (as a phrase, too).
 */
export function contentTerms(terms: readonly string[]): string[] {
  const language = queryLanguage(terms);
  if (language === null) return [...terms];
  const words = lists.get(language);
  const kept = terms.filter((term) => !words?.has(comparableWord(term)));
  return kept.length === 0 ? [...terms] : kept;
}
