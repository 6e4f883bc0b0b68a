/**
 * Builds a GGUF LoRA adapter for a generated llama model, in the layout llama.cpp's
 * `llama_adapter_lora_init` reads (the one `convert_lora_to_gguf.py` writes): `general.type = adapter`,
 * `adapter.type = lora`, `adapter.lora.alpha`, and for each adapted weight `W` (dims `[in, out]`) a pair
 * `W.lora_a` with dims `[in, rank]` and `W.lora_b` with dims `[rank, out]`. llama.cpp adds
 * `scale * alpha / rank * B·A·x` to `W·x`, where `scale` is chosen when the adapter is attached.
 */
import type { WritableGgmlType } from './encoding.js';
import { buildLlamaModel, type LlamaModelOptions } from './llama-model.js';
import { hashString, mulberry32, toSignedUnit } from './random.js';
import { kv, type GgufModelSource, type GgufTensorSource } from './writer.js';

/** Per-block weights an adapter can target, by their name after `blk.N.`. */
export type LoraTarget = 'attn_q' | 'attn_k' | 'attn_v' | 'attn_output' | 'ffn_gate' | 'ffn_up' | 'ffn_down';

export interface LoraAdapterOptions {
  /** `general.name` of the adapter. */
  name: string;
  /** The model the adapter is for: tensor shapes are taken from it. */
  base: LlamaModelOptions;
  /** Weights adapted in every block. */
  targets: readonly LoraTarget[];
  /** Inner dimension of the low-rank update. */
  rank: number;
  /** `adapter.lora.alpha`; the update is scaled by alpha / rank. */
  alpha: number;
  /** Storage type of `lora_a` and `lora_b`. */
  type: WritableGgmlType;
  /** Seed for the weights; the same seed gives the same file. */
  seed: number;
}

export function buildLoraAdapter(options: LoraAdapterOptions): GgufModelSource {
  const baseShapes = new Map(buildLlamaModel(options.base).tensors.map((tensor) => [tensor.name, tensor.dims]));
  const tensors: GgufTensorSource[] = [];
  for (let block = 0; block < options.base.blockCount; block++) {
    for (const target of options.targets) {
      const name = `blk.${block}.${target}.weight`;
      const [inputs, outputs] = baseShapes.get(name) ?? [];
      if (inputs === undefined || outputs === undefined) throw new Error(`the base model has no ${name}`);
      // With A of deviation 1/sqrt(in) and B of deviation 1/sqrt(rank), B·A has deviation 1/sqrt(in), like
      // the base weight itself: scaled by alpha / rank the update is as large as the weight, which is what
      // it takes to change what a random model says.
      tensors.push(
        randomTensor(options, `${name}.lora_a`, [inputs, options.rank], 1 / Math.sqrt(inputs)),
        randomTensor(options, `${name}.lora_b`, [options.rank, outputs], 1 / Math.sqrt(options.rank)),
      );
    }
  }
  return {
    metadata: [
      { key: 'general.architecture', value: kv.string('llama') },
      { key: 'general.type', value: kv.string('adapter') },
      { key: 'general.name', value: kv.string(options.name) },
      { key: 'adapter.type', value: kv.string('lora') },
      { key: 'adapter.lora.alpha', value: kv.float32(options.alpha) },
    ],
    tensors,
  };
}

function randomTensor(
  options: LoraAdapterOptions,
  name: string,
  dims: [number, number],
  deviation: number,
): GgufTensorSource {
  const seed = hashString(name, options.seed);
  // Uniform values in [-a, a) have standard deviation a / sqrt(3).
  const amplitude = deviation * Math.sqrt(3);
  let random = mulberry32(seed);
  function fill(target: Float32Array, firstIndex: number): void {
    if (firstIndex === 0) random = mulberry32(seed);
    for (let index = 0; index < target.length; index++) target[index] = toSignedUnit(random()) * amplitude;
  }
  return { name, dims, type: options.type, data: { kind: 'values', fill } };
}
