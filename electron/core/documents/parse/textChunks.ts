/** A section is closed at the first paragraph break after this many characters... */
export const softSectionLength = 16 * 1024;
/** ...and at the next line break after this many, paragraph or not. */
export const hardSectionLength = 64 * 1024;

/**
 * Lines of a text stream, without their "\n". A line longer than `hardSectionLength` comes out in
 * pieces, so one enormous line cannot hold the whole file in memory.
 */
export async function* splitLines(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let pending = '';
  for await (const piece of pieces) {
    pending += piece;
    let start = 0;
    let newline = pending.indexOf('\n', start);
    while (newline !== -1) {
      yield pending.slice(start, newline);
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
    while (pending.length > hardSectionLength) {
      const cut = safeCut(pending, hardSectionLength);
      yield pending.slice(0, cut);
      pending = pending.slice(cut);
    }
  }
  if (pending.length > 0) yield pending;
}

/** A cut position at or before `at` that does not split a UTF-16 surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/** Gathers lines into sections of roughly 16-64 KB, closing them at paragraph breaks where it can. */
export class ParagraphChunker {
  private lines: string[] = [];
  private length = 0;

  /** Adds one line; returns a finished section's text when this line completed one. */
  push(line: string): string | null {
    if (line.trim() === '') {
      if (this.length >= softSectionLength) return this.flush();
      if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') {
        this.lines.push('');
        this.length += 1;
      }
      return null;
    }
    this.lines.push(line.trimEnd());
    this.length += line.length + 1;
    return this.length >= hardSectionLength ? this.flush() : null;
  }

  /** Closes the current section; returns its text, or null if it holds nothing but whitespace. */
  flush(): string | null {
    const text = this.lines.join('\n').trim();
    this.lines = [];
    this.length = 0;
    return text === '' ? null : text;
  }
}
