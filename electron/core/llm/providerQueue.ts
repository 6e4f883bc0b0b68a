/**
 * Whose request it is: the app's own (the window, the CLI, indexing) or a client of the local API
 * server. A waiting app request starts before every waiting API request, and API requests never hold
 * the last free slot of a model, so the window gets a reply going at once however busy the API is.
 */
export type RequestLane = 'app' | 'api';

/** A request that uses one loaded model, and runs beside the others on it. */
export interface SharedWork<T> {
  /** Requests of one group share its slots (a model's sequences). */
  group: string;
  /** How many of the group's requests may run at once now. */
  limit: () => number;
  /** Whether the group's model is loaded as this request needs it; checked whenever the request could start. */
  ready: () => boolean;
  /** Loads what `ready` found missing; runs alone, like every request that changes what is loaded. */
  prepare: () => Promise<void>;
  /** The work itself, beside the group's other requests. */
  run: () => Promise<T>;
}

interface Entry {
  /** Absent: the request runs alone from start to end. */
  shared?: Pick<SharedWork<unknown>, 'group' | 'limit' | 'ready'>;
  /** Starts the request; `alone` says whether it holds the queue by itself for now. */
  start: (alone: boolean) => void;
}

type LaneCounts = Record<RequestLane, number>;

/**
 * The order in which LocalProvider sends requests to the model host. Requests that change what is
 * loaded (load, unload, probe, stopping the host) run alone; replies on a loaded model run together,
 * up to its sequences. Within a lane arrival order is kept: a waiting request that must run alone is
 * not overtaken by anything that came after it, so a load cannot be starved by a stream of replies.
 */
export class ProviderQueue {
  private readonly waiting: Record<RequestLane, Entry[]> = { app: [], api: [] };
  private aloneRunning = false;
  private readonly sharedRunning = new Map<string, LaneCounts>();

  /** Requests running and waiting. */
  get size(): number {
    let running = this.aloneRunning ? 1 : 0;
    for (const counts of this.sharedRunning.values()) running += counts.app + counts.api;
    return running + this.waiting.app.length + this.waiting.api.length;
  }

  /** Runs `work` alone, once everything before it in its lane (and the app's lane) has started and finished. */
  alone<T>(lane: RequestLane, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting[lane].push({
        start: () => {
          Promise.resolve()
            .then(work)
            .then(resolve, reject)
            .finally(() => {
              this.aloneRunning = false;
              this.startWhatCan();
            });
        },
      });
      this.startWhatCan();
    });
  }

  /** Runs `work` beside the other requests of its group; first, alone, its `prepare` when the group is not ready. */
  shared<T>(lane: RequestLane, work: SharedWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting[lane].push({
        shared: work,
        start: (alone) => {
          this.runShared(work, lane, alone).then(resolve, reject);
        },
      });
      this.startWhatCan();
    });
  }

  private async runShared<T>(work: SharedWork<T>, lane: RequestLane, alone: boolean): Promise<T> {
    if (alone) {
      try {
        await work.prepare();
      } catch (error) {
        this.aloneRunning = false;
        this.startWhatCan();
        throw error;
      }
      // Prepared alone, it now runs as one of its group, and others may start beside it.
      this.aloneRunning = false;
      this.countShared(work.group, lane, 1);
      this.startWhatCan();
    }
    try {
      return await work.run();
    } finally {
      this.finishShared(work.group, lane);
    }
  }

  private finishShared(group: string, lane: RequestLane): void {
    this.countShared(group, lane, -1);
    this.startWhatCan();
  }

  private countShared(group: string, lane: RequestLane, change: 1 | -1): void {
    const counts = this.sharedRunning.get(group) ?? { app: 0, api: 0 };
    counts[lane] += change;
    if (counts.app + counts.api <= 0) this.sharedRunning.delete(group);
    else this.sharedRunning.set(group, counts);
  }

  /** Starts every waiting request that may start now: the app's lane first, then the API's. */
  private startWhatCan(): void {
    for (const lane of ['app', 'api'] as const) {
      const entries = this.waiting[lane];
      let index = 0;
      for (let entry = entries[index]; entry; entry = entries[index]) {
        if (this.aloneRunning) return;
        if (!entry.shared || !entry.shared.ready()) {
          // Only the oldest waiting request may start alone, and only once nothing else runs.
          if (index === 0 && this.sharedRunning.size === 0 && (lane === 'app' || this.waiting.app.length === 0)) {
            entries.splice(index, 1);
            this.aloneRunning = true;
            entry.start(true);
          }
          return; // Nothing that arrived after a request waiting to run alone overtakes it.
        }
        if (this.mayJoin(entry.shared, lane)) {
          entries.splice(index, 1);
          this.countShared(entry.shared.group, lane, 1);
          entry.start(false);
        } else index++;
      }
    }
  }

  /**
   * Whether one more request of the group may run: within its limit, and for the API's lane never in
   * the last free slot, which is kept for the app (unless the group has only one).
   */
  private mayJoin(shared: Pick<SharedWork<unknown>, 'group' | 'limit'>, lane: RequestLane): boolean {
    const limit = Math.max(1, shared.limit());
    const counts = this.sharedRunning.get(shared.group) ?? { app: 0, api: 0 };
    if (counts.app + counts.api >= limit) return false;
    return lane === 'app' || limit === 1 || counts.api < limit - 1;
  }
}
