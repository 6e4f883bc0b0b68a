import { describe, expect, it } from 'vitest';
import { ocrCitation, pageCitation } from '../../../electron/shared/documents.js';
import { passageLocation } from '../../../electron/cli/documentText.js';

describe('citations of text read by OCR say so, with its confidence', () => {
  it('marks a page read by OCR, rounded to a whole percent', () => {
    expect(pageCitation({ page: 6, ocrConfidence: 91.4 })).toBe('page 6 (OCR, 91 %)');
    expect(pageCitation({ page: 14, pageLabel: 'xii', ocrConfidence: 90.6 })).toBe('p. xii (PDF page 14; OCR, 91 %)');
  });

  it('leaves text the document carries as it was', () => {
    expect(pageCitation({ page: 3 })).toBe('page 3');
    expect(pageCitation({ page: 3, ocrConfidence: null })).toBe('page 3');
    expect(pageCitation({ page: 1125, pageLabel: '1109', ocrConfidence: null })).toBe('p. 1109 (PDF page 1125)');
    expect(pageCitation({ page: null, ocrConfidence: 88 })).toBeNull();
    expect(ocrCitation({ ocrConfidence: Number.NaN })).toBeNull();
  });

  it('shows the mark where the CLI names a source, pictures included', () => {
    const scanned = { fileName: 'fax.pdf', page: 6, pageLabel: null, section: null, ocrConfidence: 91 };
    expect(passageLocation(scanned)).toBe('fax.pdf, page 6 (OCR, 91 %)');
    expect(passageLocation({ fileName: 'photo.png', page: null, section: null, ocrConfidence: 88.2 })).toBe('photo.png (OCR, 88 %)');
    expect(passageLocation({ fileName: 'notes.txt', page: null, section: null })).toBe('notes.txt');
  });
});
