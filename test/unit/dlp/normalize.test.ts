import { describe, expect, it } from 'vitest';
import { normalizeForScan } from '../../../electron/core/dlp/normalize.js';

/** The view of `text`, and the original text each view character came from (the map back, character by character). */
function view(text: string): { text: string; sources: string[] } {
  const normalized = normalizeForScan(text);
  const sources = Array.from({ length: normalized.text.length }, (_, index) => {
    const { start, end } = normalized.originalSpan(index, index + 1);
    return text.slice(start, end);
  });
  return { text: normalized.text, sources };
}

/** The original text behind the view span where `needle` is. */
function originalOf(text: string, needle: string): string {
  const normalized = normalizeForScan(text);
  const start = normalized.text.indexOf(needle);
  expect(start, `"${needle}" in the view "${normalized.text}"`).toBeGreaterThanOrEqual(0);
  const span = normalized.originalSpan(start, start + needle.length);
  return text.slice(span.start, span.end);
}

describe('the normalised view the detectors read', () => {
  it('is the text itself, with offsets unchanged, when nothing needs changing', () => {
    const text = 'Plain ASCII: 123-45-6789, (555) 123-4567 and a@b.example; [see] (page 4).';
    const normalized = normalizeForScan(text);
    expect(normalized.text).toBe(text);
    expect(normalized.originalSpan(13, 24)).toEqual({ start: 13, end: 24 });
    expect(normalizeForScan('Zürich, naïve, Ελληνικά, русский').text).toBe('Zürich, naïve, Ελληνικά, русский');
  });

  it('reads compatibility forms as ASCII (NFKC): full-width, mathematical digits, ligatures', () => {
    expect(view('１２３ＡＢ＠．').text).toBe('123AB@.');
    expect(view('𝟏𝟐𝟑 𝟗').text).toBe('123 9');
    expect(view('ﬁle').text).toBe('file');
    expect(view('ﬁle').sources).toEqual(['ﬁ', 'ﬁ', 'l', 'e']);
  });

  it('reads every script’s decimal digits as ASCII digits', () => {
    const scripts = ['٠١٢٣٤٥٦٧٨٩', '۰۱۲۳۴۵۶۷۸۹', '०१२३४५६७८९', '০১২৩৪৫৬৭৮৯', '๐๑๒๓๔๕๖๗๘๙', '၀၁၂၃၄၅၆၇၈၉', '᠐᠑᠒᠓᠔᠕᠖᠗᠘᠙'];
    for (const digits of scripts) expect(view(digits).text, digits).toBe('0123456789');
  });

  it('removes invisible format characters, keeping them inside the span they interrupt', () => {
    const invisibles = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u202E', '\u2066'];
    for (const invisible of invisibles) {
      const text = `ab${invisible}cd`;
      expect(view(text).text, JSON.stringify(invisible)).toBe('abcd');
      expect(originalOf(text, 'abcd')).toBe(text);
    }
  });

  it('reads any dash as "-", any space as " ", and line separators as a line break', () => {
    expect(view('1\u20132\u20143\u22124\u20115\uFF0D6\u20127').text).toBe('1-2-3-4-5-6-7');
    expect(view('a\u00A0b\u202Fc\u2009d\u3000e\u2007f').text).toBe('a b c d e f');
    expect(view('a\u2028b\u2029c').text).toBe('a\nb\nc');
  });

  it('composes a letter with the combining marks after it, and maps back to all of them', () => {
    expect(view('Zu\u0308rich').text).toBe('Zürich');
    expect(originalOf('Zu\u0308rich', 'ür')).toBe('u\u0308r');
  });

  it('reads bracketed "at" and "dot" between the parts of an address as "@" and "."', () => {
    const obfuscated = [
      'jane[at]example.com',
      'jane(at)example(dot)com',
      'jane [at] example [dot] com',
      'jane [ at ] example [ dot ] com',
      'jane {AT} example {DOT} com',
      'jane<at>example<dot>com',
      'jane[@]example[.]com',
      'jane\uFF08at\uFF09example.com',
    ];
    for (const text of obfuscated) expect(view(`Mail ${text} now`).text, text).toBe('Mail jane@example.com now');
    expect(originalOf('Mail jane [at] example [dot] com now', '@')).toBe(' [at] ');
  });

  it('leaves a bracketed "at" that stands between no letters or digits', () => {
    for (const text of ['[at] the start', 'at the end: (at)', 'a list: (at), (dot)', 'the pattern "[.]" is a dot']) expect(view(text).text).toBe(text);
  });

  it('maps stretches of any length, cut only between whole characters', () => {
    const marks = `e${'\u0301'.repeat(41)}`;
    expect(view(marks).text).toBe(`é${'\u0301'.repeat(40)}`);
    expect(view(marks).sources[0]).toBe(marks);
    for (let count = 1; count <= 40; count++) expect(view('𝟏'.repeat(count)).text, `${count} digits`).toBe('1'.repeat(count));
    const long = `${'Текст — ١٢٣ ＡＢＣ '.repeat(400)}end`;
    expect(view(long).text).toBe(`${'Текст - 123 ABC '.repeat(400)}end`);
  });

  it('maps every view span back to whole original characters, exactly', () => {
    const text = 'Ｓｅｅ 𝟏𝟐𝟑\u2013٤٥\u00A0\u200B6789 at ｊ＠ｘ．ｉｏ [at] home';
    const normalized = normalizeForScan(text);
    expect(normalized.text).toBe('See 123-45 6789 at j@x.io@home');
    expect(originalOf(text, '123-45 6789')).toBe('𝟏𝟐𝟑\u2013٤٥\u00A0\u200B6789');
    expect(originalOf(text, 'j@x.io')).toBe('ｊ＠ｘ．ｉｏ');
    // Spans are monotone and cover the whole original, so a redaction can never leave a piece behind.
    let previousEnd = 0;
    for (let index = 0; index < normalized.text.length; index++) {
      const { start, end } = normalized.originalSpan(index, index + 1);
      expect(start).toBeGreaterThanOrEqual(previousEnd);
      expect(end).toBeGreaterThan(start);
      previousEnd = end;
    }
  });
});
