import { type RawSection } from './types.js';
import { ParagraphChunker, splitLines } from './textChunks.js';

const atxHeading = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const fence = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Markdown in sections that follow its headings: each section's `section` is the heading path
 * ("Guide > Install"), and a long section is split further at paragraph breaks. The text keeps the
 * Markdown as written (minus the heading marks), which is what people search for.
 */
export async function* extractMarkdown(text: AsyncIterable<string>): AsyncGenerator<RawSection> {
  const headings: string[] = [];
  let chunker = new ParagraphChunker();
  let openFence: string | null = null;
  const sectionName = (): string | null => {
    const path = headings.filter((title) => title !== '');
    return path.length === 0 ? null : path.join(' > ');
  };

  for await (const line of splitLines(text)) {
    const fenceMatch = fence.exec(line);
    if (fenceMatch?.[1] !== undefined) {
      const marker = fenceMatch[1];
      if (openFence === null) openFence = marker;
      else if (marker[0] === openFence[0] && marker.length >= openFence.length) openFence = null;
    }
    const heading = openFence === null ? atxHeading.exec(line) : null;
    if (heading?.[1] !== undefined) {
      const previous = chunker.flush();
      if (previous !== null) yield { page: null, section: sectionName(), text: previous };
      chunker = new ParagraphChunker();
      const level = heading[1].length;
      const title = (heading[2] ?? '').trim();
      headings.length = Math.min(headings.length, level - 1);
      // An empty heading ("#" alone) keeps its level but adds no name to the path.
      headings.push(title);
      chunker.push(title);
      continue;
    }
    const done = chunker.push(line);
    if (done !== null) yield { page: null, section: sectionName(), text: done };
  }
  const last = chunker.flush();
  if (last !== null) yield { page: null, section: sectionName(), text: last };
}
