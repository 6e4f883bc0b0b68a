import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createForkLauncher } from '../../../electron/core/llm/host/forkLauncher.js';
import { ModelHostClient } from '../../../electron/core/llm/host/modelHostClient.js';
import type { GenerateOptions, LoadOptions } from '../../../electron/core/llm/host/protocol.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';

/** Replies on one loaded model share its context: each runs on a sequence of its own, at the same time. */
describe('parallel replies in the model host', { timeout: 120_000 }, () => {
  let host: ModelHostClient;
  let dir: string;
  let load: (modelId: string) => LoadOptions;

  beforeAll(async () => {
    host = new ModelHostClient(createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-parallel-'));
    const source = await ensureTestModel('tiny-chat');
    load = (modelId) => {
      const modelPath = path.join(dir, `${modelId}.gguf`);
      if (!fs.existsSync(modelPath)) fs.copyFileSync(source, modelPath);
      return {
        modelPath,
        modelId,
        gpuLayers: 0,
        contextSize: 512,
        contextCap: null,
        threads: 1,
        batchSize: 'auto',
        flashAttention: false,
        adapters: [],
        memoryBudgetBytes: null,
        maxResidentModels: 2,
      };
    };
  });
  afterAll(async () => {
    await host.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ask = (modelId: string, content: string, maxTokens: number): GenerateOptions => ({
    modelId,
    turns: [{ role: 'user', content }],
    maxTokens,
    temperature: 0,
  });

  /** Runs a reply, noting when its first text came and when it ended. */
  function timed(options: GenerateOptions, events: string[], label: string, signal = new AbortController().signal) {
    let first = true;
    return host.generate(
      options,
      () => {
        if (first) events.push(`${label} first`);
        first = false;
      },
      signal,
    ).finally(() => events.push(`${label} end`));
  }

  it('writes two replies at once: both have text before either ends, each with its whole length', async () => {
    await host.load(load('tiny-a'), () => undefined);
    const events: string[] = [];
    const [one, two] = await Promise.all([
      timed(ask('tiny-a', 'Tell me about the contract', 48), events, 'one'),
      timed(ask('tiny-a', 'Summarise the lease terms', 48), events, 'two'),
    ]);
    const firstEnd = events.findIndex((event) => event.endsWith('end'));
    expect(events.slice(0, firstEnd)).toEqual(expect.arrayContaining(['one first', 'two first']));
    expect(one.tokensOut).toBe(48);
    expect(two.tokensOut).toBe(48);
  });

  it('a reply that finds every sequence busy waits for one instead of failing', async () => {
    const info = await host.load(load('tiny-a'), () => undefined);
    expect(info.sequences).toBe(2);
    const events: string[] = [];
    const results = await Promise.all(
      ['one', 'two', 'three'].map((label) => timed(ask('tiny-a', `${label}: tell me about the contract`, 32), events, label)),
    );
    expect(results.map((result) => result.tokensOut)).toEqual([32, 32, 32]);
    // The third starts writing only once one of the first two has ended.
    expect(events.indexOf('three first')).toBeGreaterThan(events.findIndex((event) => event.endsWith('end')));
  });

  it('cancelling one reply leaves the other to finish', async () => {
    await host.load(load('tiny-a'), () => undefined);
    const events: string[] = [];
    const cancel = new AbortController();
    const cancelled = timed(ask('tiny-a', 'Tell me about the contract', 200), events, 'cancelled', cancel.signal);
    const kept = timed(ask('tiny-a', 'Summarise the lease terms', 64), events, 'kept');
    setTimeout(() => cancel.abort(), 50);
    const [stopped, finished] = await Promise.all([cancelled, kept]);
    expect(stopped.tokensOut).toBeLessThan(200);
    expect(finished.tokensOut).toBe(64);
  });

  it('a load of another model waits for running replies', async () => {
    await host.load(load('tiny-a'), () => undefined);
    const events: string[] = [];
    const reply = timed(ask('tiny-a', 'Tell me about the contract', 64), events, 'reply');
    const loading = host.load(load('tiny-b'), () => undefined).then(() => events.push('load end'));
    await Promise.all([reply, loading]);
    expect(events.indexOf('reply end')).toBeLessThan(events.indexOf('load end'));
  });
});
