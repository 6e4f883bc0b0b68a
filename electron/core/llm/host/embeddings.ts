import path from 'node:path';
import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { type ChunkSpan, planChunks } from '../../documents/ingest/chunkText.js';
import { EnclaveError } from '../../errors.js';
import { inspectModelFile } from '../modelFile.js';

/** What an embedding model runs with; another value for either reloads it. */
export interface EmbeddingModelOptions {
  modelPath: string;
  /** Worker threads for llama.cpp; always explicit. */
  threads: number;
}

/** The largest context an embedding context takes: chunks are a few hundred tokens, so more only costs memory. */
const embeddingContextCap = 2048;

interface Resident {
  key: string;
  model: LlamaModel;
  context: LlamaEmbeddingContext;
}

/**
 * The embedding model's slot in the model host: one model with one embedding context, kept apart from
 * the chat models so indexing never evicts the model a user is chatting with. It shares the chat
 * runtime's llama.cpp backend (one owner of the native library); callers serialise through the host's
 * request queue.
 */
export class EmbeddingSlot {
  private resident: Resident | undefined;

  constructor(private readonly backend: () => Promise<Llama>) {}

  /** Chunk spans of each text, measured with the model's own tokenizer (see `planChunks`). */
  async chunkTexts(
    options: EmbeddingModelOptions,
    texts: readonly string[],
    maxTokens: number,
    overlapTokens: number,
  ): Promise<ChunkSpan[][]> {
    const { model } = await this.ensure(options);
    const countTokens = (text: string) => model.tokenize(text).length;
    return texts.map((text) => planChunks(text, { maxTokens, overlapTokens, countTokens }));
  }

  /**
   * One unit-length vector per text, in order (unit length makes sqlite-vec's L2 distance rank as cosine
   * does, and is what the int8 index's `unit` quantisation expects). The embedding context evaluates one
   * sequence at a time, so texts go through it one after another; `signal` is checked between them.
   */
  async embed(options: EmbeddingModelOptions, texts: readonly string[], signal: AbortSignal): Promise<number[][]> {
    const { context } = await this.ensure(options);
    const vectors: number[][] = [];
    for (const text of texts) {
      if (signal.aborted) throw new EnclaveError('import-cancelled', 'Embedding was cancelled.');
      const embedding = await context.getEmbeddingFor(text);
      vectors.push(normalise(embedding.vector));
    }
    return vectors;
  }

  get loaded(): boolean {
    return this.resident !== undefined;
  }

  /** Frees the model and its context; the backend belongs to the chat runtime. */
  async dispose(): Promise<void> {
    const resident = this.resident;
    this.resident = undefined;
    await resident?.context.dispose();
    await resident?.model.dispose();
  }

  private async ensure(options: EmbeddingModelOptions): Promise<Resident> {
    const key = JSON.stringify([options.modelPath, options.threads]);
    if (this.resident?.key === key) return this.resident;
    await this.dispose();
    await inspectModelFile(options.modelPath);
    const llama = await this.backend();
    let model: LlamaModel | undefined;
    try {
      model = await llama.loadModel({ modelPath: options.modelPath });
      const context = await model.createEmbeddingContext({
        threads: options.threads,
        contextSize: { max: Math.min(embeddingContextCap, model.trainContextSize) },
      });
      this.resident = { key, model, context };
      return this.resident;
    } catch (error) {
      await model?.dispose();
      if (error instanceof EnclaveError) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      throw new EnclaveError(
        'model-load-failed',
        `llama.cpp could not load ${path.basename(options.modelPath)} as an embedding model: ${detail}`,
        { cause: error },
      );
    }
  }
}

function normalise(vector: readonly number[]): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return norm === 0 ? [...vector] : vector.map((value) => value / norm);
}
