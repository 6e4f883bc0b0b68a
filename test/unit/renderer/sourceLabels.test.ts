import { describe, expect, it } from 'vitest';
import { describeSource, sourceLocation } from '../../../renderer/src/features/chat/sourceLabels.js';

describe('source labels in the chat mark text read by OCR', () => {
  it('says "OCR" with its confidence after the page, or alone for a picture', () => {
    expect(sourceLocation({ page: 6, pageLabel: null, section: null, ocrConfidence: 91.2 })).toBe('page 6 (OCR, 91 %)');
    expect(sourceLocation({ page: null, pageLabel: null, section: null, ocrConfidence: 88 })).toBe('OCR, 88 %');
    expect(sourceLocation({ page: null, pageLabel: null, section: 'Leave' })).toBe('section Leave');
    expect(sourceLocation({ page: 3, pageLabel: null, section: null, ocrConfidence: null })).toBe('page 3');
    const source = { number: 2, cited: true, chunkId: 1, documentId: 'd1', fileName: 'fax.pdf', page: 4, pageLabel: null, section: null, charStart: 0, charEnd: 5, text: 'DER', score: 1, ocrConfidence: 87.6 };
    expect(describeSource(source)).toBe('2: fax.pdf, page 4 (OCR, 88 %)');
  });
});
