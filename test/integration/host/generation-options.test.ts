import { describe, expect, it } from 'vitest';
import type { LocalProvider } from '../../../electron/core/llm/localProvider.js';
import type { ProviderChatRequest } from '../../../electron/core/llm/provider.js';
import type { GenerationResult } from '../../../electron/core/llm/host/protocol.js';
import type { ModelInfo } from '../../../electron/shared/domain.js';
import { tinyChatModel, useProvider, useSharedProvider } from './hostTestSupport.js';

type Request = Omit<ProviderChatRequest, 'model'>;

async function generate(provider: LocalProvider, model: ModelInfo, request: Request): Promise<GenerationResult & { streamed: string }> {
  let streamed = '';
  const result = await provider.streamChat({ model, ...request }, { onText: (text) => (streamed += text) }, new AbortController().signal);
  return { ...result, streamed };
}

function ask(content: string, maxTokens = 16): Request {
  return { turns: [{ role: 'user', content }], maxTokens, temperature: 0 };
}

/** A long conversation: `exchanges` question-and-answer pairs after a system prompt, then one more question. */
function longConversation(exchanges: number): Request['turns'] {
  const turns: Request['turns'] = [{ role: 'system', content: 'You answer questions about contracts.' }];
  for (let index = 0; index < exchanges; index++) {
    turns.push({ role: 'user', content: `Question ${index}: what does the termination clause of contract ${index} say about notice?` });
    turns.push({ role: 'assistant', content: `Answer ${index}: the contract can be ended with ninety days notice in writing.` });
  }
  turns.push({ role: 'user', content: 'And the last contract?' });
  return turns;
}

describe('generation options through the model host', { timeout: 120_000 }, () => {
  const shared = useSharedProvider();
  const startProvider = useProvider();

  /** tiny-chat with its trained 2,048-token context, or with a 256-token one for the overflow tests. */
  async function setUp(contextSize?: number) {
    const { provider, dir } = shared();
    const model = contextSize
      ? await tinyChatModel(dir, { fileName: `tiny-chat-${contextSize}.gguf`, id: `tiny-chat-${contextSize}`, settings: { contextSize } })
      : await tinyChatModel(dir);
    return { provider, model };
  }

  it('passes sampling settings through: a seed repeats a reply, another seed changes it', async () => {
    const { provider, model } = await setUp();
    const sampled = (seed: number) =>
      generate(provider, model, { ...ask('Tell me about the contract', 24), temperature: 1, sampling: { seed, topK: 200, topP: 0.98, minP: 0.01, repeatPenalty: 1.2 } });
    const first = await sampled(7);
    const again = await sampled(7);
    const other = await sampled(8);
    expect(first.text.length).toBeGreaterThan(0);
    expect(again.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);
    // A repeat penalty of 1 is "off", and top-k 1 leaves only the most likely token: the greedy reply.
    const greedy = await generate(provider, model, ask('Tell me about the contract', 24));
    const topOne = await generate(provider, model, { ...ask('Tell me about the contract', 24), temperature: 1, sampling: { topK: 1, seed: 3 } });
    expect(topOne.text).toBe(greedy.text);
  });

  it('refuses sampling settings out of range before loading anything', async () => {
    const provider = startProvider();
    const { model } = await setUp();
    await expect(generate(provider, model, { ...ask('Hi'), sampling: { topP: 1.5 } })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('topP') as unknown,
    });
    expect(provider.hostRunning).toBe(false);
  });

  it('continues a cut-off reply: the result is only the new text, and it reads on from the partial one', async () => {
    const { provider, model } = await setUp();
    const cut = await generate(provider, model, ask('Write about the warranty', 8));
    expect(cut.stopReason).toBe('max-tokens');
    const more = await generate(provider, model, {
      turns: [
        { role: 'user', content: 'Write about the warranty' },
        { role: 'assistant', content: cut.text },
      ],
      maxTokens: 8,
      temperature: 0,
    });
    expect(more.text.length).toBeGreaterThan(0);
    expect(more.streamed).toBe(more.text);
    expect(more.text.startsWith(cut.text)).toBe(false);
    expect(more.tokensOut).toBeLessThanOrEqual(8);
    // The tiny model writes words: the continuation starts a new word with its space, not glued on.
    expect(more.text).toMatch(/^\s\S/);
    // The partial reply was read as the model's own: more tokens in than the question alone.
    expect(more.tokensIn).toBeGreaterThan(cut.tokensIn);
  });

  it('refuses a conversation that does not end with a user message or a reply after one', async () => {
    const { provider, model } = await setUp();
    const request: Request = { turns: [{ role: 'system', content: 'Be brief.' }], maxTokens: 8, temperature: 0 };
    await expect(generate(provider, model, request)).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('leaves out the oldest exchanges of a conversation longer than the context, and says how many', async () => {
    const { provider, model } = await setUp(256);
    const short = await generate(provider, model, ask('Hello'));
    expect(short).toMatchObject({ droppedTurns: 0, contextSize: 256 });
    expect(short.contextTokens).toBeGreaterThan(0);

    const turns = longConversation(40);
    const long = await generate(provider, model, { turns, maxTokens: 16, temperature: 0 });
    expect(long.stopReason).not.toBe('aborted');
    expect(long.text.length).toBeGreaterThan(0);
    expect(long.droppedTurns).toBeGreaterThan(0);
    expect(long.droppedTurns! % 2).toBe(0); // whole question-and-answer pairs
    expect(long.droppedTurns!).toBeLessThan(turns.length - 2);
    expect(long.contextTokens!).toBeLessThanOrEqual(256 - 16);
    // The model is still fine for the next message.
    expect((await generate(provider, model, ask('Hello'))).text).toBe(short.text);
  });

  it('goes on past the context while writing a long reply (context shift), without failing', async () => {
    const { provider, model } = await setUp(256);
    const result = await generate(provider, model, { turns: longConversation(6), maxTokens: 400, temperature: 0 });
    expect(result.tokensOut).toBeGreaterThan(256 - result.contextTokens!);
    expect(result.streamed).toBe(result.text);
  });

  it('refuses with context-too-small when the system prompt and the last message alone do not fit', async () => {
    const { provider, model } = await setUp(256);
    const huge = 'the payment is due within thirty days of the invoice '.repeat(60);
    const request: Request = {
      turns: [
        { role: 'system', content: 'You answer questions about contracts.' },
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'user', content: huge },
      ],
      maxTokens: 16,
      temperature: 0,
    };
    await expect(generate(provider, model, request)).rejects.toMatchObject({
      code: 'context-too-small',
      message: expect.stringMatching(/The system prompt and the last message take \d+ tokens, but the model's context holds 256 tokens.*Shorten the message, or raise the model's context size\./) as unknown,
    });
    // Refused, not crashed: the same model answers the next message.
    expect((await generate(provider, model, ask('Hello'))).text.length).toBeGreaterThan(0);
  });
});
