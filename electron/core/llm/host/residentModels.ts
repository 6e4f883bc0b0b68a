import type { ChatWrapper, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import type { LoadedModelInfo } from '../../../shared/domain.js';
import type { SequencePool } from './sequencePool.js';

/** A model held in memory with its own context and sequences, ready to generate. */
export interface ResidentModel {
  /** The options it was loaded with; a load with other options reloads it. */
  key: string;
  model: LlamaModel;
  context: LlamaContext;
  /** One per reply that may run at once; each keeps the user's whole context size. */
  sequences: SequencePool<LlamaContextSequence>;
  /**
   * Resolved once at load: node-llama-cpp works out the chat format from the model's template on
   * every new chat session otherwise, which costs about half a second before each reply's first token.
   */
  chatWrapper: ChatWrapper;
  info: LoadedModelInfo;
  /** Estimated RAM use, counted against a fixed memory budget when another model loads. */
  ramBytes: number;
}

/**
 * The loaded models, least recently used first. A Map keeps insertion order, so touching a model
 * (delete and re-insert) moves it to the end and the first entry is always the one to evict.
 */
export class ResidentModels {
  private readonly models = new Map<string, ResidentModel>();

  get size(): number {
    return this.models.size;
  }

  /** The model, marked as just used. */
  use(modelId: string): ResidentModel | undefined {
    const resident = this.models.get(modelId);
    if (!resident) return undefined;
    this.models.delete(modelId);
    this.models.set(modelId, resident);
    return resident;
  }

  peek(modelId: string): ResidentModel | undefined {
    return this.models.get(modelId);
  }

  add(resident: ResidentModel): void {
    this.models.delete(resident.info.modelId);
    this.models.set(resident.info.modelId, resident);
  }

  leastRecentlyUsed(): ResidentModel | undefined {
    return this.models.values().next().value;
  }

  ids(): string[] {
    return [...this.models.keys()];
  }

  ramBytes(): number {
    let total = 0;
    for (const resident of this.models.values()) total += resident.ramBytes;
    return total;
  }

  /** Frees the model's context and weights; false when it was not loaded. */
  async remove(modelId: string): Promise<boolean> {
    const resident = this.models.get(modelId);
    if (!resident) return false;
    this.models.delete(modelId);
    await resident.context.dispose();
    await resident.model.dispose();
    return true;
  }
}
