import { describe, expect, it } from 'vitest';
import { columnReadingOrder, maxOrderedItems, type PlacedText, toPlacedText } from '../../../electron/core/documents/parse/readingOrder.js';

/** Width of one character of the synthetic 10 pt font, in points. */
const charWidth = 5;
const fontSize = 10;

/**
 * A line as pdf.js gives it: one item per word with a space item between, the last one ending the
 * producer's line. `width` stretches the spaces, as justified prose does, to fill that many points.
 */
function line(text: string, x: number, y: number, width?: number): PlacedText[] {
  const words = text.split(' ');
  const letters = words.join('').length;
  const space = words.length > 1 && width !== undefined ? (width - letters * charWidth) / (words.length - 1) : charWidth;
  const items: PlacedText[] = [];
  let at = x;
  for (const [index, word] of words.entries()) {
    const last = index === words.length - 1;
    items.push({ text: word, x: at, y, width: word.length * charWidth, height: fontSize, endOfLine: last, upright: true });
    at += word.length * charWidth;
    if (!last) {
      items.push({ text: ' ', x: at, y, width: space, height: 0, endOfLine: false, upright: true });
      at += space;
    }
  }
  return items;
}

/** Prose cut into lines of at most `perLine` characters, at word boundaries. */
function column(prose: string, perLine: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of prose.split(' ')) {
    if (current !== '' && current.length + word.length + 1 > perLine) {
      lines.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') lines.push(current);
  return lines;
}

const leftProse =
  'The committee met on Tuesday to review the coolant pump failures reported by the night shift, and agreed that ' +
  'every seal on the primary loop will be replaced before the winter maintenance window closes at the end of ' +
  'November, whatever the cost of the parts turns out to be this year.';
const rightProse =
  'Meanwhile the visitors from the harbour office asked about the ferry timetable, which changes in spring when ' +
  'the northern route reopens and the small boats return to the island, bringing tourists, letters and fresh ' +
  'bread from the mainland bakeries twice a day.';

const leftLines = column(leftProse, 44);
const rightLines = column(rightProse, 44);
/** Line pitch, and where each column starts and how wide it is. */
const pitch = 12;
const left = { x: 50, width: 230 };
const right = { x: 310, width: 230 };

function justified(lines: readonly string[], at: { x: number; width: number }, top: number): PlacedText[][] {
  // The last line of a paragraph is not stretched.
  return lines.map((text, index) => line(text, at.x, top - index * pitch, index < lines.length - 1 ? at.width : undefined));
}

/** Lines of text as one string, to compare with a reading: words in order, line ends as spaces. */
function words(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

describe('reading order on pages set in columns', () => {
  it('reads interleaved columns one after the other, so a sentence running down a column stays whole', () => {
    const leftColumn = justified(leftLines, left, 700);
    const rightColumn = justified(rightLines, right, 700);
    // The producer writes across the page: left line, right line, left line ...
    const stream = leftColumn.flatMap((leftLine, index) => [...leftLine, ...(rightColumn[index] ?? [])]);
    const ordered = columnReadingOrder(stream);
    expect(ordered).not.toBeNull();
    expect(words(ordered!)).toBe(`${leftProse} ${rightProse}`);
    expect(ordered!.split('\n')).toEqual([...leftLines, ...rightLines]);
  });

  it('reads text given in no order at all, line by line within each column', () => {
    const items = [...justified(leftLines, left, 700), ...justified(rightLines, right, 700)].flat();
    // A fixed shuffle: every item somewhere else.
    const shuffled = items.map((item, index) => ({ item, key: (index * 7919) % items.length })).sort((a, b) => a.key - b.key).map(({ item }) => item);
    expect(words(columnReadingOrder(shuffled)!)).toBe(`${leftProse} ${rightProse}`);
  });

  it('puts a full-width title above the two columns first', () => {
    const title = line('Annual report of the harbour and plant committees', 150, 760);
    const leftColumn = justified(leftLines, left, 700);
    const rightColumn = justified(rightLines, right, 700);
    const stream = [...leftColumn.flatMap((leftLine, index) => [...leftLine, ...(rightColumn[index] ?? [])]), ...title];
    expect(words(columnReadingOrder(stream)!)).toBe(`Annual report of the harbour and plant committees ${leftProse} ${rightProse}`);
  });

  it('keeps the stream order of a page whose stream already reads column by column', () => {
    const stream = [...justified(leftLines, left, 700), ...justified(rightLines, right, 700)].flat();
    expect(columnReadingOrder(stream)).toBeNull();
  });

  it('leaves a one-column page alone, in whatever order its stream has it', () => {
    const lines = column(`${leftProse} ${rightProse}`, 96);
    const page = justified(lines, { x: 50, width: 490 }, 700);
    expect(columnReadingOrder(page.flat())).toBeNull();
    expect(columnReadingOrder([...page].reverse().flat())).toBeNull();
  });

  it('does not split a table with narrow gutters into columns, streamed row by row', () => {
    const cells = ['Pump', 'P-101', 'primary', '2019', 'seal', 'replaced'];
    const rows = Array.from({ length: 24 }, (_, row) =>
      cells.flatMap((cell, index) => line(`${cell}${row}`, 50 + index * 85, 700 - row * pitch)),
    );
    expect(columnReadingOrder(rows.flat())).toBeNull();
    // Two wide columns of cells with a gutter as narrow as LaTeX's tabular leaves (12 pt) between them.
    const twoColumns = Array.from({ length: 24 }, (_, row) => [
      ...line(`Valve ${row} on the primary loop`, 50, 700 - row * pitch),
      ...line(`checked ${row} times`, 280, 700 - row * pitch),
    ]);
    expect(columnReadingOrder(twoColumns.flat())).toBeNull();
  });

  it('leaves a page with rotated or right-to-left text in stream order', () => {
    const leftColumn = justified(leftLines, left, 700);
    const rightColumn = justified(rightLines, right, 700);
    const stream = leftColumn.flatMap((leftLine, index) => [...leftLine, ...(rightColumn[index] ?? [])]);
    const rotated = toPlacedText({ str: 'DRAFT', transform: [0, 10, -10, 0, 20, 400], width: 25, height: 10, dir: 'ltr' });
    expect(rotated.upright).toBe(false);
    expect(columnReadingOrder([...stream, rotated])).toBeNull();
    const hebrew = toPlacedText({ str: 'שלום', transform: [10, 0, 0, 10, 300, 100], width: 20, height: 10, dir: 'rtl' });
    expect(columnReadingOrder([...stream, hebrew])).toBeNull();
  });

  it('gives up on a page with more items than it keeps', () => {
    const many = Array.from({ length: maxOrderedItems + 1 }, (_, index) => line('x', 50 + (index % 2) * 260, 700 - Math.floor(index / 2) * 0.01)[0]!);
    expect(columnReadingOrder(many)).toBeNull();
  });

  it('bounds its work on coordinates far off any page', () => {
    const leftColumn = justified(leftLines, left, 700);
    const rightColumn = justified(rightLines, right, 700);
    const stream = leftColumn.flatMap((leftLine, index) => [...leftLine, ...(rightColumn[index] ?? [])]);
    const far = line('stray', 1e12, 700);
    const started = performance.now();
    expect(columnReadingOrder([...stream, ...far])).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('reads a pdf.js item: position from its transform, its line end, whether it is upright', () => {
    expect(toPlacedText({ str: 'Hello', transform: [10, 0, 0, 10, 72, 700], width: 25, height: 10, hasEOL: true, dir: 'ltr' })).toEqual({
      text: 'Hello',
      x: 72,
      y: 700,
      width: 25,
      height: 10,
      endOfLine: true,
      upright: true,
    });
    expect(toPlacedText({ str: 'odd' }).upright).toBe(false);
  });
});
