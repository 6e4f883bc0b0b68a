import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatMLChatWrapper, getLlama, LlamaChatSession, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { describeGgufModel } from '../../electron/core/llm/gguf/describeModel.js';
import { readGgufHeader } from '../../electron/core/llm/gguf/readGgufHeader.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';

/** The generated models must be real models: llama.cpp loads them, chats in ChatML and embeds. */
describe('generated GGUF test models in llama.cpp', () => {
  let llama: Llama;

  beforeAll(async () => {
    llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
  });

  afterAll(async () => {
    await (llama as Llama | undefined)?.dispose();
  });

  it('tiny-chat loads, picks the ChatML wrapper and replies with varied words', async () => {
    const model = await llama.loadModel({ modelPath: await ensureTestModel('tiny-chat') });
    const context = await model.createContext({ contextSize: 512, threads: 1 });
    try {
      const session = new LlamaChatSession({ contextSequence: context.getSequence() });
      expect(session.chatWrapper).toBeInstanceOf(ChatMLChatWrapper);

      const short = await session.prompt('Hello', { maxTokens: 32, temperature: 0 });
      expect(short.trim().length).toBeGreaterThan(0);

      // Greedy decoding must not stop early at an end-of-turn token, and must not repeat one word.
      session.resetChatHistory();
      const long = await session.prompt('Tell me about the weather in spring', { maxTokens: 64, temperature: 0 });
      expect(model.tokenize(long).length).toBeGreaterThanOrEqual(60);
      expect(new Set(long.trim().split(/\s+/)).size).toBeGreaterThanOrEqual(10);
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });

  it('tiny-embedding embeds texts as bags of words', async () => {
    const model = await llama.loadModel({ modelPath: await ensureTestModel('tiny-embedding') });
    const context = await model.createEmbeddingContext({ threads: 1 });
    try {
      const query = await context.getEmbeddingFor('the contract termination clause');
      const related = await context.getEmbeddingFor('termination of the contract');
      const unrelated = await context.getEmbeddingFor('weather in spring');
      expect(query.calculateCosineSimilarity(related)).toBeGreaterThan(query.calculateCosineSimilarity(unrelated) + 0.2);
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });

  it.runIf(Boolean(process.env.ENCLAVE_BENCH_MODELS))(
    'bench-1b (1.1B parameters, Q4_0) loads and generates',
    { timeout: 600_000 },
    async () => {
      const modelPath = await ensureTestModel('bench-1b');
      const header = await readGgufHeader(modelPath);
      expect(describeGgufModel(header, modelPath, header.fileSize)).toMatchObject({
        parameterCount: 1_100_048_384,
        quantization: 'Q4_0',
        blockCount: 22,
      });
      const model = await llama.loadModel({ modelPath });
      const context = await model.createContext({ contextSize: 256, threads: 2 });
      try {
        const session = new LlamaChatSession({ contextSequence: context.getSequence() });
        const reply = await session.prompt('Hello', { maxTokens: 4, temperature: 0 });
        expect(model.tokenize(reply).length).toBeGreaterThan(0);
      } finally {
        await context.dispose();
        await model.dispose();
      }
    },
  );
});
