import { isDigit, wordCharacterBefore } from './characters.js';

/**
 * The shapes a phone number is written in. Each alternative needs a "+", parentheses or separators in
 * set places, so plain long numbers, amounts, years and dates do not read as phone numbers:
 * - international: +44 20 7946 0958, +1 (555) 123-4567, +33 1 23 45 67 89, +14155552671;
 * - North American: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567;
 * - national with a trunk 0: 020 7946 0958, 07700 900123, 030/1234567, (020) 7946 0958, 01 23 45 67 89.
 * Groups are digits between separators, so the regex has one way to read a text and cannot backtrack
 * badly; their number is bounded, so a long table of numbers costs no more than its length. Digit
 * counts are checked after: 8-15 for international (E.164), 9-12 for trunk numbers.
 */
const phoneCandidate = new RegExp(
  [
    String.raw`(?<international>\+\d+(?:[ .-]?\(\d+\)|[ .-]\d+){0,6})`,
    String.raw`(?<northAmerican>\(\d{3}\) ?\d{3}[ .-]\d{4}|\d{3}-\d{3}-\d{4}|\d{3}\.\d{3}\.\d{4}|\d{3} \d{3} \d{4})`,
    // A trunk 0 then an area code that does not start with 0 (00 is the international call prefix).
    String.raw`(?<trunk>\(0[1-9]\d{0,3}\) ?\d+(?:[ .-]\d+){0,4}|0[1-9]\d{0,3}(?:[ /.-]\d+){1,5})`,
  ].join('|') + String.raw`(?![\w]|[.\/-]\d)`,
  'y',
);

/** A phone number starting at `start`, international or in a common national format. Returns its end, or -1. */
export function phoneAt(text: string, start: number): number {
  if (!mayStartPhone(text, start)) return -1;
  phoneCandidate.lastIndex = start;
  const match = phoneCandidate.exec(text);
  if (!match || attachedBefore(text, start) || !plausibleDigitCount(match)) return -1;
  return start + match[0].length;
}

/**
 * What every shape starts with, checked before running the regex, which costs far more than a look at
 * four characters (and most numbers in prose, like 2024-01-15, fail here): "+", "(", a trunk 0, or
 * three digits and a separator.
 */
function mayStartPhone(text: string, start: number): boolean {
  const first = text.charCodeAt(start);
  if (first === 43 || first === 40 || first === 48) return true;
  const fourth = text.charCodeAt(start + 3);
  return isDigit(text.charCodeAt(start + 1)) && isDigit(text.charCodeAt(start + 2)) && (fourth === 45 || fourth === 46 || fourth === 32);
}

/**
 * Part of a longer token: a word, a dotted, dashed or spaced run of numbers (dates, versions, account
 * numbers in groups), a "+" already read.
 */
function attachedBefore(text: string, start: number): boolean {
  if (wordCharacterBefore(text, start)) return true;
  const before = text.charCodeAt(start - 1);
  if (before === 43) return true;
  const joins = before === 46 || before === 47 || before === 45 || before === 32;
  return joins && isDigit(text.charCodeAt(start - 2));
}

function plausibleDigitCount(match: RegExpExecArray): boolean {
  const digits = countDigits(match[0]);
  if (match.groups?.international !== undefined) return digits >= 8 && digits <= 15;
  if (match.groups?.trunk !== undefined) return digits >= 9 && digits <= 12;
  return true;
}

function countDigits(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) if (isDigit(text.charCodeAt(index))) count++;
  return count;
}
