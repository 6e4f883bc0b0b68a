import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { DocumentFile } from '../../../electron/core/documents/parse/fileSource.js';
import { extractPdf } from '../../../electron/core/documents/parse/pdf.js';
import { columnReadingOrder, type PlacedText, toPlacedText } from '../../../electron/core/documents/parse/readingOrder.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/documents');
/** A two-column article page (elsarticle's 5p sample, page 2; see the fixtures' README.md). */
const twoColumns = path.join(fixtures, 'elsarticle-elstest-5p-page-2.pdf');
/** One-column pdfTeX manuals. */
const oneColumn = ['asymptote-CAD.pdf', 'octave-liboctave-pages-1-6.pdf'].map((name) => path.join(fixtures, name));

/** Sentences that run down the left and the right column of the two-column page, over several lines. */
const leftSentence = 'If one of the Mie resonances is in resonance with the QE one can expect formation of the new type of polariton.';
const rightSentence = 'Below we compare the evanescent quadrupole polariton and conventional bulk quadrupole polariton in cuprous oxide.';

async function extractText(file: string): Promise<string[]> {
  const opened = await DocumentFile.open(file);
  try {
    const pages: string[] = [];
    for await (const section of extractPdf(opened, undefined)) pages.push(section.text);
    return pages;
  } finally {
    await opened.close();
  }
}

/** Each page's text items, as pdf.js streams them, placed as the reader places them. */
async function pageItems(file: string): Promise<PlacedText[][]> {
  const document = await getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const pages: PlacedText[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      pages.push(content.items.flatMap((item) => ('str' in item ? [toPlacedText(item)] : [])));
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

/** Line ends and hyphens at them out, as a reader of the passage would see it. */
function asProse(text: string): string {
  return text.replace(/-\n/g, '').replace(/\s+/g, ' ');
}

describe('reading order of real PDFs', () => {
  it('finds sentences that run down either column of a two-column page intact', async () => {
    const [page] = await extractText(twoColumns);
    expect(asProse(page!)).toContain(leftSentence);
    expect(asProse(page!)).toContain(rightSentence);
  });

  it('keeps the stream order of pages that need no reordering: their text is as before', async () => {
    // pdfTeX writes a two-column page column by column, and one-column pages have no columns at all:
    // every page reads from the stream, exactly as before reading order existed.
    for (const file of [twoColumns, ...oneColumn]) {
      for (const [index, items] of (await pageItems(file)).entries()) {
        expect(columnReadingOrder(items), `${path.basename(file)} page ${index + 1}`).toBeNull();
      }
    }
  });

  it('reads the same page column by column when its items come interleaved across the columns', async () => {
    const [items] = await pageItems(twoColumns);
    // As a producer that writes across the page would: line by line, left to right, top down.
    const interleaved = [...items!].sort((a, b) => Math.round(b.y) - Math.round(a.y) || a.x - b.x);
    const streamed = interleaved.map((item) => item.text + (item.endOfLine ? '\n' : '')).join('');
    expect(asProse(streamed)).not.toContain(rightSentence);
    const ordered = columnReadingOrder(interleaved);
    expect(ordered).not.toBeNull();
    expect(asProse(ordered!)).toContain(leftSentence);
    expect(asProse(ordered!)).toContain(rightSentence);
    // The left column is read whole before the right one begins.
    expect(asProse(ordered!).indexOf(leftSentence)).toBeLessThan(asProse(ordered!).indexOf('by dielectric mismatch on the PMS surface'));
  });
});
