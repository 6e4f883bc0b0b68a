/**
 * How the model host orders its requests. Requests that change what is loaded (load, unload, probe)
 * are exclusive: they run alone. Requests that only use a loaded model (a reply on one of its
 * sequences) are shared: up to a group's limit run at once, so llama.cpp decodes them in one batch.
 * Arrival order is kept across the two kinds: a waiting exclusive request is not overtaken by
 * shared requests that came after it, so a load cannot be starved by a stream of replies.
 */

/** Alone, or together with others of the same group up to its limit. */
export type ScheduleMode = { kind: 'exclusive' } | { kind: 'shared'; group: string; limit: number };

interface Waiting {
  mode: ScheduleMode;
  start: () => void;
}

export class RequestScheduler {
  private readonly waiting: Waiting[] = [];
  private exclusiveRunning = false;
  private readonly sharedRunning = new Map<string, number>();

  /** Runs the task when its mode allows; resolves or rejects with the task's own outcome. */
  run<T>(mode: ScheduleMode, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({
        mode,
        start: () => {
          // Through a promise, so a task that throws before its first await still frees its slot.
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              this.finish(mode);
            });
        },
      });
      this.startWhatCan();
    });
  }

  /** Requests running now and waiting, for tests and diagnostics. */
  counts(): { running: number; waiting: number } {
    let shared = 0;
    for (const count of this.sharedRunning.values()) shared += count;
    return { running: shared + (this.exclusiveRunning ? 1 : 0), waiting: this.waiting.length };
  }

  private finish(mode: ScheduleMode): void {
    if (mode.kind === 'exclusive') this.exclusiveRunning = false;
    else {
      const left = (this.sharedRunning.get(mode.group) ?? 1) - 1;
      if (left === 0) this.sharedRunning.delete(mode.group);
      else this.sharedRunning.set(mode.group, left);
    }
    this.startWhatCan();
  }

  private startWhatCan(): void {
    let index = 0;
    for (let entry = this.waiting[index]; entry && !this.exclusiveRunning; entry = this.waiting[index]) {
      if (entry.mode.kind === 'exclusive') {
        // Only the oldest waiting request may start alone, and only once nothing else runs.
        if (index === 0 && this.sharedRunning.size === 0) {
          this.waiting.splice(index, 1);
          this.exclusiveRunning = true;
          entry.start();
        }
        return; // Nothing that arrived after a waiting exclusive request overtakes it.
      }
      const running = this.sharedRunning.get(entry.mode.group) ?? 0;
      if (running < Math.max(1, entry.mode.limit)) {
        this.waiting.splice(index, 1);
        this.sharedRunning.set(entry.mode.group, running + 1);
        entry.start();
      } else index++;
    }
  }
}
