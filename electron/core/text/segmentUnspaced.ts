import { characterCount } from './unspacedScripts.js';

/**
 * Query terms from a run of unspaced-script text that is a question, not a word. The `unicode61`
 * tokenizer hands "本の索引を作成するにはどのプログラムを使いますか" over as one term; searched as one
 * substring it is found only in a passage holding that very sentence. Without a dictionary, the
 * script boundaries do most of a segmenter's work for Japanese: content words are runs of kanji
 * (索引, 作成) or katakana (プログラム), and the hiragana between them are particles and endings
 * (の, を, するには, ますか), left out. Chinese has no such boundaries: a longer run of Han is read as
 * its overlapping two-character pieces, the length of most Chinese words (the CJK bigram approach of
 * search engines). Thai, Lao, Khmer and Myanmar runs are read as their overlapping three-character
 * pieces. Letters of other scripts inside the run ("LaTeXで") come out as terms of their own.
 */

/** A run this short is taken as one word, whatever its scripts ("受験者数", "東京都"). */
export const maxWordLength = 4;

type ScriptClass = 'han' | 'hiragana' | 'katakana' | 'southeastAsian' | 'other';

const han = /[\u4E00-\u9FFF\u3400-\u4DBF\uF900-\uFAFF\u3005-\u3007\u{20000}-\u{3FFFD}]/u;
const hiragana = /[\u3041-\u309F]/u;
const katakana = /[\u30A0-\u30FF\u31F0-\u31FF]/u;
const southeastAsian = /[\u0E01-\u0E5B\u0E81-\u0EFF\u1780-\u17FF\u1000-\u109F]/u;

function scriptClass(character: string): ScriptClass {
  if (han.test(character)) return 'han';
  if (hiragana.test(character)) return 'hiragana';
  if (katakana.test(character)) return 'katakana';
  if (southeastAsian.test(character)) return 'southeastAsian';
  return 'other';
}

/** The term's runs of one script class each, in order. */
function scriptRuns(term: string): { script: ScriptClass; text: string }[] {
  const runs: { script: ScriptClass; text: string }[] = [];
  for (const character of term) {
    const script = scriptClass(character);
    const last = runs.at(-1);
    if (last?.script === script) last.text += character;
    else runs.push({ script, text: character });
  }
  return runs;
}

/** The overlapping pieces of `size` characters of `text` (itself when it is no longer). */
function overlappingPieces(text: string, size: number): string[] {
  const characters = Array.from(text);
  if (characters.length <= size) return [text];
  const pieces: string[] = [];
  for (let start = 0; start + size <= characters.length; start++) pieces.push(characters.slice(start, start + size).join(''));
  return pieces;
}

/**
 * The terms a query's term is searched by: itself when it is short (`maxWordLength`) or holds no
 * unspaced script, else its pieces as described above, without repeats. A run of hiragana alone
 * (a question written in kana) is kept, as its only content.
 */
export function segmentUnspacedTerm(term: string): string[] {
  if (characterCount(term) <= maxWordLength) return [term];
  const runs = scriptRuns(term);
  if (runs.every((run) => run.script === 'other')) return [term];
  const content = runs.some((run) => run.script !== 'hiragana') ? runs.filter((run) => run.script !== 'hiragana') : runs;
  const pieces = content.flatMap((run) => {
    if (run.script === 'han' && characterCount(run.text) > maxWordLength) return overlappingPieces(run.text, 2);
    if (run.script === 'southeastAsian' || run.script === 'hiragana') return overlappingPieces(run.text, 3);
    return [run.text];
  });
  return [...new Set(pieces)];
}
