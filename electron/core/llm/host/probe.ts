import type { ProbeResult } from '../../../shared/domain.js';
import type { ResidentModel } from './residentModels.js';

/** Tokens the probe reads, then writes: enough for stable rates, short enough to finish in seconds. */
export const probePromptTokens = 64;
export const probeGeneratedTokens = 48;

const probeText =
  'The quarterly report summarises revenue, costs and hiring across the three regional offices. ' +
  'Revenue grew in the north and the west, while the south stayed flat after a slow first month. ' +
  'Costs rose with the new office lease and the move to the larger data centre in the spring.';

/**
 * Measures how fast a loaded model reads a fixed prompt and writes greedily after it, on a cleared
 * sequence. The user starts it and waits for it, so nothing is discarded as warm-up.
 */
export async function measureSpeed(resident: ResidentModel, signal: AbortSignal): Promise<ProbeResult> {
  const { model, info } = resident;
  // Probes are exclusive: no reply runs, so the first sequence is free.
  const [sequence] = resident.sequences.sequences();
  if (!sequence) throw new Error('A resident model has no sequence.');
  const prompt = repeatToLength(model.tokenize(probeText), probePromptTokens);
  await sequence.clearHistory();
  try {
    const started = performance.now();
    let firstTokenAt = 0;
    let generated = 0;
    for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) {
      // The first token comes after the whole prompt was read: the prompt's time ends there.
      if (generated === 0) firstTokenAt = performance.now();
      generated++;
      if (generated >= probeGeneratedTokens || signal.aborted) break;
    }
    const finished = performance.now();
    return {
      promptTokensPerSecond: rate(prompt.length, firstTokenAt - started),
      tokensPerSecond: rate(generated - 1, finished - firstTokenAt),
      gpuLayers: info.gpuLayers,
      threads: info.threads,
      measuredAt: Date.now(),
    };
  } finally {
    // The next chat on this model starts from an empty sequence, not from the probe's text.
    await sequence.clearHistory();
  }
}

function repeatToLength<T>(items: readonly T[], length: number): T[] {
  if (items.length === 0) throw new Error('The probe prompt tokenized to nothing.');
  const repeated: T[] = [];
  while (repeated.length < length) repeated.push(...items);
  return repeated.slice(0, length);
}

function rate(tokens: number, milliseconds: number): number {
  if (tokens <= 0 || milliseconds <= 0) return 0;
  return (tokens * 1000) / milliseconds;
}
