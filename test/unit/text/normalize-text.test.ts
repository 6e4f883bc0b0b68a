import { describe, expect, it } from 'vitest';
import { searchTerms, toFtsQuery } from '../../../electron/core/documents/store/ftsQuery.js';
import { normalizeText } from '../../../electron/core/text/normalizeText.js';

/** "حقوق" (rights) as a PDF often stores it: Arabic presentation forms (initial, medial, medial, final). */
const rightsInPresentationForms = '\ufea3\ufed8\ufeee\ufed5';

describe('normalizeText: one form for stored text and queries', () => {
  it('maps Arabic and Persian presentation forms to their base letters', () => {
    expect(normalizeText(rightsInPresentationForms)).toBe('حقوق');
    // Lam-alef ligature (U+FEFB) becomes two letters.
    expect(normalizeText('\ufefb')).toBe('لا');
  });

  it('drops tatweel, soft hyphens, a BOM and a zero-width joiner between letters; keeps the Persian non-joiner', () => {
    expect(normalizeText('كتـــاب')).toBe('كتاب');
    expect(normalizeText('hyphen\u00adation\ufeff')).toBe('hyphenation');
    expect(normalizeText('ع\u200dم')).toBe('عم');
    expect(normalizeText('می\u200cخواهم')).toBe('می\u200cخواهم');
    // An emoji sequence keeps its joiner.
    expect(normalizeText('👩\u200d💻')).toBe('👩\u200d💻');
  });

  it('gives the query the same terms whether a word is pasted in presentation forms or typed', () => {
    expect(searchTerms(rightsInPresentationForms)).toEqual(['حقوق']);
    expect(toFtsQuery(rightsInPresentationForms)).toBe(toFtsQuery('حقوق'));
    expect(searchTerms('ﬁnal kitـاب')).toEqual(['final', 'kitاب']);
  });
});
