/**
 * The sentence of a retrieved passage that best matches the question: what the sources under a reply
 * (and `enclave ask`) quote, instead of the passage's first words, which are often the tail of a
 * sentence cut by chunking ("by reason", "of their Contribution(s)"). A plain word match, cheap enough
 * to run on every render: a sentence scores one per question word it holds (a word also matches another
 * form sharing its first five letters: "terminate" and "termination"), rarer words count no more;
 * words that carry no meaning (English function words) are left out. No match: the first sentence.
 */

/** English function words; a question's other words are what a passage should hold. */
const stopwords = new Set(
  (
    'a about above after again all also am an and any are as at be been before being below between both but by can could did do does ' +
    'doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just ' +
    'me more most my no nor not now of off on once only or other our ours out over own same she should so some such than that the ' +
    'their theirs them then there these they this those through to too under until up very was we were what when where which while ' +
    'who whom why will with would you your yours tell please say give show'
  ).split(' '),
);

/**
 * Sentences end at . ! ? followed by space, at a blank line, before a line that starts a list item, and
 * after a heading (a short line without a full stop, followed by a capital): "Section 3: Termination".
 * A line wrapped inside a sentence (long, or followed by a small letter) stays one sentence.
 */
const sentenceBreak = /(?<=[.!?…])\s+(?=\S)|\n\s*\n|\n(?=\s*(?:[-•*]|\d+[.)])\s)|(?<=^[^\n.!?]{1,60})\n(?=\p{Lu})/mu;

/** The longest snippet returned; a longer sentence is cut at a word boundary with an ellipsis. */
const maxSnippetCharacters = 320;

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !stopwords.has(word));
}

/** Whether two words are forms of one another, roughly: equal, or sharing their first five letters. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  return a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5);
}

export function bestMatchingSentence(passage: string, question: string): string {
  const sentences = passage
    .split(sentenceBreak)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
  const asked = [...new Set(words(question))];
  let best = sentences[0] ?? passage.trim();
  let bestScore = 0;
  for (const sentence of sentences) {
    const held = words(sentence);
    const score = asked.filter((word) => held.some((candidate) => sameWord(word, candidate))).length;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return shorten(best);
}

function shorten(sentence: string): string {
  if (sentence.length <= maxSnippetCharacters) return sentence;
  const cut = sentence.slice(0, maxSnippetCharacters);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxSnippetCharacters / 2)).trimEnd()}…`;
}
