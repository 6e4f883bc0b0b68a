/**
 * What a chat template renderer needs to know about a model's vocabulary to feed it what llama.cpp would:
 * the BOS/EOS texts, whether llama.cpp adds BOS itself, and the special tokens its tokenizer recognises in
 * text (control, user-defined and unknown tokens: the ones `llama_tokenize` with `parse_special` matches).
 */
import type { LlamaModel, Token } from 'node-llama-cpp';

/** A special token as text, with llama.cpp's whitespace-stripping attributes for it. */
export interface SpecialTokenText {
  text: string;
  /** The token swallows the whitespace before it when tokenised. */
  lstrip: boolean;
  /** The token swallows the whitespace after it when tokenised (Phi-3's tokens). */
  rstrip: boolean;
}

export interface TemplateVocabulary {
  /** The BOS token's text (`bos_token` in templates), or '' when the vocabulary has none. */
  bosText: string;
  /** The EOS token's text (`eos_token` in templates), or '' when the vocabulary has none. */
  eosText: string;
  /** llama.cpp adds BOS in front of every prompt (`tokenizer.ggml.add_bos_token`, or its default). */
  addBos: boolean;
  /** llama.cpp adds EOS after every prompt (`tokenizer.ggml.add_eos_token`). */
  addEos: boolean;
  /** llama.cpp's tokenizer starts the text after a special token with a space (SentencePiece vocabularies). */
  spaceAfterSpecialTokens: boolean;
  /** Longest first, so that where two overlap the longer one wins, as in llama.cpp's tokenizer. */
  specialTokens: readonly SpecialTokenText[];
}

/** Reads the vocabulary facts from a loaded model: one pass over the token attributes (milliseconds). */
export function readTemplateVocabulary(model: LlamaModel): TemplateVocabulary {
  const specialTokens: SpecialTokenText[] = [];
  for (let id = 0; id < vocabularySize(model); id++) {
    // Token ids are plain numbers that node-llama-cpp brands.
    const token = id as Token;
    const attributes = model.getTokenAttributes(token);
    if (!attributes.control && !attributes.userDefined && !attributes.unknown) continue;
    const text = model.detokenize([token], true);
    if (text === '') continue;
    specialTokens.push({ text, lstrip: attributes.lstrip, rstrip: attributes.rstrip });
  }
  specialTokens.sort((first, second) => second.text.length - first.text.length);
  return {
    bosText: model.tokens.bosString ?? '',
    eosText: model.tokens.eosString ?? '',
    addBos: model.tokens.shouldPrependBosToken,
    addEos: model.tokens.shouldAppendEosToken,
    spaceAfterSpecialTokens: spaceAfterSpecialTokens(model),
    specialTokens,
  };
}

/**
 * Asks the tokenizer: text after a special token comes out as "▁a" where llama.cpp adds the space prefix
 * (SentencePiece with `add_space_prefix`), as "a" elsewhere.
 */
function spaceAfterSpecialTokens(model: LlamaModel): boolean {
  const special = model.tokens.bosString ?? model.tokens.eosString;
  if (special === null) return false;
  const afterSpecial = model.tokenize(`${special}a`, true).slice(1);
  const bare = model.tokenize('a', false, 'trimLeadingSpace');
  return afterSpecial.length !== bare.length || afterSpecial.some((token, index) => token !== bare[index]);
}

function vocabularySize(model: LlamaModel): number {
  const tokens: unknown = model.fileInfo.metadata.tokenizer.ggml.tokens;
  return Array.isArray(tokens) ? tokens.length : 0;
}
