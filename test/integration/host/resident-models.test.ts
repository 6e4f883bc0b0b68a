import { describe, expect, it } from 'vitest';
import type { ModelUnloadReason } from '../../../electron/core/llm/host/modelHostClient.js';
import type { LocalProvider } from '../../../electron/core/llm/localProvider.js';
import { defaultAppSettings } from '../../../electron/shared/domain.js';
import { useTempDir } from '../../support/tempDir.js';
import { reply, tinyChatModel, useProvider } from './hostTestSupport.js';

function recordUnloads(provider: LocalProvider): Array<[string, ModelUnloadReason]> {
  const unloads: Array<[string, ModelUnloadReason]> = [];
  provider.onUnloaded((modelId, reason) => unloads.push([modelId, reason]));
  return unloads;
}

function untilUnloaded(provider: LocalProvider, reason: ModelUnloadReason): Promise<string> {
  return new Promise((resolve) => {
    const stop = provider.onUnloaded((modelId, why) => {
      if (why !== reason) return;
      stop();
      resolve(modelId);
    });
  });
}

// Several model-host starts and loads per test: generous on a busy two-core machine.
describe('keeping several models resident, and freeing them', { timeout: 120_000 }, () => {
  const tempDir = useTempDir();
  const startProvider = useProvider();

  async function threeModels() {
    const dir = tempDir();
    return Promise.all(['model-a', 'model-b', 'model-c'].map((id) => tinyChatModel(dir, { fileName: `${id}.gguf`, id })));
  }

  it('keeps up to maxResidentModels loaded and evicts the least recently used for a third', async () => {
    const provider = startProvider();
    provider.configure({ ...defaultAppSettings, maxResidentModels: 2 });
    const unloads = recordUnloads(provider);
    const [a, b, c] = await threeModels();

    await provider.load(a!);
    await provider.load(b!);
    expect(provider.loaded().map((info) => info.modelId)).toEqual(['model-a', 'model-b']);
    // Writing with A makes B the least recently used.
    expect((await reply(provider, a!, 'Hello')).length).toBeGreaterThan(0);
    expect(provider.loaded().map((info) => info.modelId)).toEqual(['model-b', 'model-a']);

    expect((await reply(provider, c!, 'Hello')).length).toBeGreaterThan(0);
    expect(unloads).toEqual([['model-b', 'evicted']]);
    expect(provider.loaded().map((info) => info.modelId)).toEqual(['model-a', 'model-c']);
    // The resident model answers as it did before the third one came in.
    expect(await reply(provider, a!, 'Hello')).toBe(await reply(provider, c!, 'Hello'));
  });

  it('unloads one model by id, then all of them', async () => {
    const provider = startProvider();
    provider.configure({ ...defaultAppSettings, maxResidentModels: 3 });
    const unloads = recordUnloads(provider);
    const [a, b, c] = await threeModels();
    for (const model of [a!, b!, c!]) await provider.load(model);

    expect(await provider.unload('model-b')).toEqual(['model-b']);
    expect(await provider.unload('model-b')).toEqual([]);
    expect(provider.loaded().map((info) => info.modelId)).toEqual(['model-a', 'model-c']);
    expect((await provider.unload()).sort()).toEqual(['model-a', 'model-c']);
    expect(provider.loaded()).toEqual([]);
    expect(unloads.map(([, reason]) => reason)).toEqual(['requested', 'requested', 'requested']);
    // Unloaded is not broken: the next reply loads the model again.
    expect((await reply(provider, b!, 'Hello')).length).toBeGreaterThan(0);
  });

  it('evicts at once when the resident limit is lowered', async () => {
    const provider = startProvider();
    provider.configure({ ...defaultAppSettings, maxResidentModels: 3 });
    const [a, b, c] = await threeModels();
    for (const model of [a!, b!, c!]) await provider.load(model);
    const evicted = untilUnloaded(provider, 'evicted');
    provider.configure({ ...defaultAppSettings, maxResidentModels: 2 });
    expect(await evicted).toBe('model-a');
    await provider.hardware(); // queued behind the unload
    expect(provider.loaded().map((info) => info.modelId)).toEqual(['model-b', 'model-c']);
  });

  it('stops the host after the idle time, and the next reply starts it again', async () => {
    const provider = startProvider();
    provider.configure({ ...defaultAppSettings, idleUnloadMinutes: 0.01 }); // 600 ms
    const [a] = await threeModels();
    const idle = untilUnloaded(provider, 'idle');
    const first = await reply(provider, a!, 'Hello');
    expect(await idle).toBe('model-a');
    expect(provider.hostRunning).toBe(false);
    expect(provider.loaded()).toEqual([]);

    expect(await reply(provider, a!, 'Hello')).toBe(first);
    expect(provider.loaded().map((info) => info.modelId)).toEqual(['model-a']);
  });

  it('reports every resident model unloaded when the host dies', async () => {
    const provider = startProvider();
    provider.configure({ ...defaultAppSettings, maxResidentModels: 2 });
    const unloads = recordUnloads(provider);
    const [a, b] = await threeModels();
    await provider.load(a!);
    await provider.load(b!);
    const exited = untilUnloaded(provider, 'host-exited');
    provider.killHostForTesting();
    await exited;
    expect(unloads).toEqual([
      ['model-a', 'host-exited'],
      ['model-b', 'host-exited'],
    ]);
    expect(provider.loaded()).toEqual([]);
  });
});
