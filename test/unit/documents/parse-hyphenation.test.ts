import { describe, expect, it } from 'vitest';
import { rejoinHyphenatedLines } from '../../../electron/core/documents/parse/hyphenation.js';

describe('rejoinHyphenatedLines: words a typesetter cut at a line end', () => {
  it('rejoins a word cut at a line end, moving its second part and its punctuation up', () => {
    expect(rejoinHyphenatedLines('the termi-\nnation clause, in writ-\ning.')).toBe('the termination\nclause, in writing.');
    expect(rejoinHyphenatedLines('set the output for-\nmat, then plot')).toBe('set the output format,\nthen plot');
  });

  it('works in Cyrillic and Greek, and with U+2010 HYPHEN', () => {
    expect(rejoinHyphenatedLines('договор расторга-\nется письменно')).toBe('договор расторгается\nписьменно');
    expect(rejoinHyphenatedLines('η σύμβαση κατα-\nγγέλλεται')).toBe('η σύμβαση καταγγέλλεται');
    expect(rejoinHyphenatedLines('docu\u2010\nment')).toBe('document');
  });

  it('joins at a soft hyphen before any letter, and drops the soft hyphen', () => {
    expect(rejoinHyphenatedLines('Straßen\u00ad\nBahn')).toBe('StraßenBahn');
  });

  it('keeps real hyphens: before an uppercase letter or a digit, after a digit, across a blank line', () => {
    expect(rejoinHyphenatedLines('Jean-\nPaul Sartre')).toBe('Jean-\nPaul Sartre');
    expect(rejoinHyphenatedLines('ISO-\n9001 audit')).toBe('ISO-\n9001 audit');
    expect(rejoinHyphenatedLines('pages 12-\n14')).toBe('pages 12-\n14');
    expect(rejoinHyphenatedLines('a list item -\nnext')).toBe('a list item -\nnext');
    expect(rejoinHyphenatedLines('end of para-\n\ngraph')).toBe('end of para-\n\ngraph');
  });

  it('keeps the hyphen of a compound the page writes whole elsewhere, or whose next part is hyphenated', () => {
    expect(rejoinHyphenatedLines('a well-known rule\nis a well-\nknown rule')).toBe('a well-known rule\nis a well-known\nrule');
    expect(rejoinHyphenatedLines('decided case-\nby-case basis')).toBe('decided case-by-case\nbasis');
  });

  it('rejoins a word cut over three lines', () => {
    expect(rejoinHyphenatedLines('in-\ncompre-\nhensible text')).toBe('incomprehensible\ntext');
  });
});
