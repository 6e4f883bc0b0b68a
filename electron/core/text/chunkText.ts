/** One chunk of a text, as character offsets into it (UTF-16 code units, `[start, end)`). */
export interface ChunkSpan {
  start: number;
  end: number;
  /** The size of `text.slice(start, end)` in the unit `countTokens` measures. */
  tokenCount: number;
}

export interface ChunkPlanOptions {
  /** No chunk measures more than this (a single unsplittable character aside, which cannot happen with a tokenizer). */
  maxTokens: number;
  /** How much of the end of one chunk the next one repeats, so a sentence cut in two is whole in one of them. */
  overlapTokens: number;
  /** The size of a piece of text: the embedding model's token count, or its length for the character fallback. */
  countTokens: (text: string) => number;
}

/** How far back from the limit (a share of the chunk) a break at a paragraph, sentence or word may move its end. */
const boundarySearchShare = 0.5;

/**
 * Splits `text` into chunks of at most `maxTokens`, each overlapping the previous by about
 * `overlapTokens`, preferring to end at a paragraph, then a sentence, then a word. Offsets are chosen
 * first and the exact slice is measured, so `text.slice(start, end)` is always what was counted and
 * embedded; leading and trailing whitespace is left out of every chunk. Only slices near one chunk in
 * size are ever measured, so a long text costs about log(chunk size) measurements per chunk.
 */
export function planChunks(text: string, options: ChunkPlanOptions): ChunkSpan[] {
  const maxTokens = Math.max(1, Math.floor(options.maxTokens));
  const overlapTokens = Math.min(Math.max(0, Math.floor(options.overlapTokens)), Math.floor(maxTokens / 2));
  const measure = (start: number, end: number) => options.countTokens(text.slice(start, end));
  const spans: ChunkSpan[] = [];
  let start = skipWhitespace(text, 0);
  while (start < text.length) {
    const limit = longestFit(text, start, maxTokens, measure);
    let end = limit === text.length ? limit : preferredBreak(text, start, limit);
    end = trimEnd(text, start, end);
    let tokenCount = measure(start, end);
    // Tokenizers are not perfectly monotone: a shorter slice can, rarely, measure more.
    while (tokenCount > maxTokens && end > start + 1) {
      end = trimEnd(text, start, safeCut(text, end - 1));
      tokenCount = measure(start, end);
    }
    if (end <= start) {
      end = safeCut(text, Math.min(text.length, start + 1), true);
      tokenCount = measure(start, end);
    }
    spans.push({ start, end, tokenCount });
    if (end >= trimEnd(text, start, text.length)) break;
    const next = overlapTokens === 0 ? end : overlapStart(text, start, end, overlapTokens, measure);
    start = skipWhitespace(text, next > start ? next : end);
  }
  return spans;
}

/** The largest `end` with `text.slice(start, end)` within `maxTokens`: galloping, then bisection. */
function longestFit(text: string, start: number, maxTokens: number, measure: (a: number, b: number) => number): number {
  let fits = start;
  let step = Math.max(16, maxTokens * 4);
  let tooLong = -1;
  while (tooLong < 0) {
    const candidate = Math.min(text.length, fits + step);
    if (measure(start, candidate) <= maxTokens) {
      fits = candidate;
      if (candidate === text.length) return candidate;
      step *= 2;
    } else {
      tooLong = candidate;
    }
  }
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (measure(start, middle) <= maxTokens) fits = middle;
    else tooLong = middle;
  }
  return safeCut(text, fits);
}

/** The best break at or before `limit`: a blank line, a line end, a sentence end, then any whitespace. */
function preferredBreak(text: string, start: number, limit: number): number {
  const floor = limit - Math.floor((limit - start) * boundarySearchShare);
  const window = text.slice(floor, limit + 1);
  for (const pattern of [/\n\s*\n/g, /\n/g, /[.!?;:]["')\]]?\s/g, /\s/g]) {
    let last = -1;
    for (const match of window.matchAll(pattern)) {
      const cut = floor + match.index + (pattern.source.startsWith('\\n') ? 0 : match[0].length - 1);
      if (cut <= limit && cut > start) last = cut;
    }
    if (last > start) return last;
  }
  return limit;
}

/** Where the next chunk starts: the latest word start that leaves about `overlapTokens` of the chunk before `end`. */
function overlapStart(
  text: string,
  start: number,
  end: number,
  overlapTokens: number,
  measure: (a: number, b: number) => number,
): number {
  let low = start + 1;
  let high = end;
  // The smallest offset whose tail [offset, end) still holds `overlapTokens`: tails shrink as offsets grow.
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (measure(middle, end) >= overlapTokens) low = middle + 1;
    else high = middle;
  }
  let cut = Math.max(start + 1, low - 1);
  // Begin the overlap at a word, not inside one.
  while (cut < end && !/\s/.test(text[cut - 1] ?? ' ')) cut++;
  return cut >= end ? end : safeCut(text, cut, true);
}

function skipWhitespace(text: string, index: number): number {
  let position = index;
  while (position < text.length && /\s/.test(text.charAt(position))) position++;
  return position;
}

function trimEnd(text: string, start: number, end: number): number {
  let position = end;
  while (position > start && /\s/.test(text.charAt(position - 1))) position--;
  return position;
}

/** Never cut between the two halves of a surrogate pair (an emoji, say): move the cut before it, or after with `forward`. */
function safeCut(text: string, index: number, forward = false): number {
  const code = text.charCodeAt(index);
  if (index > 0 && index < text.length && code >= 0xdc00 && code <= 0xdfff) return forward ? index + 1 : index - 1;
  return index;
}
