/** A hyphen a typesetter may put at a line end: hyphen-minus, U+2010 HYPHEN, U+00AD SOFT HYPHEN. */
const lineEndHyphen = /(\p{L})\p{M}*[-\u2010\u00ad]$/u;
/** The letters (with their marks) of a word part, at the start of a line. */
const leadingWordPart = /^[\p{L}\p{M}]+/u;
/** The letters before the hyphen, at the end of a line. */
const trailingWordPart = /[\p{L}\p{M}]+(?=[-\u2010\u00ad]$)/u;
/** A hyphenated compound written within a line ("well-known"), to keep its hyphen when a line breaks it. */
const compoundWithinLine = /[\p{L}\p{M}]+[-\u2010](?=[\p{L}\p{M}])[\p{L}\p{M}]+/gu;

/**
 * Rejoins words a typesetter hyphenated at a line end, without a dictionary, in any cased script
 * (Latin, Cyrillic, Greek, ...): a line that ends with a letter and a hyphen, followed by a line that
 * starts with a lowercase letter, is one word cut in two. The second part moves up to the first line
 * and the hyphen goes ("exam-\nple of" → "example\nof"), so the word is found as typed.
 *
 * Kept as written: a hyphen after a digit or a symbol ("1-\n2"), a next line that starts with an
 * uppercase letter, a digit or punctuation ("Jean-\nPaul", "ISO-\n9001"), and a blank line between
 * (a paragraph break is not a line break). A soft hyphen (U+00AD) marks a break point by definition,
 * so it joins before any letter. A compound the same page writes with its hyphen within a line
 * ("well-known" elsewhere on the page) keeps the hyphen when a line end falls on it ("well-\nknown"
 * → "well-known"), and so does one whose next part is hyphenated itself ("case-\nby-case"). The limit of a rule without a dictionary: a real compound split at its hyphen and
 * written nowhere else on the page loses its hyphen ("cross-\nreference" → "crossreference"), as it
 * does in pdftotext; a search for either part still finds the passage by the other words around it.
 */
export function rejoinHyphenatedLines(text: string): string {
  const lines = text.split('\n');
  const compounds = new Set(Array.from(text.matchAll(compoundWithinLine), (match) => foldCompound(match[0])));
  for (let index = 0; index < lines.length - 1; index++) {
    const line = lines[index] ?? '';
    const next = lines[index + 1] ?? '';
    if (!lineEndHyphen.test(line)) continue;
    const soft = line.endsWith('\u00ad');
    if (!(soft ? /^\p{L}/u : /^\p{Ll}/u).test(next)) continue;
    const tail = leadingWordPart.exec(next)?.[0] ?? '';
    const head = trailingWordPart.exec(line)?.[0] ?? '';
    // The rest of the next line's first word ("ple," keeps its comma) moves up with it.
    const wordEnd = /\s|$/.exec(next.slice(tail.length))?.index ?? 0;
    const moved = next.slice(0, tail.length + wordEnd);
    const keepHyphen = !soft && (/^[\p{L}\p{M}]+[-\u2010]\p{L}/u.test(moved) || compounds.has(foldCompound(`${head}-${tail}`)));
    lines[index] = (keepHyphen ? line.slice(0, -1) + '-' : line.slice(0, -1)) + moved;
    const rest = next.slice(moved.length).trimStart();
    if (rest === '') {
      // The next line was that one word: its own line end may be hyphenated too ("multi-\nple-\nx").
      lines.splice(index + 1, 1);
      index--;
    } else {
      lines[index + 1] = rest;
    }
  }
  return lines.join('\n');
}

function foldCompound(word: string): string {
  return word.replace(/\u2010/g, '-').toLowerCase();
}
