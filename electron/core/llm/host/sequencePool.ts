import type { LlamaContextSequence, LlamaModel } from 'node-llama-cpp';

/**
 * Replies that may run at once on one loaded chat model: the window's and a background task's (a
 * re-index, a second window, an API client). Each sequence has its own KV cache of the full context
 * size, which the fit estimate counts.
 */
export const sequencesPerModel = 2;

/**
 * The sequences of one resident model's context: each reply takes a free one, so several replies
 * run at once and llama.cpp decodes them in one batch. A follow-up turn of a chat should land on the
 * sequence that already holds its earlier turns, so node-llama-cpp reuses that KV cache instead of
 * reading the whole conversation again.
 */
export class SequencePool {
  private readonly free: LlamaContextSequence[];

  constructor(
    private readonly model: LlamaModel,
    private readonly all: readonly LlamaContextSequence[],
  ) {
    this.free = [...all];
  }

  get size(): number {
    return this.all.length;
  }

  /** Every sequence, for exclusive work (a speed probe) that runs while no reply does. */
  sequences(): readonly LlamaContextSequence[] {
    return this.all;
  }

  /**
   * The free sequence whose evaluated text holds the most of `turns` from the first one on (the
   * longest shared prefix of the conversation); undefined when all are busy.
   */
  acquire(turns: readonly string[]): LlamaContextSequence | undefined {
    let best: { sequence: LlamaContextSequence; score: number } | undefined;
    for (const sequence of this.free) {
      const score = sharedTurns(this.model, sequence, turns);
      if (!best || score > best.score) best = { sequence, score };
    }
    if (!best) return undefined;
    this.free.splice(this.free.indexOf(best.sequence), 1);
    return best.sequence;
  }

  release(sequence: LlamaContextSequence): void {
    if (this.all.includes(sequence) && !this.free.includes(sequence)) this.free.push(sequence);
  }
}

/** How many of the turns, in order from the first, the sequence's evaluated text contains. */
function sharedTurns(model: LlamaModel, sequence: LlamaContextSequence, turns: readonly string[]): number {
  if (sequence.contextTokens.length === 0) return 0;
  const evaluated = model.detokenize(sequence.contextTokens);
  let count = 0;
  let from = 0;
  for (const turn of turns) {
    const at = evaluated.indexOf(turn, from);
    if (at < 0) break;
    from = at + turn.length;
    count++;
  }
  return count;
}
