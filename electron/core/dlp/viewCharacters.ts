/**
 * Characters as the normalised view (normalize.ts) reads them: NFKC, then every decimal digit as its
 * ASCII digit, invisible format characters removed, any dash as "-", any space as " ", line and
 * paragraph separators as a line break; and the quick tests that spare most characters that work.
 */

/** Non-ASCII characters whose view is not themselves (besides what NFKC changes). */
export const specialCharacter = /(?!\p{ASCII})[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Pd}\p{Zs}\p{Zl}\p{Zp}\p{Nd}\u0085\u2212]/u;
const invisible = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
const dash = /^[\p{Pd}\u2212]$/u;
const space = /^\p{Zs}$/u;
const lineBreak = /^[\p{Zl}\p{Zp}\u0085]$/u;
const combiningMark = /^\p{M}$/u;
const decimalDigit = /^\p{Nd}$/u;

/**
 * One character (with its combining marks) as the detectors read it: NFKC, then every decimal digit
 * as its ASCII digit, invisible format characters removed, any dash as "-", any space as " ", line and
 * paragraph separators as a line break.
 */
export function mapCharacter(unit: string): string {
  let mapped = '';
  for (const character of unit.normalize('NFKC')) {
    const code = character.codePointAt(0) ?? 0;
    if (code < 128) mapped += character;
    else if (invisible.test(character)) continue;
    else if (dash.test(character)) mapped += '-';
    else if (space.test(character)) mapped += ' ';
    else if (lineBreak.test(character)) mapped += '\n';
    else if (decimalDigit.test(character)) mapped += String.fromCharCode(48 + digitValue(code));
    else mapped += character;
  }
  return mapped;
}

const digitValues = new Map<number, number>();

/**
 * The value of a decimal digit of any script. Unicode encodes each script's digits as one run of ten,
 * zero first, and runs of ten may follow each other directly (so the value is the distance from the
 * start of the whole run, modulo ten).
 */
function digitValue(code: number): number {
  let value = digitValues.get(code);
  if (value === undefined) {
    let first = code;
    while (decimalDigit.test(String.fromCodePoint(first - 1))) first--;
    value = (code - first) % 10;
    digitValues.set(code, value);
  }
  return value;
}

export function isCombiningMarkAt(text: string, index: number): boolean {
  // Every combining mark is at U+0300 or above: most characters are ruled out without a regex.
  return text.charCodeAt(index) >= 0x300 && combiningMark.test(String.fromCodePoint(text.codePointAt(index) ?? 0));
}

/**
 * ASCII, and the letters of the scripts most text is written in, none of which NFKC or the view changes:
 * CJK ideographs, kana, Hangul syllables, and the basic Cyrillic, Greek, Hebrew and Arabic letters. The
 * rest needs the full check.
 */
export function isPlainCharacter(code: number): boolean {
  return (
    code < 128 ||
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3041 && code <= 0x3096) ||
    (code >= 0x30a1 && code <= 0x30fa) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0x0410 && code <= 0x044f) ||
    (code >= 0x0391 && code <= 0x03c9) ||
    (code >= 0x05d0 && code <= 0x05ea) ||
    (code >= 0x0621 && code <= 0x064a)
  );
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

export function codePointLength(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
}
