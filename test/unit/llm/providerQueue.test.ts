import { describe, expect, it } from 'vitest';
import { ProviderQueue, type SharedWork } from '../../../electron/core/llm/providerQueue.js';

/** Work the test finishes by hand, recording when it started and ended. */
function manualWork(log: string[], label: string): { work: () => Promise<string>; finish: () => void } {
  let finish: () => void = () => undefined;
  const work = () =>
    new Promise<string>((resolve) => {
      log.push(`start ${label}`);
      finish = () => {
        log.push(`end ${label}`);
        resolve(label);
      };
    });
  return { work, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A model that is loaded (`ready`) once a prepare ran, with `limit` sequences. */
function model(log: string[], limit: number, loaded = true) {
  const state = { loaded, prepares: 0 };
  const reply = (label: string): { work: SharedWork<string>; finish: () => void } => {
    const manual = manualWork(log, label);
    return {
      finish: manual.finish,
      work: {
        group: 'model',
        limit: () => limit,
        ready: () => state.loaded,
        prepare: () => {
          log.push(`load for ${label}`);
          state.prepares++;
          state.loaded = true;
          return Promise.resolve();
        },
        run: manual.work,
      },
    };
  };
  return { state, reply };
}

describe('the provider queue', () => {
  it('runs replies on a loaded model together up to its sequences, the rest waiting for a free one', async () => {
    const queue = new ProviderQueue();
    const log: string[] = [];
    const { reply } = model(log, 2);
    const [a, b, c] = ['a', 'b', 'c'].map(reply);
    const results = [a!, b!, c!].map((entry) => queue.shared('app', entry.work));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    expect(queue.size).toBe(3);
    a!.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end a', 'start c']);
    b!.finish();
    c!.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c']);
    expect(queue.size).toBe(0);
  });

  it('loads a model alone once, then lets the waiting replies run beside the first', async () => {
    const queue = new ProviderQueue();
    const log: string[] = [];
    const { state, reply } = model(log, 4, false);
    const [a, b] = ['a', 'b'].map(reply);
    const results = [queue.shared('app', a!.work), queue.shared('api', b!.work)];
    await settle();
    expect(log[0]).toBe('load for a');
    expect(log.slice(1).sort()).toEqual(['start a', 'start b']);
    expect(state.prepares).toBe(1);
    a!.finish();
    b!.finish();
    await Promise.all(results);
  });

  it('keeps the last free sequence for the app: API requests wait while one app reply could still start', async () => {
    const queue = new ProviderQueue();
    const log: string[] = [];
    const { reply } = model(log, 3);
    const api = ['api1', 'api2', 'api3'].map(reply);
    const results = api.map((entry) => queue.shared('api', entry.work));
    await settle();
    expect(log).toEqual(['start api1', 'start api2']);
    const app = reply('app');
    results.push(queue.shared('app', app.work));
    await settle();
    expect(log).toEqual(['start api1', 'start api2', 'start app']);
    app.finish();
    await settle();
    // The app's slot is free again, and kept for it: API requests stay at two of three.
    expect(log.at(-1)).toBe('end app');
    api[0]!.finish();
    await settle();
    expect(log.at(-1)).toBe('start api3');
    for (const entry of api.slice(1)) entry.finish();
    await Promise.all(results);
  });

  it('starts a waiting app request before API requests that waited longer', async () => {
    const queue = new ProviderQueue();
    const log: string[] = [];
    const { reply } = model(log, 1);
    const first = reply('first');
    const waitingApi = reply('api');
    const waitingApp = reply('app');
    const results = [queue.shared('app', first.work), queue.shared('api', waitingApi.work), queue.shared('app', waitingApp.work)];
    await settle();
    first.finish();
    await settle();
    expect(log).toEqual(['start first', 'end first', 'start app']);
    waitingApp.finish();
    await settle();
    waitingApi.finish();
    await Promise.all(results);
    expect(log).toEqual(['start first', 'end first', 'start app', 'end app', 'start api', 'end api']);
  });

  it('runs a request alone after the replies before it, and replies after it wait for it', async () => {
    const queue = new ProviderQueue();
    const log: string[] = [];
    const { reply } = model(log, 4);
    const before = reply('before');
    const unload = manualWork(log, 'unload');
    const after = reply('after');
    const results = [queue.shared('app', before.work), queue.alone('app', unload.work), queue.shared('app', after.work)];
    await settle();
    expect(log).toEqual(['start before']);
    before.finish();
    await settle();
    expect(log).toEqual(['start before', 'end before', 'start unload']);
    unload.finish();
    await settle();
    expect(log.at(-1)).toBe('start after');
    after.finish();
    await Promise.all(results);
  });

  it('a failed load fails only its request, and the next one loads again', async () => {
    const queue = new ProviderQueue();
    const log: string[] = [];
    const failing: SharedWork<string> = {
      group: 'model',
      limit: () => 2,
      ready: () => false,
      prepare: () => Promise.reject(new Error('the file is gone')),
      run: () => Promise.resolve('never'),
    };
    const { reply } = model(log, 2, false);
    const next = reply('next');
    const outcomes = [queue.shared('app', failing), queue.shared('app', next.work)];
    await expect(outcomes[0]).rejects.toThrow('the file is gone');
    await settle();
    expect(log).toEqual(['load for next', 'start next']);
    next.finish();
    await expect(outcomes[1]).resolves.toBe('next');
  });
});
