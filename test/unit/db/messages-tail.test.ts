import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChat } from '../../../electron/core/chat/store/chats.js';
import { insertMessage, listMessages, setLeaf } from '../../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';

/**
 * `chats.get` with `lastMessages`: the newest messages of the branch shown, exactly as the whole
 * branch ends (order, siblings, sources), so a long chat opens on its end without reading all of it.
 */
let dir: string;
let db: Database;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-tail-'));
  db = openDatabase(path.join(dir, 'enclave.db'));
});

afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function append(chatId: string, role: 'user' | 'assistant', content: string, parentId?: string | null) {
  return insertMessage(db, { chatId, role, content, status: 'complete', ...(parentId !== undefined ? { parentId } : {}) });
}

describe('the newest messages of a branch', () => {
  it('are the end of the whole branch, siblings included, on any branch', () => {
    const chat = createChat(db);
    const first = append(chat.id, 'user', 'q1');
    append(chat.id, 'assistant', 'a1');
    append(chat.id, 'user', 'q2');
    const reply = append(chat.id, 'assistant', 'a2');
    // A second answer to q2, beside `reply`: the branch shown now ends there.
    const other = append(chat.id, 'assistant', 'a2 again', reply.parentId);
    setLeaf(db, chat.id, other.id);
    const whole = listMessages(db, chat.id);
    expect(whole.map((message) => message.content)).toEqual(['q1', 'a1', 'q2', 'a2 again']);
    for (const count of [1, 2, 3, 4]) expect(listMessages(db, chat.id, count)).toEqual(whole.slice(-count));
    expect(listMessages(db, chat.id, 1)[0]!.siblingIds).toEqual([reply.id, other.id]);
    expect(listMessages(db, chat.id, 100)).toEqual(whole);
    expect(listMessages(db, chat.id, 4)[0]!.id).toBe(first.id);
  });

  it('is empty for an empty chat', () => {
    expect(listMessages(db, createChat(db).id, 10)).toEqual([]);
  });
});
