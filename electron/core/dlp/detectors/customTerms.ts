import { type Detect, type Emit, wordCharacterAt, wordCharacterBefore } from './characters.js';

/**
 * Cyrillic and Greek letters that look like a Latin letter (Unicode's confusables, the ones a reader
 * cannot tell apart in common fonts). Case-insensitive matching adds the other case of each.
 */
const lookAlikes: Readonly<Record<string, string>> = {
  a: 'аα',
  b: 'ЬВΒ',
  c: 'сϲ',
  d: 'ԁ',
  e: 'еε',
  g: 'ɡ',
  h: 'һНΗ',
  i: 'іιӏ',
  j: 'ј',
  k: 'кκ',
  l: 'ӀΙ',
  m: 'МΜ',
  n: 'Ν',
  o: 'оο',
  p: 'рρ',
  q: 'ԛ',
  s: 'ѕ',
  t: 'тτ',
  u: 'υ',
  v: 'νѵ',
  w: 'ԝѡ',
  x: 'хχ',
  y: 'уγ',
  z: 'Ζ',
};

/** Each look-alike (in both cases) -> the Latin letter it passes for. */
const latinOf = new Map<string, string>();
for (const [latin, others] of Object.entries(lookAlikes)) {
  for (const other of others) {
    latinOf.set(other, latin);
    latinOf.set(other.toLowerCase(), latin);
    latinOf.set(other.toUpperCase(), latin);
  }
}

/**
 * What may join the words of a term: blanks, line breaks, dashes, dots, underscores, or nothing
 * ("projectfalcon"); at most 32 of them, so a term's longest match is known.
 */
const maxJoinerLength = 32;
const joiner = String.raw`[\s_.-]{0,${maxJoinerLength}}`;
const wordSeparators = /[\s_.-]+/;
/** The blocks every look-alike letter is in (Greek, Cyrillic, and a Latin "ɡ" in both cases): a range is quicker to look for than the letters. */
const lookAlikeBlocks = /[\u0261\u0370-\u052F\uA7AC]/g;

/**
 * Custom terms from the policy, read in the normalised text (NFKC, every dash "-", invisible characters
 * gone): case-insensitive, whole words (in any script), the words joined by anything or nothing
 * ("Project Falcon", "project-falcon", "PROJECT_FALCON", "projectfalcon"), and a Cyrillic or Greek
 * look-alike matching the Latin letter it passes for ("Prоject Falcon" with a Cyrillic "о").
 *
 * Each pattern is one alternation, longest terms first so "Project Falcon X" wins over "Project Falcon".
 * The end boundary is a lookahead (so a longer term that fails it falls back to a shorter one); the start
 * boundary is checked on each match, as a lookbehind at the start of the regex would stop V8 from
 * skipping quickly to the possible first letters. The pattern with look-alikes costs twice the plain one
 * on text with non-Latin characters, so it runs only around look-alike letters, and the plain one over
 * the whole text; in Greek or Cyrillic text, where look-alikes are everywhere, it runs alone.
 */
export function customTermDetector(terms: readonly string[], normalize: (text: string) => string): Detect | null {
  const words = [...new Set(terms.map((term) => normalize(term).trim()).filter((term) => term.length > 0))]
    .sort((a, b) => b.length - a.length)
    .map((term) => term.split(wordSeparators).filter((word) => word.length > 0));
  if (words.length === 0) return null;
  const plain = termsPattern(words, escapeRegExp);
  const disguised = termsPattern(words, letterPattern);
  const longestMatch = Math.max(...words.map((list) => list.join('').length + maxJoinerLength * (list.length - 1)));
  return (text, emit) => {
    // Text in Greek or Cyrillic has look-alikes everywhere: one pass of the pattern with look-alikes.
    const letters = lookAlikeLetters(text, Math.floor(text.length / (8 * longestMatch)));
    if (letters === null) {
      findTerms(disguised, text, 0, text.length, emit);
      return;
    }
    findTerms(plain, text, 0, text.length, emit);
    // Around each look-alike letter, the match that holds it, looked for only where such a match can be.
    let searchedUntil = 0;
    for (const at of letters) {
      if (at < searchedUntil) continue;
      const from = Math.max(searchedUntil, at - longestMatch);
      // One character past the longest match, for the end-boundary lookahead.
      const end = findTerms(disguised, text, from, Math.min(text.length, at + longestMatch + 1), emit, at);
      searchedUntil = Math.max(at + 1, end);
    }
  };
}

/** Where the look-alike letters are, or null when there are more than `most`. */
function lookAlikeLetters(text: string, most: number): number[] | null {
  const letters: number[] = [];
  lookAlikeBlocks.lastIndex = 0;
  for (let match = lookAlikeBlocks.exec(text); match !== null; match = lookAlikeBlocks.exec(text)) {
    if (!latinOf.has(match[0])) continue;
    if (letters.length === most) return null;
    letters.push(match.index);
  }
  return letters;
}

/**
 * Emits the whole-word matches of `pattern` in `text.slice(from, to)` (only the one holding offset
 * `containing`, when given); returns the end of the last one emitted, or `from`.
 */
function findTerms(pattern: RegExp, text: string, from: number, to: number, emit: Emit, containing?: number): number {
  const subject = from === 0 && to === text.length ? text : text.slice(from, to);
  let emittedEnd = from;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(subject); match !== null; match = pattern.exec(subject)) {
    const start = from + match.index;
    const end = start + match[0].length;
    const wanted = containing === undefined || (start <= containing && containing < end);
    if (wanted && !wordCharacterBefore(text, start) && !wordCharacterAt(text, end)) {
      emit('customTerm', start, end);
      emittedEnd = end;
    } else {
      pattern.lastIndex = match.index + 1;
    }
  }
  return emittedEnd;
}

/** The terms' regex: each term's words joined by `joiner`, each letter as `letter` writes it. */
function termsPattern(terms: readonly (readonly string[])[], letter: (character: string) => string): RegExp {
  const sources = terms.map((words) => words.map((word) => Array.from(word, letter).join('')).join(joiner));
  // Not Unicode mode, which costs a fifth more here: the ASCII end boundary is in the regex, a non-ASCII one is checked on each match.
  return new RegExp(`(?:${sources.join('|')})(?![A-Za-z0-9_])`, 'gi');
}

/** One letter and its look-alikes: "о", "o" and "ο" all match an "o" in a term (and an "о" in one). */
function letterPattern(letter: string): string {
  const latin = latinOf.get(letter) ?? letter.toLowerCase();
  const others = lookAlikes[latin];
  return others === undefined ? escapeRegExp(letter) : `[${latin}${others}]`;
}

/**
 * What makes two mentions of a term the same (for one placeholder): case, look-alike letters and what
 * joins the words do not count. `text` is already normalised.
 */
export function termIdentity(text: string): string {
  let folded = '';
  for (const letter of text.toLowerCase().split(wordSeparators).join('')) folded += latinOf.get(letter) ?? letter;
  return folded;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, String.raw`\$&`);
}
