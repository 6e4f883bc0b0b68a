/**
 * Models for checking chat templates against llama.cpp: one layer of random weights that carries a real
 * tokenizer (every `tokenizer.*` key of one of llama.cpp's `models/ggml-vocab-<name>.gguf` files) and a
 * real template (`models/templates/<name>.jinja`) as `tokenizer.chat_template`. Rendering and tokenising a
 * prompt only needs the vocabulary and the template, so such a model shows exactly what a real one would
 * be fed, at a few megabytes instead of gigabytes.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readGgufHeader, type GgufMetadataValue, type GgufValueTypeName } from '../../electron/core/llm/gguf/readGgufHeader.js';
import { ensureLlamaSource } from '../bench/llamaTools.js';
import { ensureGeneratedModel } from '../generate-test-models.js';
import { buildLlamaModelWithTokenizer } from './llama-model.js';
import { kv, type GgufKeyValue, type GgufScalarType, type GgufWriteValue } from './writer.js';

export interface TemplateModelSource {
  /** The vocabulary file, relative to the llama.cpp source tree, e.g. `models/ggml-vocab-qwen2.gguf`. */
  vocab: string;
  /** The template file, relative to the llama.cpp source tree, e.g. `models/templates/Qwen-Qwen3-0.6B.jinja`. */
  template: string;
}

/** Changes whenever the bytes written for the same vocabulary and template change. */
const contentVersion = 1;

/**
 * Returns the path of the model for `source` in the test model cache, building it first (from the
 * llama.cpp source checkout, cloned offline from node-llama-cpp's bundle when missing).
 */
export async function ensureTemplateModel(source: TemplateModelSource): Promise<string> {
  const llamaSource = ensureLlamaSource();
  const template = await readFile(join(llamaSource, source.template), 'utf8');
  const tokenizer = await readTokenizerMetadata(join(llamaSource, source.vocab));
  const tokenCount = tokenizer.find((entry) => entry.key === 'tokenizer.ggml.tokens');
  if (tokenCount?.value.type !== 'array') throw new Error(`${source.vocab} has no tokenizer.ggml.tokens`);
  // The template's name is the model's name: llama.cpp sets some token attributes by model name (Phi-3's
  // special tokens strip the whitespace after them), as it does for the real model.
  const name = basename(source.template, '.jinja');
  const model = buildLlamaModelWithTokenizer(
    {
      name,
      embeddingLength: 32,
      blockCount: 1,
      headCount: 4,
      headCountKv: 4,
      feedForwardLength: 64,
      vocabularySize: tokenCount.value.values.length,
      contextLength: 4096,
      weightType: 'F16',
      seed: 7,
    },
    [...tokenizer.filter((entry) => entry.key !== 'tokenizer.chat_template'), { key: 'tokenizer.chat_template', value: kv.string(template) }],
  );
  return ensureGeneratedModel(`template-${name}-v${contentVersion}`, model);
}

/** Every `tokenizer.*` key of the GGUF file at `filePath`, with the type it is stored as (llama.cpp checks it). */
async function readTokenizerMetadata(filePath: string): Promise<GgufKeyValue[]> {
  const header = await readGgufHeader(filePath, { keepArrayItems: Number.MAX_SAFE_INTEGER });
  const entries: GgufKeyValue[] = [];
  for (const [key, value] of header.metadata) {
    if (!key.startsWith('tokenizer.')) continue;
    const type = header.metadataTypes.get(key);
    if (type === undefined) throw new Error(`${key}: no stored type`);
    entries.push({ key, value: toWriteValue(key, type, value) });
  }
  return entries;
}

function toWriteValue(key: string, type: GgufValueTypeName, value: GgufMetadataValue): GgufWriteValue {
  if (typeof value === 'object') {
    if (value.items === null) throw new Error(`${key}: the array was not read`);
    return kv.array(scalarType(key, value.itemType), value.items);
  }
  return { type: scalarType(key, type), value };
}

function scalarType(key: string, type: GgufValueTypeName): GgufScalarType {
  if (type === 'array') throw new Error(`${key}: arrays of arrays are not supported`);
  return type;
}
