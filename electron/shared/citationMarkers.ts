/**
 * What a citation marker in a reply is: `[1]`, `[2, 3]`, numbers of one to three digits separated by
 * commas. The one definition, for every reader of a reply: core checks a finished reply with it
 * (electron/core/chat/citations.ts), the CLI a streaming one (electron/cli/citationStream.ts), and the
 * window turns markers into buttons with it (renderer/src/features/chat/citationMarkers.ts).
 * Pure TypeScript, as electron/shared must be.
 */

/** A marker's list: numbers of one to three digits, separated by commas. */
const numberList = String.raw`\d{1,3}(?:\s*,\s*\d{1,3})*`;

/** Every whole marker in a text, its list in group 1. Global: for `matchAll` and `replace`, never `test`/`exec`. */
export const citationMarkerPattern = new RegExp(String.raw`\[(${numberList})\]`, 'g');

/** A whole marker at the start of the text, its list in group 1: for a reader that takes a reply piece by piece (the CLI). */
export const leadingCitationMarker = new RegExp(String.raw`^\[(${numberList})\]`);

/** What the start of a marker looks like before its closing bracket has arrived: `[`, `[1`, `[2, `. */
export const openCitationMarker = new RegExp(String.raw`^\[(?:${numberList}\s*,?\s*)?$`);

/** Punctuation that a removed marker must not leave a space before. */
const punctuation = '[.,;:!?]';
const punctuationAtStart = new RegExp(`^${punctuation}`);
const spaceBeforePunctuation = new RegExp(String.raw`[ \t]+(${punctuation})`, 'g');

/** Whether `text` begins with punctuation, before which a removed marker's space goes too. */
export function startsWithPunctuation(text: string): boolean {
  return punctuationAtStart.test(text);
}

/** Removes the spaces a removed marker left before punctuation: "clause 7 ." -> "clause 7.". */
export function removeSpaceBeforePunctuation(text: string): string {
  return text.replace(spaceBeforePunctuation, '$1');
}

/** The numbers of a marker's list (`2, 9` -> [2, 9]), in its order. */
export function citationNumbers(list: string): number[] {
  return list.split(',').map((part) => Number(part.trim()));
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
  const numbers = citationNumbers(list);
  const cited = numbers.filter((number) => number >= 1 && number <= sourceCount);
  return { text: cited.length > 0 ? `[${cited.join(', ')}]` : '', cited, dropped: numbers.length - cited.length };
}
