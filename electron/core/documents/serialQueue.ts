/**
 * Runs tasks one at a time in the order given. Imports and re-indexing share the model host's one
 * embedding context, and the database writes of one file at a time keep memory flat, so running them
 * side by side would only interleave their progress without finishing anything sooner.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Settles when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
