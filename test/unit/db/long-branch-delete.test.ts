import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChat, deleteChat } from '../../../electron/core/chat/store/chats.js';
import { insertMessage } from '../../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { eraseAllChats } from '../../../electron/core/history/eraseChats.js';

describe('deleting a chat with a long branch', () => {
  it('deletes 3,000 chained messages (past SQLite trigger depth), and so does erasing everything', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-long-delete-'));
    const db = openDatabase(path.join(dir, 'enclave.db'));
    try {
      const fill = (chatId: string) =>
        db.transaction(() => {
          for (let index = 0; index < 3000; index++) {
            insertMessage(db, { chatId, role: index % 2 ? 'assistant' : 'user', content: `message ${index}`, status: 'complete' });
          }
        })();
      const one = createChat(db);
      fill(one.id);
      deleteChat(db, one.id);
      expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
      const two = createChat(db);
      fill(two.id);
      await eraseAllChats(db);
      expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
