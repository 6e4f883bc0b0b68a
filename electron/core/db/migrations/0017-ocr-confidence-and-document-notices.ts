import type { Migration } from './index.js';

/**
 * What a document's text really is. A chunk read by OCR keeps Tesseract's confidence for its page
 * (null for text the document itself carries), and so does the sources snapshot of a reply, for
 * citations like "page 6 (OCR, 91 %)". A document imported despite something the user should know (its
 * owner restricts copying its text, pages stayed unreadable) keeps those notices as a JSON array of
 * short lines, `[]` for the rest, as every document before this version.
 */
export const migration0017OcrConfidenceAndDocumentNotices: Migration = {
  version: 17,
  name: 'ocr-confidence-and-document-notices',
  up(db) {
    db.exec(`
      ALTER TABLE chunks ADD COLUMN ocr_confidence REAL CHECK (ocr_confidence IS NULL OR ocr_confidence BETWEEN 0 AND 100);
      ALTER TABLE message_sources ADD COLUMN ocr_confidence REAL CHECK (ocr_confidence IS NULL OR ocr_confidence BETWEEN 0 AND 100);
      ALTER TABLE documents ADD COLUMN notices TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notices) AND json_type(notices) = 'array');
    `);
  },
};
