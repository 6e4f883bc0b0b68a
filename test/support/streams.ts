/** One request's stream, recorded: every event in order, and a wait for its `end`. */
export interface RecordedStream<E extends { type: string }> {
  readonly events: E[];
  readonly listener: (event: E) => void;
  /** Resolves with the stream's `end` event (at once when it came already). */
  end(): Promise<Extract<E, { type: 'end' }>>;
}

/** Records any request's stream (an import's, say); `recordReply` in core.ts adds a reply's text. */
export function recordStream<E extends { type: string }>(): RecordedStream<E> {
  const events: E[] = [];
  const waiters: ((event: Extract<E, { type: 'end' }>) => void)[] = [];
  const isEnd = (event: E): event is Extract<E, { type: 'end' }> => event.type === 'end';
  return {
    events,
    listener(event) {
      events.push(event);
      if (isEnd(event)) waiters.splice(0).forEach((resolve) => resolve(event));
    },
    end() {
      const ended = events.find(isEnd);
      return ended ? Promise.resolve(ended) : new Promise((resolve) => waiters.push(resolve));
    },
  };
}
