/**
 * A SentencePiece-style ("llama" tokenizer) vocabulary that llama.cpp tokenizes into whole words.
 *
 * llama.cpp's SPM tokenizer starts from single characters and repeatedly merges adjacent pieces whose
 * concatenation is in the vocabulary, best score first. A word is therefore only reachable if every
 * intermediate merge is a token too, so each word brings its "▁"-prefixed prefixes ("▁c", "▁co", ...).
 * Every multi-character piece starts with "▁", so merges only ever grow a word from its start.
 */
import { itemAt } from '../fixtures/itemAt.js';
import { mulberry32 } from './random.js';
import { englishWords } from './words.js';

/** Token types from llama.cpp's `llama_token_type`. */
export const tokenTypes = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;

export interface Vocabulary {
  tokens: string[];
  scores: number[];
  types: number[];
  /** True for tokens that spell a whole word of the word list ("▁contract"), not a prefix or filler. */
  isWord: boolean[];
  unknownId: number;
  bosId: number;
  eosId: number;
  imStartId: number;
  imEndId: number;
}

const wordBoundary = '\u2581';
const singleCharacters = `${wordBoundary}abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?'"-:;()`;
const fillerSyllables = ['ka', 'lo', 'mi', 're', 'su', 'ta', 'ne', 'vo', 'di', 'pa', 'zu', 'he', 'go', 'bi', 'ru'];

/** Builds a vocabulary of exactly `size` tokens (at least 261 + the single characters). */
export function buildVocabulary(size: number): Vocabulary {
  const tokens: string[] = [];
  const types: number[] = [];
  const seen = new Set<string>();
  const words = new Set<string>();
  function add(piece: string, type: number): boolean {
    if (tokens.length >= size || seen.has(piece)) return false;
    seen.add(piece);
    tokens.push(piece);
    types.push(type);
    return true;
  }
  add('<unk>', tokenTypes.unknown);
  add('<s>', tokenTypes.control);
  add('</s>', tokenTypes.control);
  add('<|im_start|>', tokenTypes.control);
  add('<|im_end|>', tokenTypes.control);
  for (let byte = 0; byte < 256; byte++) {
    add(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`, tokenTypes.byte);
  }
  for (const character of singleCharacters) add(character, tokenTypes.normal);
  if (tokens.length >= size) throw new Error(`vocabulary size ${size} is too small`);

  for (const word of englishWords) {
    const piece = wordBoundary + word;
    const missing = [];
    for (let length = 2; length <= piece.length; length++) {
      const prefix = piece.slice(0, length);
      if (!seen.has(prefix)) missing.push(prefix);
    }
    // Add a word only whole: a half-added word would tokenize as a prefix that means nothing.
    if (tokens.length + missing.length > size) break;
    for (const prefix of missing) add(prefix, tokenTypes.normal);
    words.add(piece);
  }

  const random = mulberry32(0x5eed);
  while (tokens.length < size) {
    const syllables = 2 + (random() % 3);
    let piece = wordBoundary;
    for (let index = 0; index < syllables; index++) piece += itemAt(fillerSyllables, random() % fillerSyllables.length);
    add(piece, tokenTypes.normal);
  }

  // Earlier pieces (special, then common words) score higher; llama.cpp merges the best-scoring pair first.
  const scores = tokens.map((_, index) => (types[index] === tokenTypes.normal ? -index : 0));
  return {
    tokens,
    scores,
    types,
    isWord: tokens.map((token) => words.has(token)),
    unknownId: 0,
    bosId: 1,
    eosId: 2,
    imStartId: 3,
    imEndId: 4,
  };
}

/** How many tokens the full word list needs (specials, bytes, characters and every word with its prefixes). */
export function fullVocabularySize(): number {
  const pieces = new Set<string>();
  for (const word of englishWords) {
    const piece = wordBoundary + word;
    for (let length = 2; length <= piece.length; length++) pieces.add(piece.slice(0, length));
  }
  return 5 + 256 + Array.from(singleCharacters).length + pieces.size;
}
