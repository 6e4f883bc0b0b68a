import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatService } from '../../../electron/core/chat/chatService.js';
import { createChat, defaultChatTitle, deleteChat, getChat, renameChat } from '../../../electron/core/chat/store/chats.js';
import { listMessages } from '../../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import type { ReplyWriter, ProviderTurn } from '../../../electron/core/llm/provider.js';
import { stubModelInfo } from '../../support/modelInfo.js';

const model = stubModelInfo;

const echoProvider: ReplyWriter = {
  streamChat(request, events) {
    const text = `reply to ${request.turns.at(-1)?.content ?? ''}`;
    events.onText(text);
    return Promise.resolve({ text, stopReason: 'end', tokensIn: 1, tokensOut: 1, timeToFirstTokenMs: 1, durationMs: 1 });
  },
};

/**
 * A prepared send (the remote path) stores nothing until its plan is ready, and the chat can change
 * meanwhile: what it finds then decides, not what it read before preparing.
 */
describe('a send prepared before it is stored', () => {
  let dir: string;
  let db: Database;
  let service: ChatService;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-prepared-'));
    db = openDatabase(path.join(dir, 'enclave.db'));
    service = new ChatService({ db, provider: echoProvider, emit: () => undefined, generation: { maxTokens: 8, temperature: 0 } });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hands the plan the branch shown, then stores both messages and names the chat after the first', async () => {
    const chat = createChat(db);
    await service.send(chat.id, model, 'first').completion;
    let history: ProviderTurn[] = [];
    const sent = await service.sendPrepared(chat.id, 'second', (turns) => {
      history = turns;
      return Promise.resolve(service.localPlan(model, chat.id, { sources: null }));
    });
    await sent.completion;
    expect(history).toEqual([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'reply to first' },
      { role: 'user', content: 'second' },
    ]);
    expect(sent.userMessage).toMatchObject({ content: 'second', siblingIds: [sent.userMessage.id] });
    expect(sent.assistantMessage).toMatchObject({ parentId: sent.userMessage.id, status: 'streaming' });
    expect(listMessages(db, chat.id).map((message) => message.content)).toEqual(['first', 'reply to first', 'second', 'reply to second']);
    expect(getChat(db, chat.id).title).toBe('first');
  });

  it('keeps a title the user gave the chat while the send was prepared', async () => {
    const chat = createChat(db);
    expect(chat.title).toBe(defaultChatTitle);
    const sent = await service.sendPrepared(chat.id, 'What is due on Friday?', () => {
      renameChat(db, chat.id, 'Deadlines');
      return Promise.resolve(service.localPlan(model, chat.id, { sources: null }));
    });
    await sent.completion;
    expect(getChat(db, chat.id).title).toBe('Deadlines');
  });

  it('refuses as not-found, storing nothing, when the chat was deleted while the send was prepared', async () => {
    const chat = createChat(db);
    const sending = service.sendPrepared(chat.id, 'Anyone there?', () => {
      deleteChat(db, chat.id);
      return Promise.resolve(service.localPlan(model, chat.id, { sources: null }));
    });
    await expect(sending).rejects.toMatchObject({ code: 'not-found' });
    expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
    expect(service.isGenerating(chat.id)).toBe(false);
  });
});
