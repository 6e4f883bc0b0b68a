import { describe, expect, it } from 'vitest';
import { segmentUnspacedTerm } from '../../../electron/core/text/segmentUnspaced.js';

describe('segmentUnspacedTerm', () => {
  it('keeps a short run whole: it is a word', () => {
    expect(segmentUnspacedTerm('受験者数')).toEqual(['受験者数']);
    expect(segmentUnspacedTerm('索引')).toEqual(['索引']);
  });

  it('reads a Japanese sentence as its kanji and katakana words, without the kana between them', () => {
    expect(segmentUnspacedTerm('本の索引を作成するにはどのプログラムを使いますか')).toEqual(['本', '索引', '作成', 'プログラム', '使']);
  });

  it('keeps Latin letters inside the run as a term of their own', () => {
    expect(segmentUnspacedTerm('LaTeXで記号を出力')).toEqual(['LaTeX', '記号', '出力']);
  });

  it('reads a longer run of Chinese as its overlapping pairs of characters', () => {
    expect(segmentUnspacedTerm('图书馆在哪里')).toEqual(['图书', '书馆', '馆在', '在哪', '哪里']);
  });

  it('reads Thai as overlapping pieces of three characters, and kana alone as its only content', () => {
    expect(segmentUnspacedTerm('ภาษาไทย')).toEqual(['ภาษ', 'าษา', 'ษาไ', 'าไท', 'ไทย']);
    expect(segmentUnspacedTerm('ひらがなだけ')).toEqual(['ひらが', 'らがな', 'がなだ', 'なだけ']);
  });

  it('leaves terms of spaced scripts alone', () => {
    expect(segmentUnspacedTerm('internationalisation')).toEqual(['internationalisation']);
  });
});
