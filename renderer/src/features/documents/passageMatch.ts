/**
 * Finds a stored passage among the text items pdf.js lays over a drawn page. The stored text is not
 * the page's text item for item: it was normalised (NFKC), words cut at a line end were rejoined, and
 * lines and spaces were laid out anew. So both sides are compared as their letters only: NFKC, lower
 * case, without white space or hyphens. The whole passage is looked for first; failing that, its
 * first and last words mark where it starts and ends; failing both, nothing is marked.
 */

/** The items of a page, first to last, that hold the passage; null when it cannot be found. */
export interface ItemRange {
  first: number;
  last: number;
}

/** Letters compared: white space, hyphens (hard, soft, non-breaking) and dashes are left out. */
const ignored = /[\s\u00ad\u2010-\u2015-]/u;
/** How many letters of each end locate a passage the page does not hold letter for letter. */
const endLength = 40;

interface PageKey {
  letters: string;
  /** The item each letter of `letters` came from. */
  items: number[];
}

function keyOf(text: string): string {
  let key = '';
  for (const char of text.normalize('NFKC').toLowerCase()) if (!ignored.test(char)) key += char;
  return key;
}

function pageKey(items: readonly string[]): PageKey {
  let letters = '';
  const owners: number[] = [];
  items.forEach((item, index) => {
    for (const char of keyOf(item)) {
      letters += char;
      // A letter outside the basic plane counts twice in a string's length, so it is recorded twice.
      for (let unit = 0; unit < char.length; unit += 1) owners.push(index);
    }
  });
  return { letters, items: owners };
}

export function findPassage(items: readonly string[], passage: string): ItemRange | null {
  const wanted = keyOf(passage);
  if (wanted.length === 0) return null;
  const page = pageKey(items);
  const span = (start: number, end: number): ItemRange => ({ first: page.items[start] ?? 0, last: page.items[Math.max(start, end - 1)] ?? 0 });

  const whole = page.letters.indexOf(wanted);
  if (whole >= 0) return span(whole, whole + wanted.length);

  const head = wanted.slice(0, endLength);
  const tail = wanted.slice(-endLength);
  const start = page.letters.indexOf(head);
  const tailAt = page.letters.indexOf(tail, start >= 0 ? start : 0);
  if (start >= 0 && tailAt >= start) return span(start, tailAt + tail.length);
  // Only one end on this page (a passage running over onto the next, or a line the reader read apart).
  if (start >= 0) return span(start, Math.min(page.letters.length, start + wanted.length));
  if (tailAt >= 0) return span(Math.max(0, tailAt + tail.length - wanted.length), tailAt + tail.length);
  return null;
}
