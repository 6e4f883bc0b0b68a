import { isDigit } from './characters.js';

/** 123-45-6789 or 123 45 6789 (the same separator twice). */
const separatedSsn = /(\d{3})([- ])(\d{2})\2(\d{4})/y;
/** Nine digits in one piece. */
const bareSsn = /\d{9}(?!\d)/y;
/** Nine bare digits count only right after a cue, as any nine-digit number would otherwise match. */
const ssnCueBefore = /\b(?:ssn|social security(?: number| no\.?| #)?)[\s:#=-]{0,4}$/i;

/**
 * A US social security number starting at `start` that the SSA could have issued (area not 000, 666
 * or 900-999, group not 00, serial not 0000), not part of a longer number or dashed code
 * (1-123-45-6789 is not an SSN). Returns its end, or -1.
 */
export function ssnAt(text: string, start: number): number {
  // Three digits, then a separator or more digits: cheaper than the regexes, and rules out most numbers.
  const fourth = text.charCodeAt(start + 3);
  if (!isDigit(text.charCodeAt(start + 1)) || !isDigit(text.charCodeAt(start + 2)) || !(fourth === 45 || fourth === 32 || isDigit(fourth))) return -1;
  separatedSsn.lastIndex = start;
  const separated = separatedSsn.exec(text);
  if (separated) {
    const end = start + separated[0].length;
    return !attachedToNumber(text, start, end) && isIssuable(separated[1]!, separated[3]!, separated[4]!) ? end : -1;
  }
  bareSsn.lastIndex = start;
  const bare = bareSsn.exec(text);
  if (!bare || isDigit(text.charCodeAt(start - 1))) return -1;
  const digits = bare[0];
  const cued = ssnCueBefore.test(text.slice(Math.max(0, start - 30), start));
  return cued && isIssuable(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5)) ? start + 9 : -1;
}

function attachedToNumber(text: string, start: number, end: number): boolean {
  const before = text.charCodeAt(start - 1);
  const after = text.charCodeAt(end);
  const joined = (code: number, next: number) => (code === 45 || code === 46 || code === 47) && isDigit(next);
  return isDigit(before) || isDigit(after) || joined(before, text.charCodeAt(start - 2)) || joined(after, text.charCodeAt(end + 1));
}

export function isIssuable(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && !area.startsWith('9') && group !== '00' && serial !== '0000';
}
