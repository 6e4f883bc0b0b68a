import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/tempDir.js';
import { reply, tinyChatModel, useProvider } from './hostTestSupport.js';

describe('probing how fast a model runs here', () => {
  const tempDir = useTempDir();
  const startProvider = useProvider();

  it('measures prompt and generation tokens per second, and leaves the model ready to chat', async () => {
    const provider = startProvider();
    const model = await tinyChatModel(tempDir());
    const before = await reply(provider, model, 'Tell me about contracts');
    const progress: number[] = [];
    const started = Date.now();
    const probe = await provider.probe(model, (value) => progress.push(value));
    expect(probe.tokensPerSecond).toBeGreaterThan(0);
    expect(probe.promptTokensPerSecond).toBeGreaterThan(0);
    expect(probe).toMatchObject({ gpuLayers: 0, threads: 1 });
    expect(probe.measuredAt).toBeGreaterThanOrEqual(started);
    expect(provider.loaded().map((info) => info.modelId)).toEqual([model.id]);
    // The probe's text is not left in the sequence: the same question gets the same greedy answer.
    expect(await reply(provider, model, 'Tell me about contracts')).toBe(before);
  });
});
