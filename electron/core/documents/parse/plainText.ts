import { type RawSection } from './types.js';
import { ParagraphChunker, splitLines } from './textChunks.js';

/** Plain text in paragraph-aligned sections of 16-64 KB; no pages, no headings. */
export async function* extractPlainText(text: AsyncIterable<string>): AsyncGenerator<RawSection> {
  const chunker = new ParagraphChunker();
  for await (const line of splitLines(text)) {
    const done = chunker.push(line);
    if (done !== null) yield { page: null, section: null, text: done };
  }
  const last = chunker.flush();
  if (last !== null) yield { page: null, section: null, text: last };
}
