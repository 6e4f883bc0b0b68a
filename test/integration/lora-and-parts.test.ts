import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getLlama, LlamaChatSession, LlamaLogLevel, type Llama, type LlamaModel } from 'node-llama-cpp';
import { assertAdapterMatchesBase, describeAdapter } from '../../electron/core/llm/gguf/adapters.js';
import { readModelParts } from '../../electron/core/llm/gguf/modelParts.js';
import { readGgufHeader } from '../../electron/core/llm/gguf/readGgufHeader.js';
import { ensureTestModel, ensureTestModelParts } from '../../scripts/generate-test-models.js';

/**
 * The generated LoRA adapters and split models are real: llama.cpp attaches the adapter (and it changes
 * what the model says), refuses the one made for another base, and loads the split model from its first
 * part. The core checks agree with llama.cpp on each.
 */
describe('LoRA adapters and split models in llama.cpp', () => {
  let llama: Llama;
  let model: LlamaModel;
  let chatPath: string;
  const prompt = 'Tell me about the weather in spring';

  beforeAll(async () => {
    llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.disabled });
    chatPath = await ensureTestModel('tiny-chat');
    model = await llama.loadModel({ modelPath: chatPath });
  });

  afterAll(async () => {
    await (model as LlamaModel | undefined)?.dispose();
    await (llama as Llama | undefined)?.dispose();
  });

  /** Greedy reply of `target` to the fixed prompt, with the adapters given attached at scale 1. */
  async function reply(target: LlamaModel, adapters: string[] = []): Promise<string> {
    const context = await target.createContext({
      threads: 1,
      contextSize: 512,
      ...(adapters.length > 0 ? { lora: { adapters: adapters.map((filePath) => ({ filePath, scale: 1 })) } } : {}),
    });
    try {
      const session = new LlamaChatSession({ contextSequence: context.getSequence() });
      return await session.prompt(prompt, { maxTokens: 16, temperature: 0 });
    } finally {
      await context.dispose();
    }
  }

  it('attaches the adapter made for tiny-chat, which changes its greedy reply', async () => {
    const adapterPath = await ensureTestModel('tiny-chat-lora');
    const adapterHeader = await readGgufHeader(adapterPath);
    expect(describeAdapter(adapterHeader, adapterPath, adapterHeader.fileSize).targets).toContain('blk.0.attn_q.weight');
    assertAdapterMatchesBase(adapterHeader, await readGgufHeader(chatPath), adapterPath, 'Tiny Chat');

    const plain = await reply(model);
    const adapted = await reply(model, [adapterPath]);
    expect(adapted.trim().length).toBeGreaterThan(0);
    expect(adapted).not.toBe(plain);
    // Detaching it (a context without it) gives the plain reply again.
    expect(await reply(model)).toBe(plain);
  });

  it('refuses the adapter made for another base, as llama.cpp does (with a generic error)', async () => {
    const adapterPath = await ensureTestModel('tiny-chat-wide-lora');
    const [adapterHeader, chatHeader] = await Promise.all([readGgufHeader(adapterPath), readGgufHeader(chatPath)]);
    expect(() => assertAdapterMatchesBase(adapterHeader, chatHeader, 'wide.gguf', 'Tiny Chat')).toThrow(
      expect.objectContaining({ code: 'adapter-mismatch' }),
    );

    // llama.cpp checks the shapes too, but says only this; the reason stays in its log.
    await expect(reply(model, [adapterPath])).rejects.toThrow(/Failed to initialize LoRA adapter/);
    // The model is still fine afterwards.
    expect((await reply(model)).trim().length).toBeGreaterThan(0);
  });

  it('loads a model split into 3 parts from its first part: it says what the unsplit model says, adapter or not', async () => {
    const parts = await ensureTestModelParts('tiny-chat', 3);
    const { description } = await readModelParts(parts[0] ?? '');
    const chatHeader = await readGgufHeader(chatPath);
    expect(description.parameterCount).toBe(chatHeader.tensors.reduce((sum, tensor) => sum + tensor.elementCount, 0));

    const split = await llama.loadModel({ modelPath: parts[0] ?? '' });
    try {
      expect(await reply(split)).toBe(await reply(model));
      const adapterPath = await ensureTestModel('tiny-chat-lora');
      expect(await reply(split, [adapterPath])).toBe(await reply(model, [adapterPath]));
    } finally {
      await split.dispose();
    }
  });
});
