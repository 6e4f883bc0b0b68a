import { describe, expect, it } from 'vitest';
import { planChunks } from '../../../electron/core/text/chunkText.js';

const byLength = (text: string) => text.length;

describe('planning chunks (the character fallback; the tokenizer path is in ingest.test.ts)', () => {
  it('returns nothing for empty or blank text and one trimmed chunk for short text', () => {
    expect(planChunks('', { maxTokens: 10, overlapTokens: 2, countTokens: byLength })).toEqual([]);
    expect(planChunks(' \n\t ', { maxTokens: 10, overlapTokens: 2, countTokens: byLength })).toEqual([]);
    expect(planChunks('  hello  ', { maxTokens: 10, overlapTokens: 2, countTokens: byLength })).toEqual([
      { start: 2, end: 7, tokenCount: 5 },
    ]);
  });

  it('keeps every chunk within the limit, overlapping, covering the text, ending at sentences', () => {
    const text = Array.from({ length: 80 }, (_, index) => `Sentence number ${index} is here.`).join(' ');
    const spans = planChunks(text, { maxTokens: 200, overlapTokens: 40, countTokens: byLength });
    expect(spans.length).toBeGreaterThan(10);
    const covered = new Uint8Array(text.length);
    spans.forEach((span, index) => {
      expect(span.tokenCount).toBe(span.end - span.start);
      expect(span.tokenCount).toBeLessThanOrEqual(200);
      expect(text.slice(span.start, span.end)).toMatch(/^Sentence|^\S/);
      expect(text.slice(span.start, span.end).endsWith('.')).toBe(true);
      if (index > 0) expect(span.start).toBeLessThan(spans[index - 1]!.end);
      covered.fill(1, span.start, span.end);
    });
    for (let index = 0; index < text.length; index++) if (text[index] !== ' ') expect(covered[index]).toBe(1);
  });

  it('cuts text without any whitespace at the limit, never inside a surrogate pair', () => {
    const text = '\u{1f600}'.repeat(50);
    const spans = planChunks(text, { maxTokens: 7, overlapTokens: 0, countTokens: byLength });
    for (const span of spans) {
      expect(span.tokenCount).toBeLessThanOrEqual(7);
      expect(span.start % 2).toBe(0);
      expect(span.end % 2).toBe(0);
    }
    expect(spans.map((span) => text.slice(span.start, span.end)).join('')).toBe(text);
  });

  it('always makes progress, even when the overlap asks for more than half a chunk', () => {
    const text = 'word '.repeat(400);
    const spans = planChunks(text, { maxTokens: 20, overlapTokens: 50, countTokens: byLength });
    for (let index = 1; index < spans.length; index++) expect(spans[index]!.start).toBeGreaterThan(spans[index - 1]!.start);
    expect(spans.at(-1)!.end).toBe(text.trimEnd().length);
  });
});
