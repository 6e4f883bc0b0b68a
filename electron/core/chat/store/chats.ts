import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { type ChatModel, type ChatSummary, chatModelSchema } from '../../../shared/domain.js';
import { jsonColumn, type RowOf, rowFields } from '../../db/rows.js';
import { pluckedStatement, statement } from '../../db/statements.js';
import { EnclaveError } from '../../errors.js';
import { newId } from '../../ids.js';

type ChatRow = RowOf<Omit<ChatSummary, 'collectionIds' | 'model'>> & { collection_ids: string; model_json: string | null };

const selectSummary = `
  SELECT c.id, c.title, c.created_at, c.updated_at,
         (SELECT COUNT(*) FROM messages m WHERE m.chat_id = c.id) AS message_count,
         (SELECT json_group_array(cc.collection_id) FROM chat_collections cc WHERE cc.chat_id = c.id)
           AS collection_ids,
         c.preset_id, c.model_json
  FROM chats c`;

const collectionIdsSchema = z.array(z.string());

function toSummary(row: ChatRow): ChatSummary {
  const { model_json: modelJson, ...fields } = row;
  return {
    ...rowFields(fields),
    collectionIds: jsonColumn(collectionIdsSchema, row.collection_ids, 'chat_collections.collection_id'),
    model: modelJson === null ? null : jsonColumn(chatModelSchema, modelJson, 'chats.model_json'),
  };
}

/** The model the chat answers with from now on (set with each send, in its transaction). */
export function setChatModel(db: Database, chatId: string, model: ChatModel): void {
  statement(db, 'UPDATE chats SET model_json = ? WHERE id = ?').run(JSON.stringify(model), chatId);
}

export const defaultChatTitle = 'New chat';

export function createChat(db: Database, title: string = defaultChatTitle, now = Date.now()): ChatSummary {
  const id = newId();
  statement(db, 'INSERT INTO chats (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, title, now, now);
  return getChat(db, id);
}

/** Most recently active first, which is the order every chat list shows. */
export function listChats(db: Database): ChatSummary[] {
  const rows = statement(db, `${selectSummary} ORDER BY c.updated_at DESC, c.rowid DESC`).all() as ChatRow[];
  return rows.map(toSummary);
}

export function findChat(db: Database, chatId: string): ChatSummary | undefined {
  const row = statement(db, `${selectSummary} WHERE c.id = ?`).get(chatId) as ChatRow | undefined;
  return row && toSummary(row);
}

/** Whether the chat exists, without reading its summary. */
export function chatExists(db: Database, chatId: string): boolean {
  return statement(db, 'SELECT 1 FROM chats WHERE id = ?').get(chatId) !== undefined;
}

export function getChat(db: Database, chatId: string): ChatSummary {
  const chat = findChat(db, chatId);
  if (!chat) throw new EnclaveError('not-found', `There is no chat with id ${chatId}; it may have been deleted.`);
  return chat;
}

export function renameChat(db: Database, chatId: string, title: string): ChatSummary {
  const result = statement(db, 'UPDATE chats SET title = ?, updated_at = ? WHERE id = ?').run(title, Date.now(), chatId);
  if (result.changes === 0) getChat(db, chatId);
  return getChat(db, chatId);
}

/** Marks the chat as active now; false when there is no such chat (it was deleted meanwhile). */
export function touchChat(db: Database, chatId: string, now = Date.now()): boolean {
  return statement(db, 'UPDATE chats SET updated_at = ? WHERE id = ?').run(now, chatId).changes > 0;
}

/** Names a chat after its first message while it still has the default title; a title the user chose stays. */
export function titleUntitledChat(db: Database, chatId: string, title: string): void {
  statement(db, 'UPDATE chats SET title = ? WHERE id = ? AND title = ?').run(title, chatId, defaultChatTitle);
}

/** Deletes the chat and, through the foreign key cascade, every message in it. */
export function deleteChat(db: Database, chatId: string): void {
  // Unlink the message tree first: deleting a long branch through its parent_id cascade would nest one
  // trigger level per message and hit SQLite's depth limit (1,000); the chat's own cascade is one level.
  statement(db, 'UPDATE messages SET parent_id = NULL WHERE chat_id = ? AND parent_id IS NOT NULL').run(chatId);
  const result = statement(db, 'DELETE FROM chats WHERE id = ?').run(chatId);
  if (result.changes === 0) {
    throw new EnclaveError('not-found', `There is no chat with id ${chatId}; it may have been deleted.`);
  }
}

/** Which preset a chat uses (null: none); false when there is no such chat. */
export function setChatPresetId(db: Database, chatId: string, presetId: string | null): boolean {
  return statement(db, 'UPDATE chats SET preset_id = ? WHERE id = ?').run(presetId, chatId).changes > 0;
}

/** The id of the preset a chat uses: null for none, undefined when there is no such chat. */
export function chatPresetId(db: Database, chatId: string): string | null | undefined {
  return pluckedStatement(db, 'SELECT preset_id FROM chats WHERE id = ?').get(chatId) as string | null | undefined;
}
