import fs from 'node:fs';
import path from 'node:path';
import { getLlama, type Llama, LlamaLogLevel } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingSlot } from '../../../electron/core/llm/host/embeddings.js';
import { defaultModelSettings, type ModelInfo } from '../../../electron/shared/domain.js';
import { ensureGeneratedModel, ensureTestModel } from '../../../scripts/generate-test-models.js';
import { buildLlamaModel } from '../../../scripts/gguf/llama-model.js';
import { tinyEmbedding } from '../../../scripts/gguf/presets.js';
import { useProvider } from './hostTestSupport.js';

const texts = [
  'The contract may be terminated by either party with ninety days notice.',
  'Spring weather brings rain, wind and the first warm days.',
  'Payment is due thirty days after the invoice date.',
  'The garden has green trees and flowers in summer.',
  'Confidential information stays confidential after termination.',
  'A report on the model and the data of the last year.',
  'Cold winter, snow and a cloudy forecast for the season.',
];

function vectorsOf(packed: { dimensions: number; vectors: Float32Array }): Float32Array[] {
  return texts.map((_, index) => packed.vectors.subarray(index * packed.dimensions, (index + 1) * packed.dimensions));
}

function expectSameVectors(actual: readonly Float32Array[], expected: readonly Float32Array[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((vector, index) => {
    expect(vector).toHaveLength(expected[index]!.length);
    vector.forEach((value, at) => expect(value).toBeCloseTo(expected[index]![at]!, 5));
  });
}

describe('embedding slot: batches shared out between contexts, vectors back in order', () => {
  let llama: Llama;
  let modelPath: string;

  beforeAll(async () => {
    llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    modelPath = await ensureTestModel('tiny-embedding');
  });
  afterAll(async () => {
    await (llama as Llama | undefined)?.dispose();
  });

  it('gives two contexts of one thread the same unit vectors, in order, as one context', async () => {
    const single = new EmbeddingSlot(() => Promise.resolve(llama));
    const parallel = new EmbeddingSlot(() => Promise.resolve(llama));
    try {
      const signal = new AbortController().signal;
      const one = vectorsOf(await single.embed({ modelPath, threads: 1 }, texts, signal));
      const two = vectorsOf(await parallel.embed({ modelPath, threads: 2 }, texts, signal));
      expectSameVectors(two, one);
      for (const vector of two) expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
      // Each text alone (the query path) gives the vector it had in the batch.
      for (const [index, text] of texts.entries()) {
        const { vectors } = await parallel.embed({ modelPath, threads: 2 }, [text], signal);
        expectSameVectors([vectors], [one[index]!]);
      }
    } finally {
      await single.dispose();
      await parallel.dispose();
    }
  });

  it('stops a batch when cancelled, with import-cancelled', async () => {
    const slot = new EmbeddingSlot(() => Promise.resolve(llama));
    try {
      const controller = new AbortController();
      controller.abort();
      await expect(slot.embed({ modelPath, threads: 2 }, texts, controller.signal)).rejects.toMatchObject({ code: 'import-cancelled' });
      // The slot is usable afterwards.
      const { vectors } = await slot.embed({ modelPath, threads: 2 }, texts.slice(0, 2), new AbortController().signal);
      expect(vectors.length).toBeGreaterThan(0);
    } finally {
      await slot.dispose();
    }
  });
});

describe('chunks for an embedder with a short context', () => {
  it('are never longer than the embedder reads whole, so every one embeds, whatever size was asked', async () => {
    const shortContext = await ensureGeneratedModel(
      'tiny-embedding-context64-v1',
      buildLlamaModel({ ...tinyEmbedding, contextLength: 64 }),
    );
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    const slot = new EmbeddingSlot(() => Promise.resolve(llama));
    try {
      const text = texts.join(' ').repeat(6);
      const [spans] = await slot.chunkTexts({ modelPath: shortContext, threads: 1 }, [text], 256, 16);
      expect(spans!.length).toBeGreaterThan(3);
      expect(Math.max(...spans!.map((span) => span.tokenCount))).toBeLessThanOrEqual(64 - 3);
      const chunks = spans!.map((span) => text.slice(span.start, span.end));
      const { vectors, dimensions } = await slot.embed({ modelPath: shortContext, threads: 1 }, chunks, new AbortController().signal);
      expect(vectors.length).toBe(chunks.length * dimensions);
    } finally {
      await slot.dispose();
      await llama.dispose();
    }
  });
});

describe('embeddings over the model host', () => {
  const provider = useProvider();

  it('arrive as the unit vectors the slot computes, one Float32Array per text', async () => {
    const modelPath = await ensureTestModel('tiny-embedding');
    const model: ModelInfo = {
      id: 'tiny-embedding', name: 'tiny-embedding', fileName: path.basename(modelPath), path: modelPath, parts: [modelPath],
      sizeBytes: fs.statSync(modelPath).size, sha256: '0'.repeat(64), architecture: 'llama', parameterCount: 0,
      quantization: 'F32', contextLength: 2048, hasChatTemplate: false, purpose: 'embedding', license: null, storage: 'copied', integrity: 'ok',
      importedAt: 0, verifiedAt: null, settings: { ...defaultModelSettings, threads: 2 }, adapters: [], probe: null,
    };
    const llama = await getLlama({ gpu: false, logLevel: LlamaLogLevel.error });
    const slot = new EmbeddingSlot(() => Promise.resolve(llama));
    try {
      const expected = vectorsOf(await slot.embed({ modelPath, threads: 1 }, texts, new AbortController().signal));
      const received = await provider({ threads: 2 }).embed(model, [...texts]);
      expect(received.every((vector) => vector instanceof Float32Array)).toBe(true);
      expectSameVectors(received, expected);
    } finally {
      await slot.dispose();
      await llama.dispose();
    }
  });
});
