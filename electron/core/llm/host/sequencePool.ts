/**
 * Replies that may run at once on one loaded chat model when nothing asks for more: the window's and a
 * background task's (a re-index, a second window). The local API server asks for more while it runs
 * (`sequencesWanted` in core). Each sequence has its own KV cache of the full context size, which the
 * fit estimate counts.
 */
export const defaultSequencesPerModel = 2;

/** What the pool needs of a llama.cpp context sequence: whether it holds any evaluated tokens. */
export interface PooledSequence {
  readonly nextTokenIndex: number;
}

interface Waiter<Sequence> {
  turns: readonly string[];
  resolve: (sequence: Sequence | undefined) => void;
}

/**
 * The sequences of one resident model's context: each reply takes a free one, so several replies
 * run at once and llama.cpp decodes them in one batch; a reply that finds all busy waits for one.
 * A follow-up turn of a chat should land on the sequence that already holds its earlier turns, so
 * node-llama-cpp reuses that KV cache instead of reading the whole conversation again. Each sequence
 * remembers the turns it last answered (and its answer), so choosing one compares a few strings
 * instead of detokenizing every sequence's whole context.
 */
export class SequencePool<Sequence extends PooledSequence> {
  /** Free sequences, longest free first: a new chat takes the one whose cache was used least recently. */
  private readonly free: Sequence[];
  private readonly history = new Map<Sequence, readonly string[]>();
  private readonly waiters: Waiter<Sequence>[] = [];

  constructor(private readonly all: readonly Sequence[]) {
    this.free = [...all];
  }

  get size(): number {
    return this.all.length;
  }

  /** Every sequence, for exclusive work (a speed probe) that runs while no reply does. */
  sequences(): readonly Sequence[] {
    return this.all;
  }

  /**
   * The free sequence that last answered the longest run of `turns` from the first one on; when all
   * are busy, the first to be released. Resolves undefined if `signal` aborts while waiting.
   */
  acquire(turns: readonly string[], signal?: AbortSignal): Promise<Sequence | undefined> {
    const sequence = this.takeBest(turns);
    if (sequence || signal?.aborted) return Promise.resolve(sequence);
    return new Promise((resolve) => {
      const waiter: Waiter<Sequence> = { turns, resolve };
      this.waiters.push(waiter);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.waiters.indexOf(waiter);
          if (index < 0) return;
          this.waiters.splice(index, 1);
          resolve(undefined);
        },
        { once: true },
      );
    });
  }

  /**
   * Gives the sequence back. `answered` is the conversation it now holds (the turns and the reply), or
   * empty when unknown (a failed reply): it decides where the chat's next turn goes.
   */
  release(sequence: Sequence, answered: readonly string[]): void {
    if (!this.all.includes(sequence) || this.free.includes(sequence)) return;
    this.history.set(sequence, answered);
    this.free.push(sequence);
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(this.takeBest(waiter.turns));
  }

  private takeBest(turns: readonly string[]): Sequence | undefined {
    let best: { sequence: Sequence; score: number } | undefined;
    for (const sequence of this.free) {
      // A probe or a cleared history empties a sequence behind the pool's back: nothing of it is left to reuse.
      const score = sequence.nextTokenIndex === 0 ? 0 : sharedTurns(this.history.get(sequence) ?? [], turns);
      if (!best || score > best.score) best = { sequence, score };
    }
    if (!best) return undefined;
    this.free.splice(this.free.indexOf(best.sequence), 1);
    return best.sequence;
  }
}

/** How many turns, in order from the first, the two conversations have in common. */
function sharedTurns(answered: readonly string[], turns: readonly string[]): number {
  let count = 0;
  while (count < answered.length && count < turns.length && answered[count] === turns[count]) count++;
  return count;
}
