import { describe, expect, it } from 'vitest';
import { parserReplySchema, parserRequestSchema } from '../../../electron/core/documents/parserProcess/protocol.js';

describe('document reader protocol: OCR languages out, OCR confidence and notices back', () => {
  it('carries the OCR languages with `open`, and only Tesseract codes', () => {
    expect(parserRequestSchema.parse({ type: 'open', requestId: 1, filePath: '/a.pdf', ocrLanguages: ['eng', 'deu'] })).toMatchObject({ ocrLanguages: ['eng', 'deu'] });
    expect(parserRequestSchema.parse({ type: 'open', requestId: 1, filePath: '/a.pdf' })).not.toHaveProperty('ocrLanguages');
    for (const ocrLanguages of [['../../etc'], [], ['eng', 'eng'], ['eng/x']]) {
      expect(parserRequestSchema.safeParse({ type: 'open', requestId: 1, filePath: '/a.pdf', ocrLanguages }).success).toBe(false);
    }
  });

  it('carries a section\'s OCR confidence and, with the last batch, the file\'s notices, bounded', () => {
    const section = { page: 2, section: null, text: 'scanned', charStart: 0, ocrConfidence: 91.2 };
    const last = parserReplySchema.parse({ type: 'sections', requestId: 1, sections: [section], done: true, notices: ['page 3: no text found'] });
    expect(last).toMatchObject({ sections: [{ ocrConfidence: 91.2 }], notices: ['page 3: no text found'] });
    expect(parserReplySchema.safeParse({ type: 'sections', requestId: 1, sections: [{ ...section, ocrConfidence: 140 }], done: false }).success).toBe(false);
    const tooMany = Array.from({ length: 11 }, (_, index) => `page ${index + 1}: no text found`);
    expect(parserReplySchema.safeParse({ type: 'sections', requestId: 1, sections: [], done: true, notices: tooMany }).success).toBe(false);
    expect(parserReplySchema.safeParse({ type: 'sections', requestId: 1, sections: [], done: true, notices: ['x'.repeat(601)] }).success).toBe(false);
  });
});
