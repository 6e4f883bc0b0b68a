import { describe, expect, it } from 'vitest';
import { tidyRecognizedText } from '../../../electron/core/documents/parse/ocr.js';

describe('OCR text is tidied like a text layer', () => {
  it('rejoins a word hyphenated at a line end, by the text layer\'s rule', () => {
    expect(tidyRecognizedText('The library encodes and de-\ncodes  DER  structures.\n')).toBe('The library encodes and decodes\nDER structures.');
    // A next line in capitals, a hyphen after a digit, and a paragraph break keep the hyphen.
    expect(tidyRecognizedText('Jean-\nPaul wrote ISO-\n9001 and 1-\n2 steps')).toBe('Jean-\nPaul wrote ISO-\n9001 and 1-\n2 steps');
    expect(tidyRecognizedText('exam-\n\n\n\nple')).toBe('exam-\n\nple');
  });

  it('keeps a compound the page writes with its hyphen elsewhere', () => {
    expect(tidyRecognizedText('a well-known rule and a well-\nknown case')).toBe('a well-known rule and a well-known\ncase');
  });
});
