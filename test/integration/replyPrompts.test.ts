import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fencedPassages, groundedInstructions } from '../../electron/core/chat/groundedPrompt.js';
import { runHandler } from '../../electron/core/ipc/dispatch.js';
import type { ProviderTurn } from '../../electron/core/llm/provider.js';
import type { DocumentImportEvent } from '../../electron/shared/documents.js';
import type { ChatMessage, EnclaveEvent } from '../../electron/shared/domain.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import { nextEvent, recordReply, startTestCore, type TestCore, testPolicy } from '../support/core.js';
import { FakeOpenAiServer } from '../support/fakeOpenAiServer.js';
import { recordStream } from '../support/streams.js';

/**
 * Every reply keeps the exact prompt it was given (issue 21): a local reply the prompt its chat
 * template rendered, the same text `enclave prompt` shows for the same turns (passages included); a
 * remote reply the request body the endpoint received, after DLP. The prompt goes with its chat, and
 * travels in a chat export. A real core, the generated model, a loopback OpenAI-compatible server.
 */
describe('the exact prompt kept with each reply', () => {
  const server = new FakeOpenAiServer();
  let root: string;
  let test: TestCore;
  let modelId: string;
  let endpointId: string;
  const maxTokens = 24;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  async function sendLocal(chatId: string, content: string): Promise<ChatMessage> {
    const stream = recordReply();
    await runHandler(test.core.handlers, 'chats.send', { chatId, modelId, content }, (event) => stream.listener(event as ReplyEvent));
    await stream.next((event) => event.type === 'end');
    return (await request('chats.get', { chatId })).messages.at(-1)!;
  }

  /** What `enclave prompt` renders for these turns on the chat's model: the same provider call it makes. */
  async function rendered(turns: ProviderTurn[], passages?: ReturnType<typeof fencedPassages>): Promise<{ prompt: string; tokens: number[] }> {
    const model = (await request('models.list', {})).models.find((entry) => entry.id === modelId)!;
    return test.core.provider.renderPrompt(model, { turns, maxTokens, ...(passages ? { passages } : {}) });
  }

  beforeAll(async () => {
    baseUrl = await server.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-reply-prompts-'));
    test = await startTestCore(root, {
      inference: { contextSize: 2048 },
      generation: { maxTokens },
      policy: testPolicy({ network: { mode: 'allowlist', endpoints: [baseUrl] }, dlp: { actions: { email: 'redact' } } }),
      allowKeyFile: true,
    });
    modelId = (await request('models.list', {})).models.find((model) => model.fileName === 'tiny-chat.gguf')!.id;
    endpointId = (await request('endpoints.add', { name: 'Loopback', baseUrl, apiKey: 'sk-secret-key-123' })).id;
  });
  let baseUrl: string;
  afterAll(async () => {
    await test.core.dispose();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('keeps a local reply\'s prompt as `enclave prompt` renders the same turns, history included', async () => {
    const chat = await request('chats.create', {});
    const first = await sendLocal(chat.id, 'Hello there');
    const firstPrompt = await request('chats.replyPrompt', { messageId: first.id });
    const expected = await rendered([{ role: 'user', content: 'Hello there' }]);
    expect(firstPrompt).toEqual({ kind: 'local-template', text: expected.prompt, tokenCount: expected.tokens.length });

    const second = await sendLocal(chat.id, 'And then?');
    const secondPrompt = await request('chats.replyPrompt', { messageId: second.id });
    const turns: ProviderTurn[] = [
      { role: 'user', content: 'Hello there' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: 'And then?' },
    ];
    expect(secondPrompt?.text).toBe((await rendered(turns)).prompt);
    // The question is never a prompt of its own.
    const question = (await request('chats.get', { chatId: chat.id })).messages.find((message) => message.role === 'user')!;
    expect(await request('chats.replyPrompt', { messageId: question.id })).toBeNull();
    await expect(request('chats.replyPrompt', { messageId: 'no-such-message' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('keeps, for a continued reply, the prompt it was continued from: the question and the reply so far', async () => {
    const chat = await request('chats.create', {});
    const cut = await sendLocal(chat.id, 'Tell me a long story.');
    expect(cut.stopReason).toBe('max-tokens');
    const stream = recordReply();
    await runHandler(test.core.handlers, 'chats.continue', { chatId: chat.id, messageId: cut.id, modelId }, (event) => stream.listener(event as ReplyEvent));
    await stream.next((event) => event.type === 'end');
    const expected = await rendered([
      { role: 'user', content: 'Tell me a long story.' },
      { role: 'assistant', content: cut.content },
    ]);
    expect((await request('chats.replyPrompt', { messageId: cut.id }))?.text).toBe(expected.prompt);
    expect(expected.prompt.endsWith(cut.content)).toBe(true);
  });

  it('keeps the passages an answer from documents was given, fenced as the model read them', async () => {
    const collectionId = (await request('collections.create', { name: 'Handbook' })).id;
    const file = path.join(root, 'handbook.txt');
    fs.writeFileSync(file, 'Section 1: Notice\n\nThe termination notice for staff is 45 days, given in writing to the office manager.');
    const imported = recordStream<DocumentImportEvent>();
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId, grants: await test.grant([file], 'documents') }, (event) =>
      imported.listener(event as DocumentImportEvent),
    );
    expect((await imported.end()).outcomes).toMatchObject([{ status: 'indexed' }]);
    const chat = await request('chats.create', {});
    await request('chats.setCollections', { chatId: chat.id, collectionIds: [collectionId] });
    const reply = await sendLocal(chat.id, 'What termination notice applies?');
    expect(reply.sources.length).toBeGreaterThan(0);

    const kept = (await request('chats.replyPrompt', { messageId: reply.id }))!;
    expect(kept.text).toContain('The termination notice for staff is 45 days');
    // The fence tag is random per request: read it back, and the same turns and passages render the same prompt.
    const tag = /<<source 1 ([0-9a-f]+)>>/.exec(kept.text)?.[1];
    expect(tag).toBeDefined();
    const turns: ProviderTurn[] = [
      { role: 'system', content: groundedInstructions(reply.sources.length) },
      { role: 'user', content: 'What termination notice applies?' },
    ];
    expect(kept.text).toBe((await rendered(turns, fencedPassages(reply.sources, tag))).prompt);
  });

  it('keeps a remote reply\'s request body exactly as the endpoint received it: redacted, with no key', async () => {
    const chat = await request('chats.create', {});
    const finished = nextEvent(test.core, (event) => event.type === 'generation.finished' && event.chatId === chat.id);
    const sent = await request('chats.send', { chatId: chat.id, content: 'Write to jane.doe@example.com about it.', remote: { endpointId, model: 'gpt-test' } });
    expect(((await finished) as Extract<EnclaveEvent, { type: 'generation.finished' }>).status).toBe('complete');

    const kept = (await request('chats.replyPrompt', { messageId: sent.assistantMessage.id }))!;
    const received = server.chatRequests().at(-1)!;
    expect(kept).toEqual({ kind: 'remote-request', text: received.rawBody, tokenCount: null });
    expect(kept.text).toContain('[EMAIL_1]');
    expect(kept.text).not.toContain('jane.doe');
    expect(kept.text).not.toContain('sk-secret-key-123');

    // Kept as it leaves, so a request the endpoint then refuses still shows what was sent.
    server.then({ kind: 'status', status: 400, message: 'bad request' });
    const failing = await request('chats.create', {});
    const failed = nextEvent(test.core, (event) => event.type === 'generation.finished' && event.chatId === failing.id);
    const refused = await request('chats.send', { chatId: failing.id, content: 'Is this sent?', remote: { endpointId, model: 'gpt-test' } });
    expect(((await failed) as Extract<EnclaveEvent, { type: 'generation.finished' }>).status).toBe('error');
    expect((await request('chats.replyPrompt', { messageId: refused.assistantMessage.id }))?.text).toBe(server.chatRequests().at(-1)!.rawBody);
  });

  it('carries the prompts in a chat export and back in through an import; deleting the chat removes them', async () => {
    const chat = await request('chats.create', {});
    const reply = await sendLocal(chat.id, 'Hello again');
    const kept = await request('chats.replyPrompt', { messageId: reply.id });
    expect(kept).not.toBeNull();
    const exported = await request('chats.export', { chatId: chat.id, format: 'json' });

    const messageIds = (await request('chats.get', { chatId: chat.id })).messages.map((message) => message.id);
    await request('chats.delete', { chatId: chat.id });
    const countPrompts = () => {
      const placeholders = messageIds.map(() => '?').join(', ');
      return (test.core.db!.prepare(`SELECT count(*) AS n FROM reply_prompts WHERE message_id IN (${placeholders})`).get(...messageIds) as { n: number }).n;
    };
    expect(countPrompts()).toBe(0);

    await request('chats.import', { content: exported.content });
    expect(await request('chats.replyPrompt', { messageId: reply.id })).toEqual(kept);
    expect(countPrompts()).toBe(1);
  });

  it('deletes every prompt with every chat (chats.deleteAll empties the history table by table)', async () => {
    const allPrompts = () => (test.core.db!.prepare('SELECT count(*) AS n FROM reply_prompts').get() as { n: number }).n;
    expect(allPrompts()).toBeGreaterThan(0);
    await request('chats.deleteAll', {});
    expect(allPrompts()).toBe(0);
  });
});
