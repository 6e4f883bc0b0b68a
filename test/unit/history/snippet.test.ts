import { describe, expect, it } from 'vitest';
import { buildSnippet, snippetWords } from '../../../electron/core/history/snippet.js';

const words = (from: number, count: number) => Array.from({ length: count }, (_, index) => `w${from + index}`).join(' ');
const text = (segments: { text: string }[]) => segments.map((segment) => segment.text).join('');
const marked = (segments: { text: string; match: boolean }[]) => segments.filter((segment) => segment.match).map((segment) => segment.text);

describe('search snippets', () => {
  it('keeps a short message whole, with the matched words marked', () => {
    expect(buildSnippet('Please check the invoice.', ['invoice'], true)).toEqual([
      { text: 'Please check the ', match: false },
      { text: 'invoice', match: true },
      { text: '.', match: false },
    ]);
  });

  it('cuts a long message around the matches, with an ellipsis where it was cut', () => {
    const content = `${words(0, 100)} the termination clause applies ${words(100, 100)}`;
    const snippet = buildSnippet(content, ['termination', 'clause'], false);
    expect(text(snippet)).toMatch(/^…w97 w98 w99 the termination clause applies w100 .* w116…$/);
    expect(text(snippet).split(' ')).toHaveLength(snippetWords);
    expect(marked(snippet)).toEqual(['termination', 'clause']);
  });

  it('prefers the stretch with the most matches', () => {
    const content = `alpha ${words(0, 60)} alpha beta gamma ${words(60, 60)}`;
    expect(text(buildSnippet(content, ['alpha', 'beta', 'gamma'], false))).toMatch(/^…w56 w57 w58 w59 alpha beta gamma w60/);
  });

  it('compares without case or accents, and the last term as the start of a word', () => {
    expect(marked(buildSnippet('Un Café crème au CAFE', ['cafe', 'cre'], true))).toEqual(['Café', 'crème', 'CAFE']);
    expect(marked(buildSnippet('invoices and invoice', ['invoice'], false))).toEqual(['invoice']);
  });

  it('keeps markup as text and shows the start of a message when no word is found to mark', () => {
    expect(text(buildSnippet('<b>bold</b> claim', ['claim'], false))).toBe('<b>bold</b> claim');
    expect(buildSnippet(words(0, 40), ['absent'], false)).toEqual([{ text: `${words(0, snippetWords)}…`, match: false }]);
    expect(buildSnippet('', ['x'], false)).toEqual([]);
    expect(buildSnippet('*** ---', ['x'], false)).toEqual([{ text: '*** ---', match: false }]);
  });
});
