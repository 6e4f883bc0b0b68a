import type { LoadedPolicy } from './loadPolicy.js';

/** Called with the policy now in force and the one it replaced. */
export type PolicyListener = (next: LoadedPolicy, previous: LoadedPolicy) => void;

/**
 * The machine policy in force, for everything in core that asks: it changes while the app runs when an
 * administrator changes a source (watchPolicy.ts), so core reads `current()` at each decision rather
 * than keeping the policy it started with.
 */
export class PolicyHolder {
  private loaded: LoadedPolicy;
  private readonly listeners = new Set<PolicyListener>();

  constructor(initial: LoadedPolicy) {
    this.loaded = initial;
  }

  current(): LoadedPolicy {
    return this.loaded;
  }

  /**
   * Puts `next` in force when its content differs from the current one's (another hash, status or
   * error), and tells the listeners; returns whether it did. The same content read again changes nothing.
   */
  replace(next: LoadedPolicy): boolean {
    const previous = this.loaded;
    if (fingerprint(next) === fingerprint(previous)) return false;
    this.loaded = next;
    for (const listener of [...this.listeners]) listener(next, previous);
    return true;
  }

  /** Listens for changes; returns the function that stops listening. */
  onChange(listener: PolicyListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function fingerprint({ sha256, source }: LoadedPolicy): string {
  return JSON.stringify([sha256 ?? null, source.status, source.error ?? null, source.origin, source.path]);
}
