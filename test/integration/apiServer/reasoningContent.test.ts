import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../electron/core/apiServer/httpServer.js';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import type { ReplyEvent } from '../../../electron/shared/replies.js';
import { ensureTemplateModel } from '../../../scripts/gguf/template-model.js';
import { recordReply, startTestCore, type TestCore, testPolicy } from '../../support/core.js';

/**
 * A local reasoning model's thoughts in the app and through the local API (issue 21). The model is one
 * layer of random weights with DeepSeek R1's real vocabulary and template (as in host/thoughts.test.ts):
 * its template opens the thought, so what it writes is thought. In a chat the thought is stored apart
 * from the reply; through the API it is `reasoning_content`, as llama-server sends it, never `content`.
 */
describe("a local reasoning model's thoughts, in a chat and through the local API", () => {
  let root: string;
  let test: TestCore;
  let server: RunningApiServer;
  let client: OpenAI;
  let modelId: string;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-api-thoughts-'));
    test = await startTestCore(root, {
      withModel: false,
      policy: testPolicy({ apiServer: { enabled: true } }),
      inference: { threads: 2, contextSize: 512 },
      generation: { maxTokens: 10 },
    });
    const modelFile = await ensureTemplateModel({
      vocab: 'models/ggml-vocab-llama-bpe.gguf',
      template: 'models/templates/deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja',
    });
    fs.copyFileSync(modelFile, path.join(test.modelsDir, 'deepseek-r1-template.gguf'));
    modelId = (await request('models.list', {})).models.find((model) => model.purpose === 'chat')!.id;
    server = await test.core.apiServer!.start({ port: 0 });
    client = new OpenAI({ baseURL: server.url, apiKey: (await request('apiServer.addToken', { name: 'Thoughts' })).token, maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores a chat reply\'s thoughts apart from its text, streamed as thought events', async () => {
    const chat = await request('chats.create', {});
    const stream = recordReply();
    await runHandler(test.core.handlers, 'chats.send', { chatId: chat.id, modelId, content: 'Why is the sky blue?' }, (event) =>
      stream.listener(event as ReplyEvent),
    );
    const end = await stream.next((event) => event.type === 'end');
    if (end.type !== 'end') throw new Error('no end');
    const streamedThought = stream.events.map((event) => (event.type === 'thought' ? event.text : '')).join('');
    const streamedText = stream.events.map((event) => (event.type === 'text' ? event.text : '')).join('');
    expect(streamedThought.trim().length).toBeGreaterThan(0);
    expect(end.message.thought?.text).toBe(streamedThought);
    expect(end.message.thought?.durationMs).toBeGreaterThanOrEqual(0);
    expect(end.message.content).toBe(streamedText);
    expect((await request('chats.get', { chatId: chat.id })).messages.at(-1)?.thought).toEqual(end.message.thought);
  }, 120_000);

  it('answers with the thoughts in reasoning_content, whole and streamed, and never in content', async () => {
    const messages = [{ role: 'user' as const, content: 'Why is the sky blue?' }];
    const whole = await client.chat.completions.create({ model: modelId, messages, max_completion_tokens: 10, temperature: 0 });
    const message = whole.choices[0]!.message as typeof whole.choices[number]['message'] & { reasoning_content?: string };
    expect(message.reasoning_content?.trim().length).toBeGreaterThan(0);
    expect(message.content ?? '').not.toContain(message.reasoning_content!.trim());

    const stream = await client.chat.completions.create({ model: modelId, messages, max_completion_tokens: 10, temperature: 0, stream: true });
    let reasoning = '';
    let content = '';
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
      content += delta?.content ?? '';
    }
    expect(reasoning).toBe(message.reasoning_content);
    expect(content).toBe(message.content ?? '');
  }, 120_000);
});
