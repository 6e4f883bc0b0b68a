import { isDigit, wordCharacterBefore } from './characters.js';

/**
 * Between the groups of a phone number, in the normalised text (every dash is "-", every space " "):
 * a dash, dot or slash with up to two blanks either side, blanks alone (up to three), or a line break.
 * Each alternative is told apart by its last character, so a text has one reading and the regex cannot
 * backtrack badly.
 */
const separator = String.raw`(?:[ \t]{0,2}[-./][ \t]{0,2}(?:\r?\n[ \t]{0,2})?|[ \t]{1,3}|[ \t]{0,2}\r?\n[ \t]{0,2})`;

/**
 * The shapes a phone number is written in. Each alternative needs a "+", parentheses or separators in
 * set places, so plain long numbers, amounts, years and dates do not read as phone numbers:
 * - international: +44 20 7946 0958, +1 (555) 123-4567, +33 1 23 45 67 89, +44 (0)20 7946 0958, +14155552671;
 * - North American: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567, 555/123/4567;
 * - national with a trunk 0: 020 7946 0958, 07700 900123, 030/1234567, (020) 7946 0958, 01 23 45 67 89.
 * Groups are digits between separators; their number is bounded, so a long table of numbers costs no
 * more than its length. Digit counts are checked after: 8-15 for international (E.164), 9-12 for trunk
 * numbers; so is that a North American number uses one kind of separator.
 */
const phoneCandidate = new RegExp(
  [
    String.raw`(?<international>\+\d+(?:${separator}?\(\d+\)\d*|${separator}\d+){0,6})`,
    String.raw`(?<northAmerican>\(\d{3}\)${separator}?\d{3}${separator}\d{4}|\d{3}${separator}\d{3}${separator}\d{4})`,
    // A trunk 0 then an area code that does not start with 0 (00 is the international call prefix).
    String.raw`(?<trunk>\(0[1-9]\d{0,3}\)${separator}?\d+(?:${separator}\d+){0,4}|0[1-9]\d{0,3}(?:${separator}\d+){1,5})`,
  ].join('|') + String.raw`(?![\w]|[-./]\w)`,
  'y',
);

/**
 * Words that introduce a number that only looks like a phone number: a product, part or order code, an
 * ISBN, a version. Checked on the 30 characters before a match.
 */
const codeCueBefore = /\b(?:sku|part|model|serial|item|order|ref|reference|product|article|art|cat|catalog(?:ue)?|isbn|issn|version|build|invoice|ticket|p\/n|s\/n)\b[\s.:#]*(?:no\.?|number|nr\.?|#)?[\s.:#]*$/i;

/** A US ZIP+4 code (MA 02110-1301), which has the shape of a trunk number. */
const zipPlusFour = /^\d{5}-\d{4}$/;

/** A date written day or month first, then a four-digit year: 01/15/2024, 01.02.2024 10:30. */
const dateShape = /^0\d[-./]\d{1,2}[-./](?:19|20)\d\d(?!\d)/;

/** A phone number starting at `start`, international or in a common national format. Returns its end, or -1. */
export function phoneAt(text: string, start: number): number {
  if (!mayStartPhone(text, start)) return -1;
  phoneCandidate.lastIndex = start;
  const match = phoneCandidate.exec(text);
  if (!match || attachedBefore(text, start) || !plausible(match)) return -1;
  if (codeCueBefore.test(text.slice(Math.max(0, start - 30), start))) return -1;
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
  return isDigit(text.charCodeAt(start + 1)) && isDigit(text.charCodeAt(start + 2)) && (fourth === 45 || fourth === 46 || fourth === 47 || fourth === 32 || fourth === 9 || fourth === 10 || fourth === 13);
}

/**
 * Part of a longer token: a word, a code joined with a dash ("ABC-555-123-4567"), a dotted, dashed,
 * slashed or spaced run of numbers (dates, versions, account numbers in groups), a "+" already read.
 * "Tel.555-123-4567" is a phone number.
 */
function attachedBefore(text: string, start: number): boolean {
  if (wordCharacterBefore(text, start)) return true;
  const before = text.charCodeAt(start - 1);
  if (before === 43) return true;
  if (before === 45) return wordCharacterBefore(text, start - 1);
  return (before === 46 || before === 47 || before === 32) && isDigit(text.charCodeAt(start - 2));
}

function plausible(match: RegExpExecArray): boolean {
  const [value] = match;
  const digits = countDigits(value);
  if (match.groups?.international !== undefined) return digits >= 8 && digits <= 15 && lineBreaks(value) <= 1;
  if (match.groups?.trunk !== undefined) return digits >= 9 && digits <= 12 && lineBreaks(value) <= 1 && !dateShape.test(value) && !zipPlusFour.test(value);
  return northAmericanShape(value);
}

/**
 * An area code that can exist (2-9 first: "100 200 3000" is a list of numbers), and one kind of
 * separator: "555-123-4567" and "555 123\n4567", not "555-123 4567" (two numbers side by side). After
 * "(555)" any separator goes.
 */
function northAmericanShape(value: string): boolean {
  const parenthesised = value.startsWith('(');
  const area = value.charCodeAt(parenthesised ? 1 : 0);
  if (area < 50 || lineBreaks(value) > 1) return false;
  if (parenthesised) return true;
  const [first, second] = value.match(/\D+/g) ?? [];
  const kindOf = (separator: string) => /[-./]/.exec(separator)?.[0] ?? ' ';
  return first !== undefined && second !== undefined && kindOf(first) === kindOf(second);
}

function lineBreaks(value: string): number {
  let count = 0;
  for (let index = 0; index < value.length; index++) if (value.charCodeAt(index) === 10) count++;
  return count;
}

function countDigits(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) if (isDigit(text.charCodeAt(index))) count++;
  return count;
}
