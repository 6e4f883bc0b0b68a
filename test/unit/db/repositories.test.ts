import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { createChat, defaultChatTitle, deleteChat, getChat, listChats, renameChat } from '../../../electron/core/chat/store/chats.js';
import {
  finishMessage,
  insertMessage,
  listMessages,
  markOrphanedStreamsInterrupted,
  updateMessageContent,
} from '../../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { useTempDir } from '../../support/tempDir.js';

describe('chat and message repositories on a real database file', () => {
  const tempDir = useTempDir();
  let db: Database;

  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    return () => db.close();
  });

  it('creates, lists newest first, renames and deletes chats', () => {
    const first = createChat(db, defaultChatTitle, 1000);
    const second = createChat(db, 'Contract review', 2000);
    expect(listChats(db).map((chat) => chat.id)).toEqual([second.id, first.id]);
    expect(renameChat(db, first.id, 'Renamed').title).toBe('Renamed');
    deleteChat(db, second.id);
    expect(listChats(db).map((chat) => chat.id)).toEqual([first.id]);
  });

  it('reports a missing chat as not-found', () => {
    expect(() => getChat(db, 'nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => renameChat(db, 'nope', 'x')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => deleteChat(db, 'nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('keeps messages in order with their status, model and timing', () => {
    const chat = createChat(db);
    insertMessage(db, { chatId: chat.id, role: 'user', content: 'Hello', status: 'complete' });
    const reply = insertMessage(db, {
      chatId: chat.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
      modelId: 'abc',
      modelName: 'Tiny',
    });
    updateMessageContent(db, reply.id, 'Hi th');
    expect(listMessages(db, chat.id)[1]?.content).toBe('Hi th');
    const done = finishMessage(db, reply.id, {
      content: 'Hi there',
      status: 'complete',
      error: null,
      stats: { tokensIn: 12, tokensOut: 3, timeToFirstTokenMs: 40, durationMs: 90 },
      stopReason: 'max-tokens',
    });
    expect(done).toMatchObject({ status: 'complete', tokensIn: 12, tokensOut: 3, modelName: 'Tiny', error: null, stopReason: 'max-tokens' });
    expect(listMessages(db, chat.id)[0]?.stopReason).toBeNull();
    expect(listMessages(db, chat.id).map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(getChat(db, chat.id).messageCount).toBe(2);
  });

  it('stores an error with its code and message', () => {
    const chat = createChat(db);
    const reply = insertMessage(db, { chatId: chat.id, role: 'assistant', content: '', status: 'streaming' });
    const failed = finishMessage(db, reply.id, {
      content: 'partial',
      status: 'error',
      error: { code: 'generation-failed', message: 'boom' },
      stats: null,
      stopReason: null,
    });
    expect(failed.error).toEqual({ code: 'generation-failed', message: 'boom' });
    expect(failed.content).toBe('partial');
  });

  it('marks replies left streaming by a dead process as interrupted, keeping their text', () => {
    const chat = createChat(db);
    const reply = insertMessage(db, { chatId: chat.id, role: 'assistant', content: 'half a rep', status: 'streaming' });
    expect(markOrphanedStreamsInterrupted(db)).toBe(1);
    const [stored] = listMessages(db, chat.id);
    expect(stored).toMatchObject({ id: reply.id, status: 'interrupted', content: 'half a rep' });
    expect(stored?.error?.code).toBe('model-host-crashed');
  });

  it('deletes a chat together with all of its messages', () => {
    const chat = createChat(db);
    insertMessage(db, { chatId: chat.id, role: 'user', content: 'secret', status: 'complete' });
    deleteChat(db, chat.id);
    expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
  });
});
