import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/tempDir.js';
import { tinyChatModel, useProvider } from './hostTestSupport.js';

const gigabyte = 1024 ** 3;

describe('fitting a model to the memory budget before loading it', () => {
  const tempDir = useTempDir();
  const startProvider = useProvider();

  it('estimates a fit with a large budget, at the trained context, without loading the model', async () => {
    const provider = startProvider({ memoryBudgetBytes: 64 * gigabyte });
    const model = await tinyChatModel(tempDir());
    const estimate = await provider.estimate(model);
    expect(estimate).toMatchObject({
      modelId: model.id,
      fits: true,
      gpuLayers: 0,
      contextSize: 2048,
      ramBudgetBytes: 64 * gigabyte,
      vramBytes: 0,
    });
    expect(estimate.totalLayers).toBeGreaterThan(0);
    expect(estimate.ramBytes).toBeGreaterThan(model.sizeBytes / 2);
    expect(estimate.explanation).toMatch(/^Fits: on the CPU only, 2,048-token context, about [\d.]+ [KMG]B of RAM\.$/);
    expect(provider.loaded()).toEqual([]);
  });

  it('says plainly, with the numbers, that a model does not fit a 1 KB budget', async () => {
    const provider = startProvider({ memoryBudgetBytes: 1024 });
    const estimate = await provider.estimate(await tinyChatModel(tempDir()));
    expect(estimate.fits).toBe(false);
    expect(estimate.contextSize).toBe(512);
    expect(estimate.explanation).toMatch(
      /^Does not fit: needs about [\d.]+ [KMG]B of RAM with a 512-token context; 1 KB is available\. Try a smaller quantisation/,
    );
  });

  it('chooses the largest context that fits when the budget is below what the trained context needs', async () => {
    const dir = tempDir();
    const measuring = startProvider({ memoryBudgetBytes: 64 * gigabyte });
    const model = await tinyChatModel(dir);
    const at512 = await measuring.estimate(model, { contextSize: 512 });
    const at2048 = await measuring.estimate(model, { contextSize: 2048 });
    expect(at512.ramBytes).toBeLessThan(at2048.ramBytes);

    const provider = startProvider({ memoryBudgetBytes: at512.ramBytes + 1 });
    const estimate = await provider.estimate(model);
    expect(estimate).toMatchObject({ fits: true, contextSize: 512, ramBytes: at512.ramBytes });
    expect(estimate.explanation).toMatch(/A 2,048-token context would not fit: it needs about .* of RAM\./);
    const loaded = await provider.load(model);
    expect(loaded).toMatchObject({ modelId: model.id, contextSize: 512, gpu: false, gpuLayers: 0, threads: 1 });
  });

  it('respects a context size the user fixed, and refuses it before loading when it does not fit', async () => {
    const dir = tempDir();
    const roomy = startProvider({ memoryBudgetBytes: 64 * gigabyte, contextSize: 512 });
    const fixed = await tinyChatModel(dir, { settings: { contextSize: 1024, batchSize: 128, threads: 1, flashAttention: false } });
    // The provider's 512-token cap only bounds `auto`; a fixed size is the user's call.
    expect(await roomy.load(fixed)).toMatchObject({ contextSize: 1024, batchSize: 128, threads: 1, flashAttention: false });
    const at512 = await roomy.estimate(fixed, { contextSize: 512 });

    const tight = startProvider({ memoryBudgetBytes: at512.ramBytes + 1 });
    const estimate = await tight.estimate(fixed);
    expect(estimate).toMatchObject({ fits: false, contextSize: 1024 });
    expect(estimate.explanation).toMatch(/with a 1,024-token context; .* is available\. Try a smaller context/);
    await expect(tight.load(fixed)).rejects.toMatchObject({
      code: 'model-too-large',
      message: expect.stringMatching(/tiny-chat\.gguf needs about .* of memory with a 1,024-token context, but only .* is available/),
    });
    expect(tight.loaded()).toEqual([]);
  });
});
