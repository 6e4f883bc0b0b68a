/** Han, kana, Hangul and Thai: scripts written without spaces, where a tokenizer spends a token on about every character. */
const denseScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}]/u;
/** Runs of letters, marks and digits (spaceless scripts excepted), and single other visible characters. */
const pieces = /[\p{L}\p{M}\p{N}]+|[^\s]/gu;

/**
 * About how many tokens a language model's tokenizer would make of `text`, for when no tokenizer is
 * at hand (documents indexed without an embedding model): a word costs one token per four characters
 * or part of four ("the" 1, "termination" 3), a punctuation mark or symbol one, and each character of a
 * script written without spaces (Chinese, Japanese, Korean, Thai) one. That is the usual rule of
 * thumb (about four characters of English per token) made to hold for other scripts and for numbers
 * and symbols, which tokenizers split finely; it is not measured against a tokenizer, it is an
 * estimate and not a count, and it is stored only where no model's count is available.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(pieces)) {
    if (denseScript.test(piece)) {
      for (const character of piece) tokens += denseScript.test(character) ? 1 : 0.25;
    } else {
      tokens += Math.ceil(piece.length / 4);
    }
  }
  return Math.ceil(tokens);
}
