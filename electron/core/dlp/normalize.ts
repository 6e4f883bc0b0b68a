/**
 * The view of a text that the detectors read, and the exact way back to the original. Formatting that
 * does not change a value is taken out of the view: compatibility forms (NFKC: full-width, mathematical
 * digits, non-breaking spaces), digits of every script (as ASCII), invisible format characters (zero-width
 * spaces and joiners, soft hyphens, bidi controls: removed), dashes and spaces of every kind (as "-" and
 * " "), and the bracketed "at" and "dot" of obfuscated e-mail addresses ("jane [at] example [dot] com").
 * Each change is recorded, so a finding in the view maps back to the whole original span it came from.
 */

import { codePointLength, isCombiningMarkAt, isLowSurrogate, isPlainCharacter, mapCharacter, specialCharacter } from './viewCharacters.js';

/** A text as the detectors read it, and the way back to the original. */
export interface NormalizedText {
  /** The normalised text; the original itself (same string) when nothing needed changing. */
  text: string;
  /** The original span that `text.slice(start, end)` came from: every original character of it, whole. */
  originalSpan(start: number, end: number): { start: number; end: number };
}

/** A bracketed "at", "dot", "." or "@" (ASCII or full-width brackets), tried where an opening bracket is. */
const obfuscation = /[[({<\uFF08\uFF3B][ \t]*(?:[aA][tT]|[dD][oO][tT]|[.@])[ \t]*[\])}>\uFF09\uFF3D]/y;
const openingBrackets = ['[', '(', '{', '<', '\uFF08', '\uFF3B'];
/** Where non-ASCII text starts. */
const nonAscii = /[\u0080-\uFFFF]/g;

/** Up to this many ASCII characters between two non-ASCII ones keep them in one stretch (the spaces and punctuation between words). */
const asciiGap = 16;
/**
 * A stretch that needs changes is checked again in pieces of these lengths, and only in the smallest
 * pieces that still need changes is each character mapped: a few passes, however dense the changes.
 */
const pieceLengths = [4096, 256, 16];
const letterOrDigit = /^[\p{L}\p{N}]$/u;
/** Which of the bracketed words was found: "dot" or "." stand for a dot, "at" and "@" for an at sign. */
const dotWord = /[dD.]/;

/**
 * Builds the view of `text` for the detectors. ASCII text without an obfuscated "at" or "dot" costs a
 * regex pass and an `indexOf` pass per kind of bracket, and comes back as itself; otherwise only the
 * characters that change are recorded.
 */
export function normalizeForScan(text: string): NormalizedText {
  const view = new ViewBuilder(text);
  const words = obfuscatedWords(text);
  let next = 0;
  nonAscii.lastIndex = 0;
  let run = nonAscii.exec(text);
  for (;;) {
    const word = words[next];
    if (word === undefined && run === null) break;
    if (word !== undefined && (run === null || word.start <= run.index)) {
      next++;
      if (word.start < view.copiedUntil) continue; // inside a replacement made just before
      const replacedUntil = view.obfuscation(word.start, word.end, word.replacement);
      if (run !== null && run.index < replacedUntil) {
        // The replacement covered non-ASCII characters (full-width brackets): go on after it.
        nonAscii.lastIndex = replacedUntil;
        run = nonAscii.exec(text);
      }
      continue;
    }
    if (run === null) break;
    // Non-ASCII text, up to an obfuscated word inside it ("ｊａｎｅ（at）ｅｘａｍｐｌｅ").
    const end = stretchEnd(text, run.index, word === undefined ? text.length : word.start);
    view.nonAsciiStretch(run.index, end);
    nonAscii.lastIndex = end;
    run = nonAscii.exec(text);
  }
  return view.finish();
}

interface ObfuscatedWord {
  start: number;
  end: number;
  replacement: '@' | '.';
}

/**
 * Every bracketed "at" or "dot", in order. One `indexOf` pass per kind of bracket finds the candidates,
 * several times faster than a regex pass with a class of brackets (most brackets fail at once).
 */
function obfuscatedWords(text: string): ObfuscatedWord[] {
  const words: ObfuscatedWord[] = [];
  for (const bracket of openingBrackets) {
    for (let index = text.indexOf(bracket); index !== -1; index = text.indexOf(bracket, index + 1)) {
      obfuscation.lastIndex = index;
      const match = obfuscation.exec(text);
      if (match !== null) words.push({ start: index, end: index + match[0].length, replacement: dotWord.test(match[0]) ? '.' : '@' });
    }
  }
  return words.sort((a, b) => a.start - b.start);
}

/**
 * The end of the stretch of non-ASCII text starting at `start`: runs of non-ASCII characters joined
 * across short ASCII gaps, so a paragraph in Russian or Japanese is checked in one piece, not word by word.
 */
function stretchEnd(text: string, start: number, limit: number): number {
  let end = start + 1;
  for (;;) {
    while (end < limit && text.charCodeAt(end) > 127) end++;
    let next = end;
    while (next < limit && next - end < asciiGap && text.charCodeAt(next) <= 127) next++;
    if (next >= limit || text.charCodeAt(next) <= 127) return end;
    end = next;
  }
}

/** The normalised form of one value (to compare two findings, or a custom term with the text). */
export function normalizeValue(text: string): string {
  return normalizeForScan(text).text;
}

/** One change: what the view has in place of an original span (empty for a removed character). */
interface Change {
  viewStart: number;
  viewEnd: number;
  originalStart: number;
  originalEnd: number;
}

/**
 * Copies the original text into the view lazily: unchanged stretches are sliced only when a change
 * follows them. Between changes, view and original differ by a constant offset.
 */
class ViewBuilder {
  private readonly pieces: string[] = [];
  /** Every change, in order. */
  private readonly changes: Change[] = [];
  /** Where the original has been copied (or replaced) up to. */
  copiedUntil = 0;
  private length = 0;

  constructor(private readonly original: string) {}

  /**
   * "jane [at] example" becomes "jane@example": the bracketed word and the blanks around it, when a
   * letter or digit stands on each side, as in an address. Elsewhere (after a colon, at the start of a
   * line) it is left alone; between two words of prose it changes too ("meet (at) noon" reads
   * "meet@noon"), which only the e-mail detector notices, and that needs a whole address with a domain.
   * Returns the end of what it replaced, or -1 when it left it alone.
   */
  obfuscation(start: number, end: number, replacement: string): number {
    const text = this.original;
    let from = start;
    while (from > this.copiedUntil && isBlank(text.charCodeAt(from - 1))) from--;
    let to = end;
    while (to < text.length && isBlank(text.charCodeAt(to))) to++;
    if (from === 0 || !letterOrDigit.test(text.charAt(from - 1)) || !letterOrDigit.test(text.charAt(to))) return -1;
    this.replace(from, to, replacement);
    return to;
  }

  /**
   * A stretch of non-ASCII text (most of it letters of other scripts, left as they are). A stretch that
   * NFKC leaves alone and that holds no special character is skipped whole; one that needs changes is
   * checked again in smaller pieces, and in the smallest that need changes each character, with the
   * combining marks after it, is mapped on its own, so a finding maps back to whole characters.
   */
  nonAsciiStretch(start: number, end: number): void {
    // A combining mark after an ASCII letter composes with it ("e" + U+0301 is "é"): take the letter too.
    const from = start > this.copiedUntil && isCombiningMarkAt(this.original, start) ? start - 1 : start;
    this.mapStretch(from, end);
  }

  private mapStretch(start: number, end: number): void {
    const text = this.original;
    const stretch = text.slice(start, end);
    if (!specialCharacter.test(stretch) && stretch.normalize('NFKC') === stretch) return;
    const pieceLength = pieceLengths.find((length) => length < end - start);
    if (pieceLength === undefined) {
      this.mapCharacters(start, end);
      return;
    }
    for (let from = start; from < end; ) {
      // Cut where a character starts: not inside a surrogate pair, not before a combining mark.
      let to = Math.min(end, from + pieceLength);
      while (to < end && (isLowSurrogate(text.charCodeAt(to)) || isCombiningMarkAt(text, to))) to++;
      // A stretch with no place to cut (one letter and a long run of marks) is mapped as it is.
      if (from === start && to === end) this.mapCharacters(start, end);
      else this.mapStretch(from, to);
      from = to;
    }
  }

  private mapCharacters(start: number, end: number): void {
    const text = this.original;
    let index = start;
    while (index < end) {
      let unitEnd = index + codePointLength(text, index);
      while (unitEnd < end && isCombiningMarkAt(text, unitEnd)) unitEnd += codePointLength(text, unitEnd);
      if (unitEnd - index > 1 || !isPlainCharacter(text.charCodeAt(index))) {
        const unit = text.slice(index, unitEnd);
        const mapped = mapCharacter(unit);
        if (mapped !== unit) this.replace(index, unitEnd, mapped);
      }
      index = unitEnd;
    }
  }

  finish(): NormalizedText {
    const original = this.original;
    if (this.changes.length === 0) return { text: original, originalSpan: (start, end) => ({ start, end }) };
    this.pieces.push(original.slice(this.copiedUntil));
    const changes = this.changes;
    return { text: this.pieces.join(''), originalSpan: (start, end) => ({ start: originalStart(changes, start), end: originalEnd(changes, end) }) };
  }

  private replace(start: number, end: number, replacement: string): void {
    if (start > this.copiedUntil) {
      this.pieces.push(this.original.slice(this.copiedUntil, start));
      this.length += start - this.copiedUntil;
    }
    this.changes.push({ viewStart: this.length, viewEnd: this.length + replacement.length, originalStart: start, originalEnd: end });
    this.pieces.push(replacement);
    this.length += replacement.length;
    this.copiedUntil = end;
  }
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9;
}

/** The last change whose view start is at or before `position` (several may start there: the last is the one holding it). */
function changeAt(changes: readonly Change[], position: number): Change | undefined {
  let low = 0;
  let high = changes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((changes[middle]?.viewStart ?? Infinity) <= position) low = middle + 1;
    else high = middle;
  }
  return changes[low - 1];
}

/** The original offset of the character at view offset `position` (the start of the whole character it came from). */
function originalStart(changes: readonly Change[], position: number): number {
  const change = changeAt(changes, position);
  if (change === undefined) return position;
  return position < change.viewEnd ? change.originalStart : position - change.viewEnd + change.originalEnd;
}

/** The original offset just past the character before view offset `end` (the end of the whole character it came from). */
function originalEnd(changes: readonly Change[], end: number): number {
  if (end <= 0) return 0;
  const change = changeAt(changes, end - 1);
  if (change === undefined) return end;
  return end - 1 < change.viewEnd ? change.originalEnd : end - change.viewEnd + change.originalEnd;
}
