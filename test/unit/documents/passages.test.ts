import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { createCollection } from '../../../electron/core/documents/store/collections.js';
import { insertChunks, insertDocument, markDocumentReady, type NewChunk } from '../../../electron/core/documents/store/documents.js';
import { readDocumentSections, readPassage, stitch } from '../../../electron/core/documents/store/passages.js';

/** Overlapping chunks of `text` at the given [start, end) spans, as the chunker stores them. */
function chunksOf(text: string, spans: [number, number][], page: number | null, base = 0, firstOrdinal = 0): NewChunk[] {
  return spans.map(([start, end], index) => ({
    ordinal: firstOrdinal + index,
    page,
    section: null,
    charStart: base + start,
    charEnd: base + end,
    tokenCount: end - start,
    text: text.slice(start, end),
  }));
}

describe('rebuilding text from stored chunks', () => {
  it('joins overlapping chunks into the original text and fills trimmed gaps, keeping offsets', () => {
    const text = 'Alpha beta gamma.\n\nDelta epsilon zeta.';
    const rows = chunksOf(text, [[0, 17], [11, 17], [19, 38]], 1, 100).map((chunk, id) => ({
      id,
      ordinal: chunk.ordinal,
      page: chunk.page,
      section: chunk.section,
      char_start: chunk.charStart,
      char_end: chunk.charEnd,
      text: chunk.text,
    }));
    expect(stitch(rows)).toEqual({ text, charStart: 100 });
  });

  it('shows a passage on its page with the highlight exactly on the passage, and sections for re-indexing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-passages-'));
    const db = openDatabase(path.join(dir, 'enclave.db'));
    try {
      const collection = createCollection(db, 'C');
      const document = insertDocument(db, { collectionId: collection.id, sha256: 'a', fileName: 'a.pdf', path: '/a.pdf', format: 'pdf', sizeBytes: 1 });
      const page1 = 'Page one text about fees.';
      const page2 = 'Termination requires ninety days notice. Either party may terminate in writing.';
      const ids = insertChunks(
        db,
        document.id,
        [...chunksOf(page1, [[0, 25]], 1), ...chunksOf(page2, [[0, 40], [41, 80]], 2, 27, 1)],
        null,
      );
      markDocumentReady(db, document.id, 2);

      const passage = readPassage(db, ids[2]!);
      expect(passage).toMatchObject({ fileName: 'a.pdf', page: 2, pageCount: 2, text: page2 });
      expect(passage.text.slice(passage.highlightStart, passage.highlightEnd)).toBe('Either party may terminate in writing.');
      expect(readDocumentSections(db, document.id)).toEqual([
        { page: 1, section: null, text: page1, charStart: 0 },
        { page: 2, section: null, text: page2, charStart: 27 },
      ]);
      expect(() => readPassage(db, 9999)).toThrow(/no longer in the library/);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
