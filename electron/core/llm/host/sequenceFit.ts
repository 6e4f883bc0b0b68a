import type { Llama } from 'node-llama-cpp';
import type { FitEstimate } from '../../../shared/domain.js';
import { estimateFit, type MemoryBudget } from './fitEstimate.js';
import type { ModelRunOptions } from './protocol.js';
import { defaultSequencesPerModel } from './sequencePool.js';

/** An estimate, and how many sequences (replies at once) it holds. */
export interface SequencedEstimate {
  estimate: FitEstimate;
  sequences: number;
}

/**
 * Estimates `options` with as many of the sequences it asks for as fit. The context is chosen (or
 * checked) for the default two sequences first, as when the app alone uses the model; sequences
 * beyond those are added only while they fit beside that context, so the API server's parallel
 * requests never shrink the context a chat gets. Each sequence costs a whole context of KV cache.
 */
export async function estimateWithSequences(llama: Llama, options: ModelRunOptions, budget: MemoryBudget): Promise<SequencedEstimate> {
  const wanted = options.sequences ?? defaultSequencesPerModel;
  const base = Math.min(wanted, defaultSequencesPerModel);
  const baseEstimate = await estimateFit(llama, { ...options, sequences: base }, budget);
  if (!baseEstimate.fits || wanted === base) return { estimate: baseEstimate, sequences: base };
  const fixed: ModelRunOptions = { ...options, contextSize: baseEstimate.contextSize };
  const full = await estimateFit(llama, { ...fixed, sequences: wanted }, budget);
  if (full.fits) return { estimate: full, sequences: wanted };
  // Memory grows with each sequence: the largest count that fits lies between `base` (fits) and `wanted` (does not).
  let best: SequencedEstimate = { estimate: baseEstimate, sequences: base };
  let low = base + 1;
  let high = wanted - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const estimate = await estimateFit(llama, { ...fixed, sequences: middle }, budget);
    if (estimate.fits) {
      best = { estimate, sequences: middle };
      low = middle + 1;
    } else high = middle - 1;
  }
  return best;
}
