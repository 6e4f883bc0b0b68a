import type { ModelRunOptions } from './protocol.js';
import { defaultSequencesPerModel } from './sequencePool.js';

/**
 * Everything that decides how a model runs, as one string: a load with another key reloads the model.
 * The memory budget and the resident limit only gate a load, so they are not part of it. Core keeps
 * the key of each model it loaded, so a reply on a model loaded as asked goes straight to the host
 * without a load request (which would wait for every reply running on it).
 */
export function runKey(options: ModelRunOptions): string {
  const { modelPath, gpuLayers, contextSize, contextCap, threads, batchSize, flashAttention, adapters } = options;
  const sequences = options.sequences ?? defaultSequencesPerModel;
  const chatTemplate = options.chatTemplate ?? 'auto';
  return JSON.stringify([modelPath, gpuLayers, contextSize, contextCap, threads, batchSize, flashAttention, adapters, sequences, chatTemplate]);
}
