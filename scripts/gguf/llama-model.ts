/**
 * Builds a llama-architecture GGUF model (metadata, SentencePiece vocabulary, tensors) with deterministic
 * pseudo-random weights. Tensor names and shapes are the ones llama.cpp's llama loader asks for; shapes
 * are listed fastest-varying first, so a projection from `in` to `out` features has dims `[in, out]`.
 */
import { float32ToFloat16Bits, type WritableGgmlType } from './encoding.js';
import { hashString, mulberry32, toSignedUnit } from './random.js';
import { buildVocabulary, type Vocabulary } from './vocabulary.js';
import { kv, type GgufKeyValue, type GgufModelSource, type GgufTensorSource } from './writer.js';

export interface LlamaModelOptions {
  /** `general.name`. */
  name: string;
  /** Hidden size (`n_embd`). */
  embeddingLength: number;
  /** Number of transformer blocks. */
  blockCount: number;
  /** Attention heads for queries. */
  headCount: number;
  /** Attention heads for keys and values (grouped-query attention when below `headCount`). */
  headCountKv: number;
  /** Hidden size of the feed-forward network (`n_ff`). */
  feedForwardLength: number;
  /** Tokens in the vocabulary, special and byte tokens included. */
  vocabularySize: number;
  /** Training context length the model advertises. */
  contextLength: number;
  /** Storage type of the 2-D weights; norm weights are always F32. */
  weightType: WritableGgmlType;
  /** Seed for all weights; the same seed gives the same file. */
  seed: number;
  /** `llama.pooling_type` for embedding models (1 = mean); left out for chat models. */
  poolingType?: number;
  /** Zero every attention and feed-forward weight, so each token's final state is its own embedding. */
  zeroAttentionAndFeedForward?: boolean;
}

/** A ChatML template; node-llama-cpp recognises it and picks its ChatML wrapper. */
export const chatMlTemplate =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

/** `general.file_type` (llama.cpp's `llama_ftype`) for a model whose 2-D weights are `type`. */
const fileTypes: Record<WritableGgmlType, number> = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 7 };

export function buildLlamaModel(options: LlamaModelOptions): GgufModelSource {
  const vocabulary = buildVocabulary(options.vocabularySize);
  // Generation should read as words: output rows of everything but whole words (control and byte
  // tokens, word prefixes, filler) are zero, so their logit is exactly 0 while the best of the random
  // logits is always above it. End-of-turn is then never chosen and replies run to maxTokens.
  const silentRows = new Set(vocabulary.isWord.flatMap((isWord, id) => (isWord ? [] : [id])));
  return {
    metadata: [...architectureMetadata(options), ...vocabularyMetadata(vocabulary)],
    tensors: llamaTensors(options, silentRows),
  };
}

/**
 * A llama-architecture model whose tokenizer is `tokenizerMetadata` (every `tokenizer.*` key, e.g. copied
 * from a real model's vocabulary) instead of the generated one; `options.vocabularySize` must be its
 * token count. No output row is silenced: these models are for rendering prompts, not for reading replies.
 */
export function buildLlamaModelWithTokenizer(
  options: LlamaModelOptions,
  tokenizerMetadata: readonly GgufKeyValue[],
): GgufModelSource {
  return { metadata: [...architectureMetadata(options), ...tokenizerMetadata], tensors: llamaTensors(options, new Set()) };
}

function architectureMetadata(options: LlamaModelOptions): GgufKeyValue[] {
  const headDimension = options.embeddingLength / options.headCount;
  const entries: Array<[string, GgufKeyValue['value']]> = [
    ['general.architecture', kv.string('llama')],
    ['general.name', kv.string(options.name)],
    ['general.file_type', kv.uint32(fileTypes[options.weightType])],
    ['general.alignment', kv.uint32(32)],
    ['llama.context_length', kv.uint32(options.contextLength)],
    ['llama.embedding_length', kv.uint32(options.embeddingLength)],
    ['llama.block_count', kv.uint32(options.blockCount)],
    ['llama.feed_forward_length', kv.uint32(options.feedForwardLength)],
    ['llama.attention.head_count', kv.uint32(options.headCount)],
    ['llama.attention.head_count_kv', kv.uint32(options.headCountKv)],
    ['llama.rope.dimension_count', kv.uint32(headDimension)],
    ['llama.attention.layer_norm_rms_epsilon', kv.float32(1e-5)],
    ['llama.vocab_size', kv.uint32(options.vocabularySize)],
  ];
  if (options.poolingType !== undefined) entries.push(['llama.pooling_type', kv.uint32(options.poolingType)]);
  return entries.map(([key, value]) => ({ key, value }));
}

function vocabularyMetadata(vocabulary: Vocabulary): GgufKeyValue[] {
  const entries: Array<[string, GgufKeyValue['value']]> = [
    ['tokenizer.ggml.model', kv.string('llama')],
    ['tokenizer.ggml.tokens', kv.array('string', vocabulary.tokens)],
    ['tokenizer.ggml.scores', kv.array('float32', vocabulary.scores)],
    ['tokenizer.ggml.token_type', kv.array('int32', vocabulary.types)],
    ['tokenizer.ggml.bos_token_id', kv.uint32(vocabulary.bosId)],
    ['tokenizer.ggml.eos_token_id', kv.uint32(vocabulary.eosId)],
    ['tokenizer.ggml.unknown_token_id', kv.uint32(vocabulary.unknownId)],
    ['tokenizer.ggml.add_bos_token', kv.bool(true)],
    ['tokenizer.ggml.add_eos_token', kv.bool(false)],
    ['tokenizer.chat_template', kv.string(chatMlTemplate)],
  ];
  return entries.map(([key, value]) => ({ key, value }));
}

function llamaTensors(options: LlamaModelOptions, silentRows: ReadonlySet<number>): GgufTensorSource[] {
  const embd = options.embeddingLength;
  const embdKv = (embd / options.headCount) * options.headCountKv;
  const ff = options.feedForwardLength;
  const vocab = options.vocabularySize;
  const type = options.weightType;
  const hidden = options.zeroAttentionAndFeedForward ? 0 : 1;

  const tensors: GgufTensorSource[] = [
    weight(options, 'token_embd.weight', [embd, vocab], type, 1),
    ones('output_norm.weight', embd),
    weight(options, 'output.weight', [embd, vocab], type, 1 / Math.sqrt(embd), silentRows),
  ];
  for (let block = 0; block < options.blockCount; block++) {
    const prefix = `blk.${block}`;
    tensors.push(
      ones(`${prefix}.attn_norm.weight`, embd),
      weight(options, `${prefix}.attn_q.weight`, [embd, embd], type, hidden / Math.sqrt(embd)),
      weight(options, `${prefix}.attn_k.weight`, [embd, embdKv], type, hidden / Math.sqrt(embd)),
      weight(options, `${prefix}.attn_v.weight`, [embd, embdKv], type, hidden / Math.sqrt(embd)),
      weight(options, `${prefix}.attn_output.weight`, [embd, embd], type, hidden / Math.sqrt(embd)),
      ones(`${prefix}.ffn_norm.weight`, embd),
      weight(options, `${prefix}.ffn_gate.weight`, [embd, ff], type, hidden / Math.sqrt(embd)),
      weight(options, `${prefix}.ffn_up.weight`, [embd, ff], type, hidden / Math.sqrt(embd)),
      weight(options, `${prefix}.ffn_down.weight`, [ff, embd], type, hidden / Math.sqrt(ff)),
    );
  }
  return tensors;
}

function ones(name: string, length: number): GgufTensorSource {
  return { name, dims: [length], type: 'F32', data: { kind: 'values', fill: (target) => target.fill(1) } };
}

/**
 * A weight with values of standard deviation `deviation`, from a stream seeded by the model seed and the
 * tensor name (so values don't depend on tensor order). Rows listed in `zeroRows` are all zero.
 */
function weight(
  options: LlamaModelOptions,
  name: string,
  dims: [number, number],
  type: WritableGgmlType,
  deviation: number,
  zeroRows: ReadonlySet<number> = new Set(),
): GgufTensorSource {
  const seed = hashString(name, options.seed);
  const rowLength = dims[0];
  if (type === 'Q4_0') return { name, dims, type, data: randomQ4_0Blocks(seed, rowLength, deviation, zeroRows) };
  // Uniform values in [-a, a) have standard deviation a / sqrt(3).
  const amplitude = deviation * Math.sqrt(3);
  let random = mulberry32(seed);
  let expectedIndex = 0;
  function fill(target: Float32Array, firstIndex: number): void {
    if (firstIndex === 0) random = mulberry32(seed);
    else if (firstIndex !== expectedIndex) throw new Error(`${name}: chunks must be requested in order`);
    for (let index = 0; index < target.length; index++) {
      const row = Math.floor((firstIndex + index) / rowLength);
      target[index] = amplitude === 0 || zeroRows.has(row) ? 0 : toSignedUnit(random()) * amplitude;
    }
    expectedIndex = firstIndex + target.length;
  }
  return { name, dims, type, data: { kind: 'values', fill } };
}

/**
 * Random Q4_0 blocks written directly (a fixed scale and random nibbles): quantizing a billion floats
 * would take far longer and give the same kind of noise. Nibbles q in 0..15 decode to (q - 8) * scale,
 * whose standard deviation is about 4.6 * scale.
 */
function randomQ4_0Blocks(
  seed: number,
  rowLength: number,
  deviation: number,
  zeroRows: ReadonlySet<number>,
): { kind: 'blocks'; fill: (target: Uint8Array, firstBlock: number) => void } {
  const blocksPerRow = rowLength / 32;
  const scaleBits = float32ToFloat16Bits(deviation / 4.6);
  let random = mulberry32(seed);
  return {
    kind: 'blocks',
    fill(target, firstBlock) {
      if (firstBlock === 0) random = mulberry32(seed);
      for (let block = 0; block * 18 < target.length; block++) {
        const out = block * 18;
        const silent = zeroRows.has(Math.floor((firstBlock + block) / blocksPerRow));
        const bits = silent ? 0 : scaleBits;
        target[out] = bits & 0xff;
        target[out + 1] = bits >>> 8;
        for (let word = 0; word < 4; word++) {
          const value = silent ? 0x88888888 : random();
          const at = out + 2 + word * 4;
          target[at] = value & 0xff;
          target[at + 1] = (value >>> 8) & 0xff;
          target[at + 2] = (value >>> 16) & 0xff;
          target[at + 3] = value >>> 24;
        }
      }
    },
  };
}
