import { describe, expect, it } from 'vitest';
import { RequestScheduler, type ScheduleMode } from '../../../electron/core/llm/host/requestScheduler.js';

/** A task the test finishes by hand, recording when it started. */
function manualTask(log: string[], label: string): { task: () => Promise<string>; finish: () => void } {
  let finish: () => void = () => undefined;
  const task = () =>
    new Promise<string>((resolve) => {
      log.push(`start ${label}`);
      finish = () => {
        log.push(`end ${label}`);
        resolve(label);
      };
    });
  return { task, finish: () => finish() };
}

const exclusive: ScheduleMode = { kind: 'exclusive' };
const shared = (group: string, limit: number): ScheduleMode => ({ kind: 'shared', group, limit });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the model host request scheduler', () => {
  it('runs shared requests of one group together up to its limit', async () => {
    const scheduler = new RequestScheduler();
    const log: string[] = [];
    const a = manualTask(log, 'a');
    const b = manualTask(log, 'b');
    const c = manualTask(log, 'c');
    const results = [a, b, c].map((entry) => scheduler.run(shared('model', 2), entry.task));
    await settle();
    expect(log).toEqual(['start a', 'start b']);
    expect(scheduler.counts()).toEqual({ running: 2, waiting: 1 });
    b.finish();
    await settle();
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    a.finish();
    c.finish();
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c']);
  });

  it('makes an exclusive request wait for running shared ones, and later shared ones wait for it', async () => {
    const scheduler = new RequestScheduler();
    const log: string[] = [];
    const reply = manualTask(log, 'reply');
    const load = manualTask(log, 'load');
    const later = manualTask(log, 'later');
    const done = [
      scheduler.run(shared('model', 4), reply.task),
      scheduler.run(exclusive, load.task),
      scheduler.run(shared('model', 4), later.task),
    ];
    await settle();
    expect(log).toEqual(['start reply']);
    reply.finish();
    await settle();
    expect(log).toEqual(['start reply', 'end reply', 'start load']);
    load.finish();
    await settle();
    expect(log.at(-1)).toBe('start later');
    later.finish();
    await Promise.all(done);
  });

  it('passes a failing task\'s error to its caller and keeps going', async () => {
    const scheduler = new RequestScheduler();
    const failing = scheduler.run(exclusive, () => Promise.reject(new Error('bad model file')));
    const next = scheduler.run(exclusive, () => Promise.resolve('next'));
    await expect(failing).rejects.toThrow('bad model file');
    await expect(next).resolves.toBe('next');
    expect(scheduler.counts()).toEqual({ running: 0, waiting: 0 });
  });
});
