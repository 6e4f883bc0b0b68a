import { describe, expect, it } from 'vitest';
import { SequencePool } from '../../../electron/core/llm/host/sequencePool.js';

/** Stands in for a llama.cpp sequence: the pool only reads whether it holds any tokens. */
function sequence(name: string, tokens = 0): { name: string; nextTokenIndex: number } {
  return { name, nextTokenIndex: tokens };
}

describe('the sequence pool', () => {
  it("sends a chat's next turn to the sequence that answered its earlier turns", async () => {
    const [one, two] = [sequence('one'), sequence('two')];
    const pool = new SequencePool([one, two]);
    const first = await pool.acquire(['system', 'about the lease']);
    const second = await pool.acquire(['system', 'about the invoice']);
    expect(new Set([first, second])).toEqual(new Set([one, two]));
    first!.nextTokenIndex = 40;
    second!.nextTokenIndex = 40;
    pool.release(first!, ['system', 'about the lease', 'The lease runs a year.']);
    pool.release(second!, ['system', 'about the invoice', 'It is due in May.']);
    // The invoice chat was released last; its follow-up still goes to its own sequence, not the older one.
    await expect(pool.acquire(['system', 'about the invoice', 'It is due in May.', 'and the amount?'])).resolves.toBe(second);
    await expect(pool.acquire(['system', 'about the lease', 'The lease runs a year.', 'who pays repairs?'])).resolves.toBe(first);
  });

  it('gives a new chat the sequence used least recently, and ignores what an emptied sequence held', async () => {
    const [one, two] = [sequence('one', 10), sequence('two', 10)];
    const pool = new SequencePool([one, two]);
    const a = await pool.acquire(['x']);
    const b = await pool.acquire(['y']);
    pool.release(b!, ['y', 'reply']);
    pool.release(a!, ['x', 'reply']);
    await expect(pool.acquire(['new chat'])).resolves.toBe(b);
    pool.release(b!, ['y', 'reply']);
    // A probe clears a sequence: its remembered conversation is no longer there to reuse.
    a!.nextTokenIndex = 0;
    b!.nextTokenIndex = 0;
    await expect(pool.acquire(['x', 'reply', 'more'])).resolves.toBe(a);
  });

  it('makes a reply wait for a sequence when all are busy, and lets a cancelled wait go', async () => {
    const only = sequence('only');
    const pool = new SequencePool([only]);
    const held = await pool.acquire(['first']);
    const cancel = new AbortController();
    const cancelled = pool.acquire(['second'], cancel.signal);
    const waiting = pool.acquire(['third']);
    cancel.abort();
    await expect(cancelled).resolves.toBeUndefined();
    let got: unknown = 'not yet';
    void waiting.then((value) => (got = value));
    await new Promise((resolve) => setImmediate(resolve));
    expect(got).toBe('not yet');
    pool.release(held!, []);
    await expect(waiting).resolves.toBe(only);
  });
});
