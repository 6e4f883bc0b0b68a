import { describe, expect, it } from 'vitest';
import { findPassage } from '../../../renderer/src/features/documents/passageMatch.js';
import { pageHeading } from '../../../renderer/src/features/documents/pageHeading.js';

/** Text items as pdf.js gives them for a page: a line in pieces, a word cut at a line end, a ligature. */
const items = [
  'Section 3: Termination',
  'Either party may end this agreement on ninety days no-',
  'tice in writing. The notice runs from the day it is re-',
  'ceived. Payments due before the end are still owed; the ﬁnal',
  ' invoice follows within 30 days.',
  'Section 4: Law',
];

describe('finding a stored passage in the text layer of a drawn page', () => {
  it('finds the passage as stored (hyphenation rejoined, lines and spaces anew, NFKC) across the items that hold it', () => {
    expect(findPassage(items, 'ninety days notice in writing. The notice runs from the day it is received.')).toEqual({ first: 1, last: 3 });
    expect(findPassage(items, 'Payments due before the end are still owed; the final invoice follows')).toEqual({ first: 3, last: 4 });
  });

  it('finds a passage by its first and last words when the middle reads differently', () => {
    const stored = 'Either party may end this agreement on ninety days notice [table omitted] day it is received. Payments due before the end are still owed';
    expect(findPassage(items, stored)).toEqual({ first: 1, last: 3 });
  });

  it('marks from the first words, or up to the last, when only one end reads the same', () => {
    const headOnly = 'Either party may end this agreement on ninety days notice, as [a footnote the reader kept] says';
    expect(findPassage(items, headOnly)).toEqual({ first: 1, last: 2 });
    const tailOnly = '[a heading the reader kept] The notice runs from the day it is received. Payments due before the end';
    expect(findPassage(items, tailOnly)).toEqual({ first: 1, last: 3 });
  });

  it('finds nothing rather than guessing', () => {
    expect(findPassage(items, 'A passage from another page altogether, with none of these words in this order.')).toBeNull();
    expect(findPassage(items, '   ')).toBeNull();
    expect(findPassage([], 'ninety days')).toBeNull();
  });
});

describe('naming a page in the viewer', () => {
  it('says the printed page and the PDF page where they differ, as citations do', () => {
    expect(pageHeading(1125, '1109', 2415)).toBe('Page 1109 (PDF page 1,125 of 2,415)');
    expect(pageHeading(5, '1', 6)).toBe('Page 1 (PDF page 5 of 6)');
    expect(pageHeading(3, '3', 4)).toBe('Page 3 of 4');
    expect(pageHeading(3, null, null)).toBe('Page 3');
  });
});
