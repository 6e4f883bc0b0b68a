import path from 'node:path';
import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { type ChunkSpan, planChunks } from '../../text/chunkText.js';
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

/**
 * Embedding contexts a batch runs on at once. Each evaluates its own texts with its share of the
 * threads, so the threads never wait for each other: with one context of two threads, every layer
 * ends in a barrier both must reach, and on a busy machine one of them is often descheduled there
 * (measured here: two contexts of one thread embedded 2.5x the chunks per second of one of two).
 */
const maxParallelContexts = 2;

interface Resident {
  key: string;
  model: LlamaModel;
  /** The first serves single texts (queries); the others are created by the first batch that can use them. */
  contexts: LlamaEmbeddingContext[];
  threadsPerContext: number;
  parallel: number;
}

/**
 * The embedding model's slot in the model host: one model with up to `maxParallelContexts` embedding
 * contexts, kept apart from the chat models so indexing never evicts the model a user is chatting
 * with. It shares the chat runtime's llama.cpp backend (one owner of the native library); callers
 * serialise through the host's request queue.
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
    // A chunk the embedder cannot read whole would fail to embed (or, in other runtimes, be cut off
    // unseen): no chunk is longer than its context, less the tokens it adds around a text.
    const limit = Math.min(maxTokens, usableEmbeddingTokens(model));
    return texts.map((text) => planChunks(text, { maxTokens: limit, overlapTokens, countTokens }));
  }

  /**
   * One unit-length vector per text, in order, packed into one array (text i at `i * dimensions`): unit
   * length makes sqlite-vec's L2 distance rank as cosine does. An embedding context evaluates one
   * sequence at a time, so the texts are shared out between the slot's contexts, each taking the next
   * text when it is done with one; `signal` is checked between texts.
   */
  async embed(options: EmbeddingModelOptions, texts: readonly string[], signal: AbortSignal): Promise<EmbeddedTexts> {
    const resident = await this.ensure(options);
    const contexts = await this.contextsFor(resident, texts.length);
    const dimensions = resident.model.embeddingVectorSize;
    const vectors = new Float32Array(texts.length * dimensions);
    let next = 0;
    let failed = false;
    const work = async (context: LlamaEmbeddingContext) => {
      while (!failed) {
        const index = next;
        const text = texts[index];
        if (text === undefined) break; // every text has been taken
        if (signal.aborted) throw new EnclaveError('import-cancelled', 'Embedding was cancelled.');
        next++;
        const { vector } = await context.getEmbeddingFor(text);
        if (vector.length === 0) continue; // an empty text: a zero vector, near nothing
        if (vector.length !== dimensions) {
          throw new EnclaveError('internal', `The embedding model returned ${vector.length} values instead of ${dimensions}.`);
        }
        writeUnit(vector, vectors, index * dimensions);
      }
    };
    // Every context stops before the reply goes out: the next request must find them idle.
    const outcomes = await Promise.allSettled(
      contexts.map((context) =>
        work(context).catch((error: unknown) => {
          failed = true;
          throw error;
        }),
      ),
    );
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    return { dimensions, vectors };
  }

  get loaded(): boolean {
    return this.resident !== undefined;
  }

  /** Frees the model and its contexts; the backend belongs to the chat runtime. */
  async dispose(): Promise<void> {
    const resident = this.resident;
    this.resident = undefined;
    for (const context of resident?.contexts ?? []) await context.dispose();
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
      const parallel = Math.max(1, Math.min(maxParallelContexts, options.threads));
      const threadsPerContext = Math.floor(options.threads / parallel);
      const first = await createContext(model, threadsPerContext);
      this.resident = { key, model, contexts: [first], threadsPerContext, parallel };
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

  /** The contexts for a batch of `count` texts, creating the missing ones; fewer when memory runs short. */
  private async contextsFor(resident: Resident, count: number): Promise<LlamaEmbeddingContext[]> {
    const wanted = Math.min(resident.parallel, count);
    try {
      while (resident.contexts.length < wanted) {
        resident.contexts.push(await createContext(resident.model, resident.threadsPerContext));
      }
    } catch {
      resident.parallel = resident.contexts.length; // runs on the contexts it has
    }
    return resident.contexts.slice(0, wanted);
  }
}

function createContext(model: LlamaModel, threads: number): Promise<LlamaEmbeddingContext> {
  return model.createEmbeddingContext({ threads, contextSize: { max: embeddingContextSize(model) } });
}

function embeddingContextSize(model: Pick<LlamaModel, 'trainContextSize'>): number {
  return Math.min(embeddingContextCap, model.trainContextSize);
}

/**
 * Tokens of text an embedding context of the model reads whole: its size less room for the tokens the
 * model adds around a text (BERT's [CLS] and [SEP], a BOS and EOS), and llama.cpp wants the input
 * strictly shorter than the context. 509 for MiniLM's 512.
 */
export function usableEmbeddingTokens(model: Pick<LlamaModel, 'trainContextSize'>): number {
  return Math.max(1, embeddingContextSize(model) - 3);
}

/** Vectors of a batch of texts, packed: text i's vector is `vectors.subarray(i * dimensions, (i + 1) * dimensions)`. */
export interface EmbeddedTexts {
  dimensions: number;
  vectors: Float32Array;
}

/** `vector` scaled to unit length, written into `target` from `offset`. */
function writeUnit(vector: readonly number[], target: Float32Array, offset: number): void {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const scale = sum === 0 ? 1 : 1 / Math.sqrt(sum);
  vector.forEach((value, index) => {
    target[offset + index] = value * scale;
  });
}
