import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import { listMessages } from '../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../electron/core/db/openDatabase.js';
import { nextEvent, recordReply, startTestCore, type TestCore, testDatabaseKey } from '../support/core.js';
import { replyEndingOf, type ReplyEvent } from '../../electron/shared/replies.js';
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

  it('streams a reply token by token on its own stream and stores both messages with stats', async () => {
    const { core, events, model, chat } = await setUp();
    const stream = recordReply();
    const result = await dispatchRequest(core.handlers, 'chats.send', { chatId: chat.id, modelId: model.id, content: 'Hello there' }, (event) =>
      stream.listener(event as ReplyEvent),
    );
    expect(result.ok).toBe(true);
    const end = await stream.next((event) => event.type === 'end');
    // Complete, or complete at the tiny test's token limit: the one ending the stored reply has.
    expect(end).toMatchObject({ state: { phase: 'ended', error: null } });
    expect(end.type === 'end' && ['complete', 'token-limit'].includes(end.state.ending)).toBe(true);

    // In order: accepted first, queued, (loading), generating before the first text, end last; one of each end.
    const kinds = stream.events.map((event) => (event.type === 'state' ? event.state.phase : event.type));
    expect(kinds[0]).toBe('accepted');
    expect(kinds[1]).toBe('queued');
    expect(kinds.indexOf('generating')).toBeLessThan(kinds.indexOf('text'));
    expect(kinds.filter((kind) => kind === 'end')).toHaveLength(1);
    expect(kinds.at(-1)).toBe('end');
    expect(kinds.filter((kind) => kind === 'text').length).toBeGreaterThan(3);
    expect(events.some((event) => event.type === 'model.loaded')).toBe(true);
    // The reply's text travels on its own stream only, never on the broadcast every window hears.
    expect(events.map((event) => event.type)).not.toContain('generation.token');

    const { messages, chat: stored } = await core.handlers['chats.get']({ chatId: chat.id });
    expect(stored.title).toBe('Hello there');
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    const reply = messages[1]!;
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.content).toBe(stream.text());
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

  it('stops mid-reply on request, keeping the partial reply as stopped', async () => {
    const { core, model, chat } = await setUp({ generation: { maxTokens: 2000 } });
    const stream = recordReply();
    const sent = core.chatService!.send(chat.id, model, 'Write a long story', { onEvent: stream.listener });
    await stream.next((event) => event.type === 'text');
    expect((await core.handlers['chats.stop']({ chatId: chat.id })).stopped).toBe(true);
    const reply = await sent.completion;
    expect(reply.status).toBe('interrupted');
    expect(reply.stopReason).toBe('aborted');
    expect(reply.error).toBeNull();
    expect(replyEndingOf(reply)).toBe('stopped');
    expect(reply.content.length).toBeGreaterThan(0);
    expect((await stream.next((event) => event.type === 'end'))).toMatchObject({ state: { ending: 'stopped', error: null } });
  });

  it('stops before the first token: "stopped" with no text and no error, and the chat takes the next message', async () => {
    const { core, model, chat } = await setUp({ generation: { maxTokens: 2000 } });
    const stream = recordReply();
    const sent = core.chatService!.send(chat.id, model, 'Write a long story', { onEvent: stream.listener });
    expect(core.chatService!.stop(chat.id)).toBe(true);
    const reply = await sent.completion;
    expect(reply).toMatchObject({ status: 'interrupted', stopReason: 'aborted', error: null, content: '' });
    expect(replyEndingOf(reply)).toBe('stopped');
    expect(stream.events.some((event) => event.type === 'text')).toBe(false);
    expect(stream.events.at(-1)).toMatchObject({ type: 'end', state: { ending: 'stopped', error: null } });
    const stored = listMessages(core.db!, chat.id)[1]!;
    expect(stored).toMatchObject({ status: 'interrupted', stopReason: 'aborted', error: null, content: '' });

    const next = await core.chatService!.send(chat.id, model, 'Hello again').completion;
    expect(next.status).toBe('complete');
  });

  it('stops at once while the model is still loading, without waiting for the load', async () => {
    const { core, model, chat } = await setUp({ generation: { maxTokens: 2000 } });
    const stream = recordReply();
    const sent = core.chatService!.send(chat.id, model, 'Write a long story', { onEvent: stream.listener });
    // The first reply starts the model process and loads the model: stop as soon as the load reports.
    await stream.next((event) => event.type === 'state' && event.state.phase === 'loading');
    core.chatService!.stop(chat.id);
    const reply = await sent.completion;
    expect(reply).toMatchObject({ status: 'interrupted', stopReason: 'aborted', error: null, content: '' });
    expect(stream.events.at(-1)).toMatchObject({ type: 'end', state: { ending: 'stopped' } });
    // The load goes on in the background; the next reply uses the model once it is there.
    const next = await core.chatService!.send(chat.id, model, 'Hello again').completion;
    expect(next.status).toBe('complete');
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
    const stream = recordReply();
    const sent = core.chatService!.send(chat.id, model, 'Write a long story', { onEvent: stream.listener });
    await stream.next((event) => event.type === 'text' && ++seen === 3);
    core.provider.killHostForTesting();
    const reply = await sent.completion;
    expect(reply.status).toBe('interrupted');
    expect(reply.error?.code).toBe('model-host-crashed');
    expect(reply.error?.message).toMatch(/stopped unexpectedly/);
    expect(reply.content.length).toBeGreaterThan(0);
    expect(replyEndingOf(reply)).toBe('interrupted');
    expect(stream.events.at(-1)).toMatchObject({ type: 'end', state: { ending: 'interrupted', error: { code: 'model-host-crashed' } } });

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
    const db = openDatabase(path.join(running.dataDir, 'enclave.db'), { key: await testDatabaseKey(running.dataDir) });
    expect(listMessages(db, chat.id)[0]).toMatchObject({ status: 'interrupted', content: 'half' });
    db.close();
  });
});
