/**
 * Reading order for pages set in columns whose content stream does not read column by column. Most
 * producers write a two-column page one column after the other, and pdf.js's stream order is then
 * right; some write it line by line across the page (left line, right line, ...) or in no order at
 * all, and the text comes out as sentences spliced from two columns. From the items' positions this
 * finds the columns and reads them one after the other, top to bottom.
 *
 * It only acts on strong evidence, so that a page it misreads comes out as it did before: upright,
 * left-to-right text; two or three columns separated by a gutter that nothing crosses over most of
 * the page's text height; columns of lines that fill their width, as prose does (a table's cells do
 * not); and a stream that really leaves that order. Anything else keeps the stream's order.
 */

/** A text item of a page, as pdf.js gives it, reduced to what ordering needs (PDF user space: y grows upward). */
export interface PlacedText {
  text: string;
  /** Where the item's baseline starts. */
  x: number;
  y: number;
  /** Its advance and font height, in the same units. */
  width: number;
  height: number;
  /** pdf.js's `hasEOL`: the producer's line ends after this item. */
  endOfLine: boolean;
  /** Set without rotation or skew, left to right: the only text ordered here. */
  upright: boolean;
}

/** Most items of one page kept for ordering: past it the page keeps its stream order, and memory stays bounded. */
export const maxOrderedItems = 20_000;

/** A gutter's items crossing it cover at most this share of the most covered column's height. */
const maxGutterCoverage = 0.35;
/**
 * A gutter is at least this many times the text's median height wide (LaTeX's narrowest `\columnsep`
 * is 10 pt beside 10 pt type), wider than word spaces that happen to line up; and at least 4 pt.
 */
const minGutterHeights = 0.8;
const minGutterWidth = 4;
/** Each column holds at least this share of the page's characters, and is this share of the text's width. */
const minColumnShare = 0.15;
/** Lines each column needs, across the page, to count as a column of text. */
const minColumnLines = 5;
/** A column's lines fill at least this share of its width, at the median: prose does, table cells and code rarely. */
const minLineFill = 0.8;
/** The narrowest column is at least this share of the widest: a page's columns of text are set alike. */
const minColumnWidthRatio = 0.7;
/** The columns span at least this share of the page's text height. */
const minColumnHeightShare = 0.5;
/**
 * Steps back in reading order the stream may take and still be kept: a title written last, a float or
 * a footnote written where TeX placed it. A stream that interleaves two columns steps back at about
 * every other line.
 */
const maxStreamBackSteps = 3;
const minInterleavedShare = 0.2;
/**
 * A line of prose has no gap between its words wider than this many times its height; a table row
 * has one between its cells. Columns with more than `maxGappedLineShare` of such lines are a table.
 */
const maxWordGap = 1.2;
const maxGappedLineShare = 0.35;

/** Most strips a page's text width is cut into when looking for gutters (a wide poster's are wider than 1 pt). */
const maxStrips = 2_000;

interface Gutter {
  left: number;
  right: number;
}

/** An item's place in reading order: block (top to bottom), column, line, then its place in the stream. */
interface Placed {
  item: PlacedText;
  index: number;
  block: number;
  column: number;
  line: number;
}

/**
 * The page's text read column by column, top to bottom, with a line feed after each line; null when
 * the page is not clearly set in columns, or its stream already reads them in order (its text is then
 * built from the stream, as before).
 */
export function columnReadingOrder(items: readonly PlacedText[]): string | null {
  if (items.length > maxOrderedItems || items.some((item) => !item.upright && item.text.trim() !== '')) return null;
  const ink = items.filter((item) => item.text.trim() !== '' && item.width > 0 && item.height > 0);
  if (ink.length < 2 * minColumnLines) return null;
  const gutters = findGutters(ink);
  if (gutters.length === 0 || gutters.length > 2) return null;
  const placed = placeItems(items, ink, gutters);
  if (!looksLikeColumnsOfProse(placed, gutters.length + 1, ink) || streamFollowsColumns(placed)) return null;
  return renderLines(placed);
}

/**
 * Vertical strips that few items cross, wide enough and with enough text on both sides. The text's
 * width is cut into strips of 1 pt, or into `maxStrips` on a page wider than that, so the work stays
 * bounded whatever coordinates a file gives.
 */
function findGutters(ink: readonly PlacedText[]): Gutter[] {
  const left = Math.min(...ink.map((item) => item.x));
  const right = Math.max(...ink.map((item) => item.x + item.width));
  const strip = Math.max(1, (right - left) / maxStrips);
  const bins = Math.ceil((right - left) / strip);
  if (bins * strip < 4 * minGutterWidth) return [];
  const coverage = new Float64Array(bins);
  for (const item of ink) {
    const first = Math.max(0, Math.floor((item.x - left) / strip));
    const last = Math.min(bins - 1, Math.ceil((item.x + item.width - left) / strip) - 1);
    for (let bin = first; bin <= last; bin++) coverage[bin] = (coverage[bin] ?? 0) + item.height;
  }
  const threshold = maxGutterCoverage * Math.max(...coverage);
  const heights = ink.map((item) => item.height).sort((a, b) => a - b);
  const minWidth = Math.max(minGutterWidth, minGutterHeights * (heights[Math.floor(heights.length / 2)] ?? 0));
  const totalChars = ink.reduce((sum, item) => sum + item.text.length, 0);
  const gutters: Gutter[] = [];
  for (let bin = 0; bin < bins; ) {
    if ((coverage[bin] ?? 0) > threshold) {
      bin++;
      continue;
    }
    let end = bin;
    while (end < bins && (coverage[end] ?? 0) <= threshold) end++;
    const gutter = { left: left + bin * strip, right: left + end * strip };
    const middle = (gutter.left + gutter.right) / 2;
    const charsBefore = ink.filter((item) => item.x + item.width / 2 < middle).reduce((sum, item) => sum + item.text.length, 0);
    const wide = gutter.right - gutter.left >= minWidth;
    if (wide && charsBefore >= minColumnShare * totalChars && totalChars - charsBefore >= minColumnShare * totalChars) gutters.push(gutter);
    bin = end;
  }
  return gutters;
}

/**
 * Each item's block, column and line. Items crossing a gutter (a title, a full-width figure caption, a
 * centred page number) make full-width blocks, with whatever shares their lines; between them, the
 * column blocks. Lines are baselines within half a line's height (a superscript stays in its line).
 */
function placeItems(items: readonly PlacedText[], ink: readonly PlacedText[], gutters: readonly Gutter[]): Placed[] {
  const crosses = (item: PlacedText) => gutters.some((gutter) => item.x < gutter.right - 0.5 && item.x + item.width > gutter.left + 0.5);
  const spans = mergeSpans(ink.filter(crosses).map((item) => ({ top: item.y + item.height, bottom: item.y - 0.25 * item.height })));
  const placed: Placed[] = [];
  for (const [index, item] of items.entries()) {
    if (item.text === '') continue;
    const within = spans.findIndex((span) => item.y >= span.bottom && item.y <= span.top);
    const block = within !== -1 ? 2 * within + 1 : 2 * spans.filter((span) => span.bottom > item.y).length;
    const middle = item.x + item.width / 2;
    const column = within !== -1 ? 0 : gutters.filter((gutter) => (gutter.left + gutter.right) / 2 < middle).length;
    placed.push({ item, index, block, column, line: 0 });
  }
  numberLines(placed);
  return placed;
}

/** Overlapping vertical spans merged, top first. */
function mergeSpans(spans: { top: number; bottom: number }[]): { top: number; bottom: number }[] {
  const merged: { top: number; bottom: number }[] = [];
  for (const span of spans.sort((a, b) => b.top - a.top)) {
    const last = merged.at(-1);
    if (last && span.top >= last.bottom) last.bottom = Math.min(last.bottom, span.bottom);
    else merged.push({ ...span });
  }
  return merged;
}

/** Numbers the lines of each block and column, top first. */
function numberLines(placed: Placed[]): void {
  const byBaseline = [...placed].sort((a, b) => a.block - b.block || a.column - b.column || b.item.y - a.item.y);
  let line = 0;
  let previous: Placed | undefined;
  let lineY = 0;
  let lineHeight = 0;
  for (const entry of byBaseline) {
    const sameGroup = previous !== undefined && previous.block === entry.block && previous.column === entry.column;
    const tolerance = 0.5 * Math.max(lineHeight, entry.item.height, 1);
    if (!sameGroup || lineY - entry.item.y > tolerance) {
      line++;
      lineY = entry.item.y;
      lineHeight = entry.item.height;
    } else {
      lineHeight = Math.max(lineHeight, entry.item.height);
    }
    entry.line = line;
    previous = entry;
  }
}

/**
 * Whether every column holds enough lines that fill its width, the columns are a fair share of the
 * text's width, and the column blocks span most of the text's height.
 */
function looksLikeColumnsOfProse(placed: readonly Placed[], columns: number, ink: readonly PlacedText[]): boolean {
  const lines = new Map<number, { column: number; block: number; left: number; right: number; top: number; bottom: number }>();
  const gapped = new Set(gappedLines(placed));
  for (const { item, block, column, line } of placed) {
    if (block % 2 === 1 || item.text.trim() === '' || item.width <= 0) continue;
    const bounds = lines.get(line);
    if (!bounds) lines.set(line, { column, block, left: item.x, right: item.x + item.width, top: item.y + item.height, bottom: item.y });
    else {
      bounds.left = Math.min(bounds.left, item.x);
      bounds.right = Math.max(bounds.right, item.x + item.width);
      bounds.top = Math.max(bounds.top, item.y + item.height);
      bounds.bottom = Math.min(bounds.bottom, item.y);
    }
  }
  const textLeft = Math.min(...ink.map((item) => item.x));
  const textWidth = Math.max(...ink.map((item) => item.x + item.width)) - textLeft;
  const textHeight = Math.max(...ink.map((item) => item.y + item.height)) - Math.min(...ink.map((item) => item.y));
  const widths: number[] = [];
  for (let column = 0; column < columns; column++) {
    const own = [...lines.values()].filter((bounds) => bounds.column === column);
    if (own.length < minColumnLines) return false;
    const width = Math.max(...own.map((bounds) => bounds.right)) - Math.min(...own.map((bounds) => bounds.left));
    if (width < minColumnShare * textWidth) return false;
    widths.push(width);
    const fills = own.map((bounds) => (bounds.right - bounds.left) / width).sort((a, b) => a - b);
    if ((fills[Math.floor(fills.length / 2)] ?? 0) < minLineFill) return false;
    const ownLines = [...lines.entries()].filter(([, bounds]) => bounds.column === column).map(([line]) => line);
    if (ownLines.filter((line) => gapped.has(line)).length > maxGappedLineShare * ownLines.length) return false;
  }
  if (Math.min(...widths) < minColumnWidthRatio * Math.max(...widths)) return false;
  const blockHeights = new Map<number, { top: number; bottom: number }>();
  for (const bounds of lines.values()) {
    const height = blockHeights.get(bounds.block);
    if (!height) blockHeights.set(bounds.block, { top: bounds.top, bottom: bounds.bottom });
    else [height.top, height.bottom] = [Math.max(height.top, bounds.top), Math.min(height.bottom, bounds.bottom)];
  }
  const columnHeight = [...blockHeights.values()].reduce((sum, { top, bottom }) => sum + top - bottom, 0);
  return columnHeight >= minColumnHeightShare * textHeight;
}

/** The lines with a gap between two of their items wider than a word space can stretch: table rows. */
function gappedLines(placed: readonly Placed[]): number[] {
  const byLine = new Map<number, PlacedText[]>();
  for (const { item, line } of placed) {
    if (item.text.trim() === '' || item.width <= 0) continue;
    const items = byLine.get(line);
    if (items) items.push(item);
    else byLine.set(line, [item]);
  }
  return [...byLine.entries()]
    .filter(([, items]) => {
      const sorted = items.sort((a, b) => a.x - b.x);
      let reach = sorted[0] ? sorted[0].x + sorted[0].width : 0;
      for (const item of sorted.slice(1)) {
        if (item.x - reach > maxWordGap * Math.max(item.height, 1)) return true;
        reach = Math.max(reach, item.x + item.width);
      }
      return false;
    })
    .map(([line]) => line);
}

/** Whether the stream already reads block by block, column by column (a few steps back aside). */
function streamFollowsColumns(placed: readonly Placed[]): boolean {
  let backSteps = 0;
  let previous: Placed | undefined;
  for (const entry of placed) {
    if (entry.item.text.trim() === '') continue;
    // Only steps back to an earlier column or block: lines out of order within a column (a display
    // equation's sub- and superscripts) are the producer's business, and read as they were.
    if (previous && (entry.block - previous.block || entry.column - previous.column) < 0) backSteps++;
    previous = entry;
  }
  const lines = new Set(placed.map((entry) => entry.line)).size;
  return backSteps <= Math.max(maxStreamBackSteps, minInterleavedShare * lines);
}

function compareReadingOrder(a: Placed, b: Placed): number {
  return a.block - b.block || a.column - b.column || a.line - b.line;
}

/**
 * The items in reading order, a line feed after each line; within a line, left to right (the stream's
 * order where two start at the same place: an accent and its letter). Where the producer ended its line
 * inside one of these lines, or left a gap without a space, a space keeps the words apart.
 */
function renderLines(placed: readonly Placed[]): string {
  const ordered = [...placed].sort((a, b) => compareReadingOrder(a, b) || a.item.x - b.item.x || a.index - b.index);
  let text = '';
  let previous: Placed | undefined;
  for (const entry of ordered) {
    if (previous && previous.line !== entry.line) text += '\n';
    else if (previous && needsSpace(previous.item, entry.item)) text += ' ';
    text += entry.item.text;
    previous = entry;
  }
  return text;
}

function needsSpace(before: PlacedText, after: PlacedText): boolean {
  if (/\s$/.test(before.text) || /^\s/.test(after.text)) return false;
  const gap = after.x - (before.x + before.width);
  return before.endOfLine || gap > 0.25 * Math.max(before.height, after.height);
}

/** A pdf.js text item (its `str` a string) as ordering reads it; an item without a usable position counts as not upright. */
export function toPlacedText(item: { str: string } & Partial<Record<'transform' | 'width' | 'height' | 'hasEOL' | 'dir', unknown>>): PlacedText {
  const transform = Array.isArray(item.transform) && item.transform.length === 6 && item.transform.every(Number.isFinite) ? (item.transform as number[]) : null;
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = transform ?? [];
  const width = typeof item.width === 'number' && Number.isFinite(item.width) ? item.width : 0;
  const height = typeof item.height === 'number' && Number.isFinite(item.height) ? item.height : 0;
  // Skew or rotation beyond rounding: vertical or rotated text keeps the stream's order.
  const upright = transform !== null && a > 0 && d > 0 && Math.abs(b) < 1e-3 * a && Math.abs(c) < 1e-3 * d && item.dir !== 'rtl' && item.dir !== 'ttb';
  return { text: item.str, x, y, width, height, endOfLine: item.hasEOL === true, upright };
}
