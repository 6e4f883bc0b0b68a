import { isDigit } from './characters.js';
import { attachedBefore, consistentSeparators, readDigitGroups } from './separators.js';

/** Nine bare digits count only right after a cue, as any nine-digit number would otherwise match. */
const ssnCueBefore = /\b(?:ssn|social security(?: number| no\.?| #)?)[\s:#=-]{0,4}$/i;

/**
 * A US social security number starting at `start` that the SSA could have issued (area not 000, 666
 * or 900-999, group not 00, serial not 0000): 3, 2 and 4 digits with one kind of separator
 * (123-45-6789, 123.45.6789, 123/45/6789, 123 45 6789, a line break after one of them), or nine bare
 * digits after an "SSN" cue; not part of a longer number or code (1-123-45-6789, 123-45-6789-0 and
 * A123-45-6789 are not SSNs). Returns its end, or -1.
 */
export function ssnAt(text: string, start: number): number {
  // Three digits first: cheaper than reading the groups, and rules out most numbers.
  if (!isDigit(text.charCodeAt(start + 1)) || !isDigit(text.charCodeAt(start + 2)) || attachedBefore(text, start)) return -1;
  const groups = readDigitGroups(text, start, 10);
  const [area, group, serial, next] = groups;
  if (area?.digits === 9 && !continuesAfter(text, area.end)) {
    const cued = ssnCueBefore.test(text.slice(Math.max(0, start - 30), start));
    return cued && isIssuableDigits(text.slice(start, area.end)) ? area.end : -1;
  }
  if (area?.digits !== 3 || group?.digits !== 2 || serial?.digits !== 4 || !consistentSeparators(groups.slice(0, 3))) return -1;
  // A fourth group after the same kind of separator makes it a longer code (a table of numbers, a dashed ID).
  if (next?.separator?.kind === group.separator?.kind || continuesAfter(text, serial.end)) return -1;
  return isIssuableDigits(text.slice(start, serial.end).replace(/\D/g, '')) ? serial.end : -1;
}

function isIssuableDigits(digits: string): boolean {
  return isIssuable(digits.slice(0, 3), digits.slice(3, 5), digits.slice(5));
}

/** A letter, digit or "_" right after, or a dash, dot or slash joining another letter or digit. */
function continuesAfter(text: string, end: number): boolean {
  const after = text.charCodeAt(end);
  if (isWordCode(after)) return true;
  return (after === 45 || after === 46 || after === 47) && isWordCode(text.charCodeAt(end + 1));
}

function isWordCode(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

export function isIssuable(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && !area.startsWith('9') && group !== '00' && serial !== '0000';
}
