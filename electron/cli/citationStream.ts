/**
 * A grounded reply as it streams to a terminal, checked by the same citation rules core stores it with
 * (electron/shared/citationMarkers.ts): a marker naming a passage the model was not given is removed,
 * never printed. A terminal cannot take back what it printed, so a possible marker (`[1`, `[2, `) or
 * code fence is held until it is complete. Core also tidies spaces left by a removed marker across
 * the whole reply; here that is done around the marker, which is where they are.
 */

import {
  checkCitationMarker,
  leadingCitationMarker,
  openCitationMarker,
  startsWithPunctuation,
} from '../shared/citationMarkers.js';

/** A marker is short; an open bracket followed by more than this is text, not a marker. */
const longestMarker = 40;

export class CitationStream {
  private pending = '';
  /** Spaces and tabs not yet printed: a removed marker after them may change them. */
  private space = '';
  private removedBeforeSpace = false;
  private inFence = false;

  constructor(
    /** How many passages the model was given: markers may cite 1 to this. */
    private readonly sourceCount: number,
  ) {}

  /** Takes the next streamed text; returns what can be printed now. */
  push(text: string): string {
    this.pending += text;
    return this.drain(false);
  }

  /** The reply ended: returns whatever was held. */
  end(): string {
    return this.drain(true) + this.takeSpace('');
  }

  private drain(final: boolean): string {
    let printable = '';
    while (this.pending.length > 0) {
      const step = this.inFence ? this.fenceStep(final) : this.proseStep(final);
      if (step === null) break;
      printable += step;
    }
    return printable;
  }

  /** Inside a fenced code block, where `[1]` is code: printed as it is, up to the closing fence. */
  private fenceStep(final: boolean): string | null {
    const close = this.pending.indexOf('```');
    if (close >= 0) {
      this.inFence = false;
      return this.consume(close + 3);
    }
    if (final) return this.consume(this.pending.length);
    // One or two backticks at the end may be the start of the closing fence.
    const held = /`{1,2}$/.exec(this.pending)?.[0].length ?? 0;
    return this.pending.length > held ? this.consume(this.pending.length - held) : null;
  }

  private proseStep(final: boolean): string | null {
    const first = this.pending[0];
    if (first === ' ' || first === '\t') {
      this.space += this.consume(1);
      return '';
    }
    if (first === '[') return this.bracketStep(final);
    if (first === '`') return this.backtickStep(final);
    const end = this.pending.search(/[ \t[`]/);
    const text = this.consume(end === -1 ? this.pending.length : end);
    return this.takeSpace(text) + text;
  }

  private bracketStep(final: boolean): string | null {
    const marker = leadingCitationMarker.exec(this.pending);
    if (marker) {
      this.consume(marker[0].length);
      const { text } = checkCitationMarker(marker[1] ?? '', this.sourceCount);
      if (text === '') {
        this.removedBeforeSpace = true;
        return '';
      }
      return this.takeSpace(text) + text;
    }
    if (!final && this.pending.length < longestMarker && openCitationMarker.test(this.pending)) return null;
    const text = this.consume(1);
    return this.takeSpace(text) + text;
  }

  /** Code spans are left alone, as core leaves them: a fence up to its end, an inline span on its line. */
  private backtickStep(final: boolean): string | null {
    if (this.pending.startsWith('```')) {
      this.inFence = true;
      const text = this.consume(3);
      return this.takeSpace(text) + text;
    }
    if (!final && /^`{1,2}$/.test(this.pending)) return null;
    const close = this.pending.slice(1).search(/[`\n]/);
    if (close === -1 && !final) return null;
    // A closing backtick on the same line makes a span; otherwise the backtick is plain text.
    const length = close !== -1 && this.pending[close + 1] === '`' ? close + 2 : 1;
    const text = this.consume(length);
    return this.takeSpace(text) + text;
  }

  /** The held spaces before `next`: none before punctuation, and one for a run, after a removed marker. */
  private takeSpace(next: string): string {
    const { space, removedBeforeSpace } = this;
    this.space = '';
    this.removedBeforeSpace = false;
    if (!removedBeforeSpace) return space;
    if (startsWithPunctuation(next)) return '';
    return space.length >= 2 ? ' ' : space;
  }

  private consume(length: number): string {
    const taken = this.pending.slice(0, length);
    this.pending = this.pending.slice(length);
    return taken;
  }
}
