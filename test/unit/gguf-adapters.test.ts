import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnclaveError } from '../../electron/core/errors.js';
import { assertAdapterMatchesBase, describeAdapter, isLoraAdapter } from '../../electron/core/llm/gguf/adapters.js';
import { readGgufHeader, type GgufHeader } from '../../electron/core/llm/gguf/readGgufHeader.js';
import type { ErrorCode } from '../../electron/shared/errors.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import { setArchitecture } from '../../scripts/gguf/corrupt.js';
import { testModelPresets } from '../../scripts/gguf/presets.js';
import { kv, writeGguf, type GgufModelSource } from '../../scripts/gguf/writer.js';
import { useTempDir } from '../support/tempDir.js';

let chat: GgufHeader;
let wide: GgufHeader;
let chatLora: GgufHeader;
let wideLora: GgufHeader;
let chatLoraPath: string;

beforeAll(async () => {
  const read = async (preset: Parameters<typeof ensureTestModel>[0]): Promise<GgufHeader> =>
    readGgufHeader(await ensureTestModel(preset));
  [chat, wide, chatLora, wideLora] = await Promise.all([
    read('tiny-chat'),
    read('tiny-chat-wide'),
    read('tiny-chat-lora'),
    read('tiny-chat-wide-lora'),
  ]);
  chatLoraPath = await ensureTestModel('tiny-chat-lora');
});

const tempDir = useTempDir('enclave-gguf-adapters-');

/** Writes tiny-chat-lora changed by `change` as `style.gguf` and reads its header back. */
async function adapterVariant(change: (source: GgufModelSource) => GgufModelSource): Promise<GgufHeader> {
  const filePath = path.join(tempDir(), 'style.gguf');
  await writeGguf(filePath, change(testModelPresets['tiny-chat-lora'].build()));
  return readGgufHeader(filePath);
}

function thrown(action: () => unknown): EnclaveError {
  try {
    action();
  } catch (error) {
    if (error instanceof EnclaveError) return error;
    throw error;
  }
  throw new Error('expected an EnclaveError');
}

function expectError(action: () => unknown, code: ErrorCode, message: string | RegExp): void {
  const error = thrown(action);
  expect(error.code).toBe(code);
  if (typeof message === 'string') expect(error.message).toBe(message);
  else expect(error.message).toMatch(message);
}

describe('describeAdapter', () => {
  it('describes a generated LoRA adapter', () => {
    expect(isLoraAdapter(chatLora)).toBe(true);
    expect(isLoraAdapter(chat)).toBe(false);
    const description = describeAdapter(chatLora, chatLoraPath, 1234);
    expect(description).toMatchObject({
      architecture: 'llama',
      name: 'Enclave Tiny Chat LoRA (generated)',
      alpha: 16,
      tensorCount: 24,
      sizeBytes: 1234,
    });
    expect(description.targets).toHaveLength(12);
    expect(description.targets.slice(0, 3)).toEqual(['blk.0.attn_q.weight', 'blk.0.attn_k.weight', 'blk.0.attn_v.weight']);
  });

  it('refuses a model picked as an adapter', () => {
    expectError(
      () => describeAdapter(chat, '/models/tiny-chat.gguf', 1),
      'model-corrupt',
      "tiny-chat.gguf is a model, not a LoRA adapter. Import it as a model, or choose the adapter's .gguf file.",
    );
  });

  it('refuses other kinds of adapter', async () => {
    const controlVector = await adapterVariant((source) => ({
      ...source,
      metadata: source.metadata.map((entry) =>
        entry.key === 'adapter.type' ? { key: entry.key, value: kv.string('control_vector') } : entry,
      ),
    }));
    expectError(() => describeAdapter(controlVector, 'style.gguf', 1), 'model-corrupt', /"control_vector" adapter, not a LoRA/);
  });

  it('refuses an alpha of a type that would make llama.cpp abort', async () => {
    const header = await adapterVariant((source) => ({
      ...source,
      metadata: source.metadata.map((entry) =>
        entry.key === 'adapter.lora.alpha' ? { key: entry.key, value: kv.uint32(16) } : entry,
      ),
    }));
    expectError(() => describeAdapter(header, 'style.gguf', 1), 'model-corrupt', /adapter.lora.alpha is stored as uint32/);
  });

  it('refuses half pairs, stray tensors and ranks that disagree', async () => {
    const halfPair = await adapterVariant((source) => ({
      ...source,
      tensors: source.tensors.filter((tensor) => tensor.name !== 'blk.1.ffn_up.weight.lora_b'),
    }));
    expectError(
      () => describeAdapter(halfPair, 'style.gguf', 1),
      'model-corrupt',
      /it has blk.1.ffn_up.weight.lora_a without blk.1.ffn_up.weight.lora_b/,
    );

    const stray = await adapterVariant((source) => ({
      ...source,
      tensors: source.tensors.map((tensor, index) => (index === 0 ? { ...tensor, name: 'blk.0.attn_q.weight' } : tensor)),
    }));
    expectError(() => describeAdapter(stray, 'style.gguf', 1), 'model-corrupt', /"blk.0.attn_q.weight" is not part of a LoRA weight pair/);

    const ranks = await adapterVariant((source) => ({
      ...source,
      tensors: source.tensors.map((tensor) =>
        tensor.name === 'blk.0.attn_q.weight.lora_b' ? { ...tensor, dims: [4, 64] } : tensor,
      ),
    }));
    expectError(
      () => assertAdapterMatchesBase(ranks, chat, 'style.gguf', 'Tiny Chat'),
      'model-corrupt',
      /blk.0.attn_q.weight.lora_a has rank 8 but blk.0.attn_q.weight.lora_b has rank 4/,
    );
  });
});

describe('assertAdapterMatchesBase', () => {
  it('accepts an adapter on the base it was made for', () => {
    expect(() => assertAdapterMatchesBase(chatLora, chat, 'style.gguf', 'Tiny Chat')).not.toThrow();
    expect(() => assertAdapterMatchesBase(wideLora, wide, 'wide.gguf', 'Tiny Chat Wide')).not.toThrow();
    // A split base is given as the headers of all its parts.
    const [first, second] = [
      { ...chat, tensors: chat.tensors.slice(0, 10) },
      { ...chat, tensors: chat.tensors.slice(10) },
    ];
    expect(() => assertAdapterMatchesBase(chatLora, [first, second], 'style.gguf', 'Tiny Chat')).not.toThrow();
  });

  it('names the first weight that does not fit a base of another size', () => {
    expectError(
      () => assertAdapterMatchesBase(wideLora, chat, 'style.gguf', 'Tiny Chat'),
      'adapter-mismatch',
      'style.gguf is a LoRA adapter for a different model: its blk.0.attn_q.weight expects 96 inputs, but Tiny Chat has 64. ' +
        'Attach it to the model it was trained for.',
    );
    expectError(
      () => assertAdapterMatchesBase(chatLora, wide, 'style.gguf', 'Tiny Chat Wide'),
      'adapter-mismatch',
      /its blk.0.attn_q.weight expects 64 inputs, but Tiny Chat Wide has 96/,
    );
  });

  it('checks the outputs of each weight too', async () => {
    // attn_k maps 64 inputs to 32 outputs (grouped-query attention); an adapter giving 64 does not fit.
    const header = await adapterVariant((source) => ({
      ...source,
      tensors: source.tensors.map((tensor) =>
        tensor.name === 'blk.1.attn_k.weight.lora_b' ? { ...tensor, dims: [8, 64] } : tensor,
      ),
    }));
    expectError(
      () => assertAdapterMatchesBase(header, chat, 'style.gguf', 'Tiny Chat'),
      'adapter-mismatch',
      /its blk.1.attn_k.weight gives 64 outputs, but Tiny Chat's gives 32/,
    );
  });

  it('refuses an adapter that changes a weight the base does not have', () => {
    const moreLayers = {
      ...chatLora,
      tensors: chatLora.tensors.map((tensor) => ({ ...tensor, name: tensor.name.replace('blk.1.', 'blk.7.') })),
    };
    expectError(
      () => assertAdapterMatchesBase(moreLayers, chat, 'style.gguf', 'Tiny Chat'),
      'adapter-mismatch',
      /it changes blk.7.attn_q.weight, which Tiny Chat does not have/,
    );
  });

  it('refuses an adapter for another architecture', async () => {
    const filePath = path.join(tempDir(), 'qwen-style.gguf');
    await writeFile(filePath, setArchitecture(await readFile(chatLoraPath), 'qwen2'));
    const header = await readGgufHeader(filePath);
    expect(describeAdapter(header, filePath, header.fileSize).architecture).toBe('qwen2');
    expectError(
      () => assertAdapterMatchesBase(header, chat, 'qwen-style.gguf', 'Tiny Chat'),
      'adapter-mismatch',
      'qwen-style.gguf is a LoRA adapter for qwen2 models, but Tiny Chat is a llama model. Attach it to the model it was trained for.',
    );
  });
});
