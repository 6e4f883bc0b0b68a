import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { createChat } from '../../../electron/core/chat/store/chats.js';
import { insertMessage, type NewMessage, setLeaf } from '../../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import type { ChatSummary } from '../../../electron/shared/domain.js';

/** A fresh Enclave database (every migration applied) in `dir`. */
export function openTestDatabase(dir: string): { db: Database; file: string } {
  const file = path.join(dir, 'enclave.db');
  return { db: openDatabase(file), file };
}

export type SeedMessage = Pick<NewMessage, 'role' | 'content'> & Partial<Omit<NewMessage, 'chatId' | 'role' | 'content'>> & { at?: number };

/**
 * A chat with one straight branch of messages, each following the one before, the last one shown,
 * as the chat service writes them. Returns the chat and its message ids in order.
 */
export function seedChat(db: Database, title: string, messages: readonly SeedMessage[], createdAt = 1_700_000_000_000) {
  const chat: ChatSummary = createChat(db, title, createdAt);
  const ids: string[] = [];
  for (const [index, { at, ...message }] of messages.entries()) {
    const stored = insertMessage(
      db,
      { chatId: chat.id, status: 'complete', parentId: ids.at(-1) ?? null, ...message },
      at ?? createdAt + index * 1000,
    );
    ids.push(stored.id);
  }
  setLeaf(db, chat.id, ids.at(-1) ?? null);
  return { chat, ids };
}
