import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../electron/core/text/estimateTokens.js';

describe('estimateTokens: a token estimate when no tokenizer is at hand', () => {
  it('counts words by their length, punctuation by the mark', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('the cat sat.')).toBe(4);
    expect(estimateTokens('termination')).toBe(3);
  });

  it('counts a character a token in scripts written without spaces', () => {
    expect(estimateTokens('受験者数')).toBe(4);
    expect(estimateTokens('ภาษาไทย')).toBe(7);
  });

  it('is far below the character count on prose, where the old fallback stored characters', () => {
    const prose = 'Either party may terminate this agreement in writing with ninety days notice. '.repeat(12);
    const estimate = estimateTokens(prose);
    expect(estimate).toBeGreaterThan(prose.length / 6);
    expect(estimate).toBeLessThan(prose.length / 3);
  });
});
