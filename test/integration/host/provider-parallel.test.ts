import { describe, expect, it } from 'vitest';
import type { LocalProvider, RequestLane } from '../../../electron/core/llm/localProvider.js';
import type { ModelInfo } from '../../../electron/shared/domain.js';
import { defaultAppSettings } from '../../../electron/shared/domain.js';
import { useTempDir } from '../../support/tempDir.js';
import { tinyChatModel, useProvider } from './hostTestSupport.js';

/**
 * Several replies through LocalProvider on one loaded model at once, each on a sequence of its own:
 * the app, the CLI and API clients gain from the model host's parallel sequences.
 */
describe('parallel replies through LocalProvider', { timeout: 120_000 }, () => {
  const tempDir = useTempDir();
  const startProvider = useProvider();

  /** Texts streamed so far, by reply label. */
  const texts = new Map<string, number>();
  /** By reply label: the texts every reply had streamed when it left the queue. */
  const textsAtStart = new Map<string, Map<string, number>>();

  /** A reply that notes when it left the queue (the model is then ready for it), its first text and its end. */
  function timed(provider: LocalProvider, model: ModelInfo, label: string, maxTokens: number, events: string[], lane: RequestLane = 'app') {
    texts.set(label, 0);
    return provider
      .streamChat(
        { model, turns: [{ role: 'user', content: `${label}: tell me about the contract` }], maxTokens, temperature: 0 },
        {
          onModelLoaded: () => {
            textsAtStart.set(label, new Map(texts));
            events.push(`${label} started`);
          },
          onText: () => {
            const count = (texts.get(label) ?? 0) + 1;
            texts.set(label, count);
            if (count === 1) events.push(`${label} first`);
          },
        },
        new AbortController().signal,
        lane,
      )
      .finally(() => events.push(`${label} end`));
  }

  it('writes two replies on one model at once: both have text before either ends', async () => {
    const provider = startProvider();
    const model = await tinyChatModel(tempDir(), { settings: { contextSize: 512 } });
    await provider.load(model);
    const events: string[] = [];
    const [one, two] = await Promise.all([timed(provider, model, 'one', 48, events), timed(provider, model, 'two', 48, events)]);
    const firstEnd = events.findIndex((event) => event.endsWith('end'));
    expect(events.slice(0, firstEnd)).toEqual(expect.arrayContaining(['one first', 'two first']));
    expect([one.tokensOut, two.tokensOut]).toEqual([48, 48]);
  });

  it("starts the app's reply at once while API requests wait: they never take the app's last sequence", async () => {
    const provider = startProvider();
    const model = await tinyChatModel(tempDir(), { settings: { contextSize: 512 } });
    expect((await provider.load(model)).sequences).toBe(2);
    const events: string[] = [];
    const running = timed(provider, model, 'api-1', 400, events, 'api');
    const waiting = timed(provider, model, 'api-2', 8, events, 'api');
    await expect.poll(() => events.includes('api-1 first')).toBe(true);
    const app = timed(provider, model, 'app', 8, events);
    await Promise.all([running, waiting, app]);
    // Two sequences: API requests may hold one, so the second API request waits for the first to end,
    // and the app's reply, asked for later, starts before it, while the first still writes.
    expect(events.indexOf('app started')).toBeLessThan(events.indexOf('api-2 started'));
    expect(textsAtStart.get('app')?.get('api-1')).toBeLessThan(texts.get('api-1')!);
    expect(textsAtStart.get('api-2')?.get('api-1')).toBe(texts.get('api-1'));
  });

  it('loads a model for as many replies as asked, then fewer when the memory budget holds fewer, keeping the context', async () => {
    const provider = startProvider();
    const model = await tinyChatModel(tempDir(), { settings: { contextSize: 2048 } });
    const two = await provider.estimate(model);
    provider.followSequences(() => 17);
    const seventeen = await provider.estimate(model);
    expect(seventeen.ramBytes).toBeGreaterThan(two.ramBytes);
    expect((await provider.load(model)).sequences).toBe(17);

    // A budget between the two: some sequences beyond the default fit, not all seventeen.
    const budgetMb = Math.floor((two.ramBytes + seventeen.ramBytes) / 2 / 1024 / 1024);
    provider.configure({ ...defaultAppSettings, memoryBudgetMb: budgetMb });
    await provider.unload(model.id);
    const capped = await provider.load(model);
    expect(capped.sequences).toBeGreaterThan(2);
    expect(capped.sequences).toBeLessThan(17);
    expect(capped.contextSize).toBe(2048);
    const events: string[] = [];
    await Promise.all(['a', 'b', 'c'].map((label) => timed(provider, model, label, 24, events)));
    const firstEnd = events.findIndex((event) => event.endsWith('end'));
    expect(events.slice(0, firstEnd)).toEqual(expect.arrayContaining(['a first', 'b first', 'c first']));
  });
});
