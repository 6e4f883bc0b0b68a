import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/core/apiServer/apiErrors.js';
import { FairGate } from '../../../electron/core/apiServer/fairGate.js';

const never = new AbortController().signal;

describe('the API server\'s fair gate', () => {
  it('runs up to the limit at once, then gives the freed slots to clients in turn, not to whoever sent most', async () => {
    const gate = new FairGate(() => 1);
    const order: string[] = [];
    const first = await gate.acquire('busy', never);
    const waiting = [
      ...['busy-1', 'busy-2', 'busy-3'].map((label) => gate.acquire('busy', never).then((release) => ({ label, release }))),
      gate.acquire('quiet', never).then((release) => ({ label: 'quiet-1', release })),
    ];
    expect(gate.counts()).toEqual({ running: 1, waiting: 4 });
    first();
    for (let turn = 0; turn < 4; turn++) {
      const next = await Promise.race(waiting.map((promise) => promise.then((value) => (order.includes(value.label) ? new Promise<never>(() => undefined) : value))));
      order.push(next.label);
      next.release();
    }
    expect(order).toEqual(['busy-1', 'quiet-1', 'busy-2', 'busy-3']);
    expect(gate.counts()).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a client with too many waiting (429), and lets a request that gave up leave the line', async () => {
    const gate = new FairGate(() => 1, 2);
    const running = await gate.acquire('a', never);
    const stays = gate.acquire('a', never);
    const leaving = new AbortController();
    const leaves = gate.acquire('a', leaving.signal);
    const refused = await gate.acquire('a', never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 429, code: 'too_many_waiting' });
    leaving.abort(new Error('client closed'));
    await expect(leaves).rejects.toThrow('client closed');
    expect(gate.counts()).toEqual({ running: 1, waiting: 1 });
    running();
    (await stays)();
    expect(gate.counts()).toEqual({ running: 0, waiting: 0 });
  });

  it('a release called twice frees one slot; stopping refuses everyone waiting', async () => {
    const gate = new FairGate(() => 2);
    const one = await gate.acquire('a', never);
    const two = await gate.acquire('b', never);
    const waits = gate.acquire('c', never);
    one();
    one();
    const three = await waits;
    expect(gate.counts()).toEqual({ running: 2, waiting: 0 });
    const stranded = gate.acquire('d', never);
    gate.refuseAll(new Error('stopping'));
    await expect(stranded).rejects.toThrow('stopping');
    two();
    three();
    expect(gate.counts()).toEqual({ running: 0, waiting: 0 });
  });
});
