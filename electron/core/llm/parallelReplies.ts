import { defaultSequencesPerModel } from './host/sequencePool.js';

/**
 * The most API requests one model serves at once, whatever the policy allows (it allows up to 64):
 * each sequence holds a whole context of KV cache, and on a CPU a batch wider than this gains little.
 */
export const maxApiSequences = 16;

/**
 * How many sequences (replies at once) a chat model is loaded with: two for the app alone; while the
 * local API server runs, one per request the policy lets it run at once (at most 16) and one more,
 * which the queue keeps for the app (providerQueue.ts), so the window never waits behind API clients.
 * `apiConcurrency` is the policy's `apiServer.maxConcurrentRequests`, or null while no server runs.
 */
export function sequencesWanted(apiConcurrency: number | null): number {
  if (apiConcurrency === null) return defaultSequencesPerModel;
  return Math.max(defaultSequencesPerModel, Math.min(apiConcurrency, maxApiSequences) + 1);
}
