/**
 * Citation markers in a grounded reply: `[1]`, `[2, 3]`, `[1][4]`. A number that names no passage the
 * model was given is removed, never shown as a source: a reviewer must be able to trust that every
 * citation on screen leads to a passage that was actually retrieved. Code (fenced blocks and inline
 * spans) is left alone, where `[1]` is an index, not a citation.
 */

/** A marker's list: numbers of one to three digits, separated by commas. The one definition of what a marker is. */
const numberList = String.raw`\d{1,3}(?:\s*,\s*\d{1,3})*`;
const marker = new RegExp(String.raw`\[(${numberList})\]`, 'g');
const codeSpans = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
/** Punctuation that a removed marker must not leave a space before. */
const punctuation = '[.,;:!?]';
const punctuationAtStart = new RegExp(`^${punctuation}`);
const spaceBeforePunctuation = new RegExp(String.raw`[ \t]+(${punctuation})`, 'g');

/** A whole marker at the start of the text, its list in group 1: for a reader that takes a reply piece by piece (the CLI). */
export const leadingCitationMarker = new RegExp(String.raw`^\[(${numberList})\]`);

/** What the start of a marker looks like before its closing bracket has arrived: `[`, `[1`, `[2, `. */
export const openCitationMarker = new RegExp(String.raw`^\[(?:${numberList}\s*,?\s*)?$`);

/** Whether `text` begins with punctuation, before which a removed marker's space goes too. */
export function startsWithPunctuation(text: string): boolean {
  return punctuationAtStart.test(text);
}

export interface CheckedMarker {
  /** The marker as shown: only the numbers of passages that were given; '' when none was. */
  text: string;
  /** Those numbers, in the marker's order. */
  cited: number[];
  /** How many of its numbers named a passage that was not given. */
  dropped: number;
}

/** Checks one marker's list (`2, 9`) against the `sourceCount` passages the model was given (1 to sourceCount). */
export function checkCitationMarker(list: string, sourceCount: number): CheckedMarker {
  const numbers = list.split(',').map((part) => Number(part.trim()));
  const cited = numbers.filter((number) => number >= 1 && number <= sourceCount);
  return { text: cited.length > 0 ? `[${cited.join(', ')}]` : '', cited, dropped: numbers.length - cited.length };
}

export interface ResolvedCitations {
  /** The reply with citations of passages that were not given removed. */
  text: string;
  /** The valid source numbers the reply cites, ascending. */
  cited: number[];
  /** How many markers named a passage that was not given. */
  dropped: number;
}

export function resolveCitations(reply: string, sourceCount: number): ResolvedCitations {
  const cited = new Set<number>();
  let dropped = 0;
  const rewrite = (prose: string) =>
    prose.replace(marker, (_match, list: string) => {
      const checked = checkCitationMarker(list, sourceCount);
      dropped += checked.dropped;
      checked.cited.forEach((number) => cited.add(number));
      return checked.text;
    });

  let text = '';
  let last = 0;
  for (const code of reply.matchAll(codeSpans)) {
    text += rewrite(reply.slice(last, code.index)) + code[0];
    last = code.index + code[0].length;
  }
  text += rewrite(reply.slice(last));
  // A removed marker can leave a space before punctuation ("clause 7 [9]." -> "clause 7 .").
  if (dropped > 0) text = text.replace(spaceBeforePunctuation, '$1').replace(/[ \t]{2,}/g, ' ');
  return { text, cited: [...cited].sort((a, b) => a - b), dropped };
}
