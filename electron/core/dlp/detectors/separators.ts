/**
 * What may stand between the groups of a number (an SSN, a card number, an IBAN) once the text is
 * normalised (every dash is "-", every space " "): one dash, dot or slash with up to two blanks either
 * side, or blanks alone (up to three: double spaces), and at most one line break (a value wrapped at the
 * end of a line).
 */
import { isDigit } from './characters.js';

export interface Separator {
  /** Offset just past the separator. */
  end: number;
  /** Its kind, to require one kind per value: the dash, dot or slash in it, or " " for blanks alone. */
  kind: string;
  lineBreak: boolean;
}

/** The separator starting at `index`, or null. What follows it is for the caller to check. */
export function separatorAt(text: string, index: number): Separator | null {
  let end = skipBlanks(text, index, 3);
  let kind = ' ';
  const code = text.charCodeAt(end);
  if (code === 45 || code === 46 || code === 47) {
    if (end - index > 2) return null;
    kind = text.charAt(end);
    end = skipBlanks(text, end + 1, 2);
  }
  let lineBreak = false;
  if (text.charCodeAt(end) === 10 || (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10)) {
    lineBreak = true;
    end = skipBlanks(text, end + (text.charCodeAt(end) === 13 ? 2 : 1), 2);
  }
  return end > index ? { end, kind, lineBreak } : null;
}

function skipBlanks(text: string, index: number, most: number): number {
  let end = index;
  while (end - index < most && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
  return end;
}

/** A group of digits read from a start, and the separator before it (none for the first). */
export interface DigitGroup {
  /** How many digits it has. */
  digits: number;
  /** Offset just past its last digit. */
  end: number;
  separator?: Separator;
}

/**
 * Reads groups of digits from `start` (a digit), each after a separator, until `maxDigits` digits or a
 * place where no group follows. Bounded, so a long table of numbers costs no more than its length.
 */
export function readDigitGroups(text: string, start: number, maxDigits: number): DigitGroup[] {
  const groups: DigitGroup[] = [];
  let index = start;
  let total = 0;
  let separator: Separator | undefined;
  for (;;) {
    const groupStart = index;
    while (isDigit(text.charCodeAt(index))) index++;
    groups.push(separator === undefined ? { digits: index - groupStart, end: index } : { digits: index - groupStart, end: index, separator });
    total += index - groupStart;
    if (total >= maxDigits) return groups;
    const next = separatorAt(text, index);
    if (next === null || !isDigit(text.charCodeAt(next.end))) return groups;
    separator = next;
    index = next.end;
  }
}

/** Whether the separators between `groups` are all of one kind, with at most one line break among them. */
export function consistentSeparators(groups: readonly DigitGroup[]): boolean {
  const kind = groups[1]?.separator?.kind;
  let lineBreaks = 0;
  for (const { separator } of groups) {
    if (separator === undefined) continue;
    if (separator.kind !== kind) return false;
    if (separator.lineBreak) lineBreaks++;
  }
  return lineBreaks <= 1;
}

/**
 * Whether a value starting at `start` continues a longer token before it: a letter or digit right
 * before, or a dash, dot or slash with one before that ("A-123-45-6789", "1.123.45.6789").
 */
export function attachedBefore(text: string, start: number): boolean {
  const before = text.charCodeAt(start - 1);
  if (isAlphanumeric(before) || before === 95) return true;
  return (before === 45 || before === 46 || before === 47) && isAlphanumeric(text.charCodeAt(start - 2));
}

function isAlphanumeric(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
