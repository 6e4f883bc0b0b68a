import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandler } from '../../electron/core/ipc/dispatch.js';
import type { DocumentImportEvent } from '../../electron/shared/documents.js';
import type { ChatMessage } from '../../electron/shared/domain.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import { recordReply, startTestCore, type TestCore, testPolicy } from '../support/core.js';
import { FakeOpenAiServer } from '../support/fakeOpenAiServer.js';
import { recordStream } from '../support/streams.js';

/**
 * A reasoning model's thoughts kept with its reply and apart from it (issue 21): streamed as their own
 * events, stored in their own table, never part of the reply's content, never cited from, never sent
 * back with the history, carried by an export and removed with their chat. A real core and database;
 * the thinking model is a loopback OpenAI-compatible server streaming `reasoning_content` deltas as
 * llama-server and vLLM do (the local path is tested on a real model host in host/thoughts.test.ts).
 */
describe("a reasoning model's thoughts, kept apart from its reply", () => {
  const server = new FakeOpenAiServer();
  let root: string;
  let test: TestCore;
  let endpointId: string;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  async function sendRemote(chatId: string, content: string): Promise<{ events: ReplyEvent[]; reply: ChatMessage }> {
    const stream = recordReply();
    await runHandler(test.core.handlers, 'chats.send', { chatId, content, remote: { endpointId, model: 'gpt-test' } }, (event) =>
      stream.listener(event as ReplyEvent),
    );
    const end = await stream.next((event) => event.type === 'end');
    if (end.type !== 'end') throw new Error('no end');
    return { events: stream.events, reply: end.message };
  }

  beforeAll(async () => {
    const baseUrl = await server.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-reply-thoughts-'));
    test = await startTestCore(root, {
      inference: { contextSize: 2048 },
      // Passages may leave, so a chat over documents can be answered by the thinking endpoint.
      policy: testPolicy({ network: { mode: 'allowlist', endpoints: [baseUrl] }, dlp: { allowDocumentPassages: true, actions: { email: 'redact' } } }),
      allowKeyFile: true,
    });
    endpointId = (await request('endpoints.add', { name: 'Loopback', baseUrl, apiKey: 'sk-test' })).id;
  });
  afterAll(async () => {
    await test.core.dispose();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('streams thoughts as their own events before the answer, and stores them apart from its text', async () => {
    server.then({ kind: 'ok', thoughts: ['The user', ' greets me.'], words: ['Hello', ' to you.'] });
    const chat = await request('chats.create', {});
    const { events, reply } = await sendRemote(chat.id, 'Hello');
    const kinds = events.filter((event) => event.type === 'thought' || event.type === 'text').map((event) => event.type);
    expect(kinds).toEqual(['thought', 'thought', 'text', 'text']);
    expect(reply.content).toBe('Hello to you.');
    expect(reply.thought?.text).toBe('The user greets me.');
    expect(reply.thought?.durationMs).toBeGreaterThanOrEqual(0);
    const listed = (await request('chats.get', { chatId: chat.id })).messages.at(-1)!;
    expect(listed.thought).toEqual(reply.thought);
    expect(listed.content).toBe('Hello to you.');
  });

  it('saves thoughts as they stream, so a crash mid-thought loses at most the last moment, and keeps them on a stop', async () => {
    server.then({ kind: 'stall', thoughts: ['Still', ' thinking.'], words: [] });
    const chat = await request('chats.create', {});
    const stream = recordReply();
    await runHandler(test.core.handlers, 'chats.send', { chatId: chat.id, content: 'Think hard.', remote: { endpointId, model: 'gpt-test' } }, (event) =>
      stream.listener(event as ReplyEvent),
    );
    await stream.next((event) => event.type === 'thought' && event.text === ' thinking.');
    const accepted = stream.events.find((event) => event.type === 'accepted');
    const messageId = accepted?.type === 'accepted' ? accepted.assistantMessage.id : '';
    const savedThought = () => test.core.db!.prepare('SELECT text FROM reply_thoughts WHERE message_id = ?').get(messageId) as { text: string } | undefined;
    // Saved by the reply's periodic flush while it is still being written (the model has not answered).
    await expect.poll(savedThought, { timeout: 5_000 }).toEqual({ text: 'Still thinking.' });
    await request('chats.stop', { chatId: chat.id });
    const end = await stream.next((event) => event.type === 'end');
    expect(end.type === 'end' && end.message).toMatchObject({ content: '', thought: { text: 'Still thinking.', durationMs: null } });
  });

  it('restores redacted values in the thoughts, as in the answer', async () => {
    server.then({ kind: 'ok', thoughts: ['Write to [EMA', 'IL_1] soon.'], words: ['Done for [EMAIL_1].'] });
    const chat = await request('chats.create', {});
    const { reply } = await sendRemote(chat.id, 'Write to jane.doe@example.com about it.');
    expect(server.chatRequests().at(-1)!.rawBody).not.toContain('jane.doe');
    expect(reply.content).toBe('Done for jane.doe@example.com.');
    expect(reply.thought?.text).toBe('Write to jane.doe@example.com soon.');
  });

  it('leaves thoughts out of the history sent back to the model', async () => {
    server.then({ kind: 'ok', thoughts: ['Secret reasoning about apples.'], words: ['Apples are red.'] }, { kind: 'ok', words: ['Yes.'] });
    const chat = await request('chats.create', {});
    await sendRemote(chat.id, 'What colour are apples?');
    await sendRemote(chat.id, 'Really?');
    const sent = server.chatRequests().at(-1)!;
    expect(sent.rawBody).toContain('Apples are red.');
    expect(sent.rawBody).not.toContain('Secret reasoning');
  });

  it('never takes a citation from the thoughts: only the answer cites its sources', async () => {
    const collectionId = (await request('collections.create', { name: 'Fruit' })).id;
    const files = ['apples.txt', 'pears.txt'].map((name, index) => {
      const file = path.join(root, name);
      fs.writeFileSync(file, index === 0 ? 'Apples are red or green and grow on trees.' : 'Pears are green and grow on trees too.');
      return file;
    });
    const imported = recordStream<DocumentImportEvent>();
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId, grants: await test.grant(files, 'documents') }, (event) =>
      imported.listener(event as DocumentImportEvent),
    );
    await imported.end();
    const chat = await request('chats.create', {});
    await request('chats.setCollections', { chatId: chat.id, collectionIds: [collectionId] });
    // The thoughts cite the first passage, the answer cites nothing: no source may count as cited.
    server.then({ kind: 'ok', thoughts: ['Source [1] says trees.'], words: ['They grow on trees.'] });
    const { reply } = await sendRemote(chat.id, 'Where do apples grow?');
    expect(reply.sources.length).toBeGreaterThan(0);
    expect(reply.sources.filter((source) => source.cited)).toEqual([]);
    expect(reply.content).toBe('They grow on trees.');
    expect(reply.thought?.text).toBe('Source [1] says trees.');
  });

  it('can be switched off per model without unloading it: the setting is read with each reply', async () => {
    const modelId = (await request('models.list', {})).models.find((model) => model.fileName === 'tiny-chat.gguf')!.id;
    await request('models.load', { modelId });
    const loadedIds = async () => (await request('models.runtime', {})).loaded.map((info) => info.modelId);
    const switched = await request('models.updateSettings', { modelId, settings: { thinking: false } });
    expect(switched.settings.thinking).toBe(false);
    expect(await loadedIds()).toContain(modelId);
    // Any other setting changes how the model loads: it leaves memory, to load again with it.
    await request('models.updateSettings', { modelId, settings: { thinking: true, contextSize: 1024 } });
    expect(await loadedIds()).not.toContain(modelId);
  }, 60_000);

  it('travel in a chat export and back in through an import; deleting the chat, or every chat, removes them', async () => {
    server.then({ kind: 'ok', thoughts: ['Weighing it up.'], words: ['Done.'] });
    const chat = await request('chats.create', {});
    const { reply } = await sendRemote(chat.id, 'Decide.');
    const exported = await request('chats.export', { chatId: chat.id, format: 'json' });
    const markdown = await request('chats.export', { chatId: chat.id, format: 'md' });
    expect(markdown.content).toContain('<details><summary>Thoughts</summary>\n\nWeighing it up.\n\n</details>\n\nDone.');
    const countThoughts = () => (test.core.db!.prepare('SELECT count(*) AS n FROM reply_thoughts WHERE message_id = ?').get(reply.id) as { n: number }).n;
    expect(countThoughts()).toBe(1);
    await request('chats.delete', { chatId: chat.id });
    expect(countThoughts()).toBe(0);
    await request('chats.import', { content: exported.content });
    const imported = (await request('chats.get', { chatId: chat.id })).messages.find((message) => message.id === reply.id)!;
    expect(imported.thought).toEqual(reply.thought);
    await request('chats.deleteAll', {});
    expect((test.core.db!.prepare('SELECT count(*) AS n FROM reply_thoughts').get() as { n: number }).n).toBe(0);
  });
});
