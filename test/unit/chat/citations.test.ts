import { describe, expect, it } from 'vitest';
import { resolveCitations } from '../../../electron/core/chat/citations.js';
import { checkCitationMarker, openCitationMarker } from '../../../electron/shared/citationMarkers.js';

describe('citations in a grounded reply', () => {
  it('keeps markers of passages that were given and lists them once, ascending', () => {
    const result = resolveCitations('Ninety days notice [2]. Either party may end it [1][2].', 3);
    expect(result).toEqual({ text: 'Ninety days notice [2]. Either party may end it [1][2].', cited: [1, 2], dropped: 0 });
  });

  it('drops markers naming passages that were not given, never inventing a source', () => {
    const result = resolveCitations('The fee is due in 30 days [7]. Notice is required [1, 9].', 2);
    expect(result.text).toBe('The fee is due in 30 days. Notice is required [1].');
    expect(result.cited).toEqual([1]);
    expect(result.dropped).toBe(2);
  });

  it('drops every marker when no passage was given, and [0] is never a source', () => {
    expect(resolveCitations('Nothing found [1] [0].', 0)).toEqual({ text: 'Nothing found.', cited: [], dropped: 2 });
  });

  it('leaves code alone: indexes in fenced and inline code are not citations', () => {
    const reply = 'Use `items[3]` here [1].\n```js\nconst x = rows[12];\n```\nSee [4].';
    const result = resolveCitations(reply, 1);
    expect(result.text).toBe('Use `items[3]` here [1].\n```js\nconst x = rows[12];\n```\nSee.');
    expect(result.cited).toEqual([1]);
  });

  it('ignores bracketed text that is not a list of numbers', () => {
    const reply = 'See [Section 3] and [a, b] and [1a].';
    expect(resolveCitations(reply, 5)).toEqual({ text: reply, cited: [], dropped: 0 });
  });

  it('checks one marker as a stream meets it: its numbers, and what may still become one', () => {
    expect(checkCitationMarker('2, 9,1', 2)).toEqual({ text: '[2, 1]', cited: [2, 1], dropped: 1 });
    expect(checkCitationMarker('0', 5)).toEqual({ text: '', cited: [], dropped: 1 });
    for (const start of ['[', '[1', '[12,', '[2, ']) expect(openCitationMarker.test(start)).toBe(true);
    for (const text of ['[a', '[1]', '[1234', '[1,,']) expect(openCitationMarker.test(text)).toBe(false);
  });
});
