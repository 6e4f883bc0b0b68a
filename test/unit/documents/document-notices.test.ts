import { describe, expect, it } from 'vitest';
import { documentNoticesSchema } from '../../../electron/shared/documents.js';
import { DocumentNoticeCollector } from '../../../electron/core/documents/parse/documentNotices.js';
import type { DocumentNotice } from '../../../electron/core/documents/parse/types.js';

function said(notices: readonly DocumentNotice[]): string[] {
  const collector = new DocumentNoticeCollector();
  for (const notice of notices) collector.add(notice);
  const lines = collector.notices();
  // Whatever the reader noticed, what is stored fits the stored form.
  expect(documentNoticesSchema.safeParse(lines).success).toBe(true);
  return lines;
}

const noText = (page: number): DocumentNotice => ({ kind: 'page-unreadable', page, reason: 'no-text' });

describe('document notices: what a reader noticed, said in a few bounded lines', () => {
  it('says nothing about a document with nothing to say', () => {
    expect(said([])).toEqual([]);
  });

  it('names one unreadable page, and collapses consecutive ones into a range', () => {
    expect(said([noText(6)])).toEqual(['page 6: no text found']);
    expect(said(Array.from({ length: 35 }, (_, index) => noText(6 + index)))).toEqual(['pages 6-40: no text found']);
    expect(said([noText(3), noText(6), noText(7), noText(8), noText(12)])).toEqual(['pages 3, 6-8 and 12: no text found']);
  });

  it('keeps a 2,000-page scan of blank pages to one short line, counting what it does not name', () => {
    // Every other page: the worst case for ranges, 1,000 of them.
    const lines = said(Array.from({ length: 1000 }, (_, index) => noText(2 * index + 1)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('pages 1, 3, 5, 7, 9, 11, 13, 15 and 992 more pages: no text found');
    expect(said(Array.from({ length: 2000 }, (_, index) => noText(index + 1)))).toEqual(['pages 1-2000: no text found']);
  });

  it('puts the owner\'s copy restriction first, and says which pages OCR could not read reliably', () => {
    const lines = said([
      noText(2),
      { kind: 'page-unreadable', page: 4, reason: 'low-confidence', ocrConfidence: 21.5 },
      { kind: 'copy-restricted' },
      { kind: 'copy-restricted' },
    ]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^Its owner restricts copying its text\. Enclave indexed it so you can search and cite it/);
    expect(lines[1]).toBe('page 2: no text found');
    expect(lines[2]).toBe('page 4: too unclear for OCR to read (confidence under 50 %), not indexed');
  });
});
