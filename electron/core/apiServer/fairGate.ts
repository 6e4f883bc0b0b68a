import { ApiError } from './apiErrors.js';

interface Waiter {
  start: () => void;
  refuse: (error: Error) => void;
}

/**
 * Admits at most `limit()` requests at once and lets the rest wait, taking turns between clients:
 * when a slot frees, the next client in rotation goes, not the one that sent most. A client with
 * `maxWaitingPerClient` requests already waiting is refused with 429, so no client can queue up
 * unbounded work. (The model host then runs the app's own requests before these: localProvider.ts.)
 */
export class FairGate {
  private running = 0;
  /** Waiting requests per client, in the order the clients first came to wait (the rotation). */
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(
    private readonly limit: () => number,
    private readonly maxWaitingPerClient = 32,
  ) {}

  /**
   * Resolves with the release of a slot once the request may run. A request whose `signal` aborts
   * while it waits leaves the line and rejects with the signal's reason.
   */
  acquire(client: string, signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (this.running < this.limit() && this.waiting.size === 0) return Promise.resolve(this.take());
    const line = this.waiting.get(client) ?? [];
    if (line.length >= this.maxWaitingPerClient) {
      return Promise.reject(
        new ApiError(429, 'rate_limit_error', `This client already has ${line.length} requests waiting; send more once some have finished.`, 'too_many_waiting'),
      );
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          signal.removeEventListener('abort', leave);
          resolve(this.take());
        },
        refuse: reject,
      };
      const leave = () => {
        this.remove(client, waiter);
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal.addEventListener('abort', leave, { once: true });
      line.push(waiter);
      this.waiting.set(client, line);
    });
  }

  /** Refuses every waiting request (the server is stopping); running ones finish on their own. */
  refuseAll(error: Error): void {
    const lines = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of lines.flat()) waiter.refuse(error);
  }

  /** Requests running now, and waiting. */
  counts(): { running: number; waiting: number } {
    let waiting = 0;
    for (const line of this.waiting.values()) waiting += line.length;
    return { running: this.running, waiting };
  }

  private take(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.admitNext();
    };
  }

  private admitNext(): void {
    while (this.running < this.limit()) {
      const next = this.waiting.entries().next();
      if (next.done) return;
      const [client, line] = next.value;
      const waiter = line.shift();
      // The client goes to the back of the rotation, with what it still has waiting.
      this.waiting.delete(client);
      if (line.length > 0) this.waiting.set(client, line);
      waiter?.start();
    }
  }

  private remove(client: string, waiter: Waiter): void {
    const line = this.waiting.get(client);
    if (!line) return;
    const index = line.indexOf(waiter);
    if (index >= 0) line.splice(index, 1);
    if (line.length === 0) this.waiting.delete(client);
  }
}
