import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import { listMessages } from '../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../electron/core/db/openDatabase.js';
import { nextEvent, startTestCore, type TestCore } from '../support/core.js';
import { useTempDir } from '../support/tempDir.js';

describe('chatting with a local GGUF model through the model host', () => {
  const tempDir = useTempDir();
  let running: TestCore | undefined;
  afterEach(async () => {
    await running?.core.dispose();
    running = undefined;
  });

  async function setUp(options?: Parameters<typeof startTestCore>[1]) {
    running = await startTestCore(tempDir(), options);
    const { core } = running;
    const catalog = await core.handlers['models.list']({});
    const model = catalog.models[0];
    if (!model) throw new Error('the generated model is not in the catalog');
    const chat = await core.handlers['chats.create']({});
    return { ...running, model, chat };
  }

  it('streams a reply token by token and stores both messages with stats', async () => {
    const { core, events, model, chat } = await setUp();
    const result = await dispatchRequest(core.handlers, 'chats.send', { chatId: chat.id, modelId: model.id, content: 'Hello there' });
    expect(result.ok).toBe(true);
    const finished = await nextEvent(core, (event) => event.type === 'generation.finished');
    expect(finished).toMatchObject({ status: 'complete', error: null });

    const tokens = events.filter((event) => event.type === 'generation.token');
    expect(tokens.length).toBeGreaterThan(3);
    expect(events.some((event) => event.type === 'model.loaded')).toBe(true);

    const { messages, chat: stored } = await core.handlers['chats.get']({ chatId: chat.id });
    expect(stored.title).toBe('Hello there');
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    const reply = messages[1]!;
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.content).toBe(tokens.map((event) => (event.type === 'generation.token' ? event.text : '')).join(''));
    expect(reply).toMatchObject({ modelId: model.id, modelName: model.name });
    expect(reply.tokensOut).toBeGreaterThan(0);
    expect(reply.tokensIn).toBeGreaterThan(0);
    expect(reply.timeToFirstTokenMs).not.toBeNull();
  });

  it('is deterministic with greedy sampling and continues a conversation with history', async () => {
    const { core, model, chat } = await setUp();
    const first = core.chatService!.send(chat.id, model, 'Tell me about contracts');
    const firstReply = await first.completion;
    const second = core.chatService!.send(chat.id, model, 'And the termination clause?');
    const secondReply = await second.completion;
    expect(secondReply.status).toBe('complete');
    // The second prompt is read after the first exchange: more tokens in than the first time.
    expect(secondReply.tokensIn!).toBeGreaterThan(firstReply.tokensIn!);

    const other = await core.handlers['chats.create']({});
    const again = await core.chatService!.send(other.id, model, 'Tell me about contracts').completion;
    expect(again.content).toBe(firstReply.content);
  });

  it('stops on request, keeping the partial reply marked interrupted', async () => {
    const { core, model, chat } = await setUp({ generation: { maxTokens: 2000 } });
    const firstToken = nextEvent(core, (event) => event.type === 'generation.token');
    const sent = core.chatService!.send(chat.id, model, 'Write a long story');
    await firstToken;
    expect((await core.handlers['chats.stop']({ chatId: chat.id })).stopped).toBe(true);
    const reply = await sent.completion;
    expect(reply.status).toBe('interrupted');
    expect(reply.stopReason).toBe('aborted');
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.tokensOut!).toBeLessThan(2000);
  });

  it('records a reply cut at its token limit, and continues it in the same message', async () => {
    const { core, model, chat } = await setUp({ generation: { maxTokens: 6 } });
    const cut = await core.chatService!.send(chat.id, model, 'Write about the warranty').completion;
    // Complete (nothing went wrong) yet cut off: the stored reason is what tells the two apart.
    expect(cut).toMatchObject({ status: 'complete', stopReason: 'max-tokens', tokensOut: 6 });
    expect((await core.handlers['chats.get']({ chatId: chat.id })).messages[1]).toMatchObject({ id: cut.id, stopReason: 'max-tokens' });

    const finished = nextEvent(core, (event) => event.type === 'generation.finished');
    const continued = await dispatchRequest(core.handlers, 'chats.continue', { chatId: chat.id, messageId: cut.id, modelId: model.id });
    expect(continued).toMatchObject({ ok: true, value: { assistantMessage: { id: cut.id, status: 'streaming', stopReason: null } } });
    expect(await finished).toMatchObject({ messageId: cut.id, status: 'complete' });
    const [, reply] = (await core.handlers['chats.get']({ chatId: chat.id })).messages;
    expect(reply!.id).toBe(cut.id);
    expect(reply!.content.startsWith(cut.content)).toBe(true);
    expect(reply!.content.length).toBeGreaterThan(cut.content.length);
    // Six more tokens at most: this reply ends at the limit again, or where the model chose to stop.
    expect(reply!.stopReason).toBe(reply!.tokensOut === 6 ? 'max-tokens' : 'end');
  });

  it('keeps the partial reply when the model process dies mid-reply, and the next reply works at once', async () => {
    const { core, model, chat } = await setUp({ generation: { maxTokens: 2000 } });
    let seen = 0;
    const enoughTokens = nextEvent(core, (event) => event.type === 'generation.token' && ++seen === 3);
    const sent = core.chatService!.send(chat.id, model, 'Write a long story');
    await enoughTokens;
    core.provider.killHostForTesting();
    const reply = await sent.completion;
    expect(reply.status).toBe('interrupted');
    expect(reply.error?.code).toBe('model-host-crashed');
    expect(reply.error?.message).toMatch(/stopped unexpectedly/);
    expect(reply.content.length).toBeGreaterThan(0);

    const retry = await core.chatService!.send(chat.id, model, 'Are you back?').completion;
    expect(retry.status).toBe('complete');
    const statuses = listMessages(core.db!, chat.id).map((message) => message.status);
    expect(statuses).toEqual(['complete', 'interrupted', 'complete', 'complete']);
  }, 120_000);

  it('refuses a model that does not fit in the memory budget, with the numbers, and keeps the chat usable', async () => {
    const { core, model, chat } = await setUp({ inference: { memoryBudgetBytes: 1024 } });
    const reply = await core.chatService!.send(chat.id, model, 'Hello').completion;
    expect(reply.status).toBe('error');
    expect(reply.error?.code).toBe('model-too-large');
    expect(reply.error?.message).toMatch(/needs about .* of memory .* only 1 KB is available/);
    const { messages } = await core.handlers['chats.get']({ chatId: chat.id });
    expect(messages[0]).toMatchObject({ role: 'user', content: 'Hello', status: 'complete' });
  });

  it('refuses a second message while a reply is still being written', async () => {
    const { core, model, chat } = await setUp({ generation: { maxTokens: 400 } });
    const sent = core.chatService!.send(chat.id, model, 'First');
    const second = await dispatchRequest(core.handlers, 'chats.send', { chatId: chat.id, modelId: model.id, content: 'Second' });
    expect(second).toMatchObject({ ok: false, error: { code: 'busy' } });
    core.chatService!.stop(chat.id);
    await sent.completion;
  });

  it('marks a reply left streaming by a crashed app as interrupted at the next start', async () => {
    const root = tempDir();
    running = await startTestCore(root, { withModel: false });
    const chat = await running.core.handlers['chats.create']({});
    running.core.db!.prepare(
      `INSERT INTO messages (id, chat_id, seq, role, content, status, created_at) VALUES ('m1', ?, 1, 'assistant', 'half', 'streaming', 0)`,
    ).run(chat.id);
    running.core.db!.prepare(`UPDATE chats SET leaf_message_id = 'm1' WHERE id = ?`).run(chat.id);
    await running.core.dispose();
    running = await startTestCore(root, { withModel: false });
    const db = openDatabase(path.join(running.dataDir, 'enclave.db'));
    expect(listMessages(db, chat.id)[0]).toMatchObject({ status: 'interrupted', content: 'half' });
    db.close();
  });
});
