import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement, statement } from '../../db/statements.js';
import type { ExportedChat, ExportedMessage } from '../exportFormat.js';

/** What an import needs of a chat already here: null when the chat is new. */
export function chatHereForImport(db: Database, chatId: string): { updatedAt: number; leafMessageId: string | null } | null {
  const row = statement(db, 'SELECT updated_at, leaf_message_id FROM chats WHERE id = ?').get(chatId) as
    | { updated_at: number; leaf_message_id: string | null }
    | undefined;
  return row ? { updatedAt: row.updated_at, leafMessageId: row.leaf_message_id } : null;
}

export function chatMessageIds(db: Database, chatId: string): string[] {
  return pluckedStatement(db, 'SELECT id FROM messages WHERE chat_id = ?').all(chatId) as string[];
}

/** The chat a message belongs to; undefined when there is no such message. */
export function messageChatId(db: Database, messageId: string): string | undefined {
  return pluckedStatement(db, 'SELECT chat_id FROM messages WHERE id = ?').get(messageId) as string | undefined;
}

/** The message a stored message follows: null for a first message, undefined when there is no such message. */
export function storedParentId(db: Database, messageId: string): string | null | undefined {
  return pluckedStatement(db, 'SELECT parent_id FROM messages WHERE id = ?').get(messageId) as string | null | undefined;
}

/** The chat row of an imported chat, with its own id and times. */
export function insertImportedChatRow(db: Database, chat: ExportedChat): void {
  statement(db, 'INSERT INTO chats (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
    chat.id,
    chat.title,
    chat.createdAt,
    chat.updatedAt,
  );
}

/** The highest message number in the chat (0 for none): imported messages are numbered after it. */
export function lastMessageSeq(db: Database, chatId: string): number {
  return pluckedStatement(db, 'SELECT COALESCE(MAX(seq), 0) FROM messages WHERE chat_id = ?').get(chatId) as number;
}

export function setImportedChatLeaf(db: Database, chatId: string, leafMessageId: string | null, updatedAt: number): void {
  statement(db, 'UPDATE chats SET leaf_message_id = ?, updated_at = ? WHERE id = ?').run(leafMessageId, updatedAt, chatId);
}

/** Stores an exported message as it was: id, times, figures, branch and all (its sources are stored apart). */
export function insertImportedMessage(db: Database, chatId: string, seq: number, message: ExportedMessage): void {
  statement(
    db,
    `INSERT INTO messages (id, chat_id, seq, role, content, status, model_id, model_name, error_code, error_message,
       tokens_in, tokens_out, time_to_first_token_ms, duration_ms, created_at, provider, endpoint_name, route_reason,
       redactions_json, parent_id, preset_name, dropped_turns, context_size, passages_retrieved, passage_shortened,
       stop_reason, structured)
     VALUES (@id, @chatId, @seq, @role, @content, @status, @modelId, @modelName, @errorCode, @errorMessage,
       @tokensIn, @tokensOut, @timeToFirstTokenMs, @durationMs, @createdAt, @provider, @endpointName, @routeReason,
       @redactionsJson, @parentId, @presetName, @droppedTurns, @contextSize, @passagesRetrieved, @passageShortened,
       @stopReason, @structured)`,
  ).run({
    id: message.id,
    chatId,
    seq,
    role: message.role,
    content: message.content,
    status: message.status,
    modelId: message.model.id,
    modelName: message.model.name,
    errorCode: message.error?.code ?? null,
    errorMessage: message.error?.message ?? null,
    tokensIn: message.tokens.in,
    tokensOut: message.tokens.out,
    timeToFirstTokenMs: message.timings.timeToFirstTokenMs,
    durationMs: message.timings.durationMs,
    createdAt: message.createdAt,
    provider: message.provider.kind,
    endpointName: message.provider.endpointName,
    routeReason: message.provider.routeReason,
    redactionsJson: message.redactions.length > 0 ? JSON.stringify(message.redactions) : null,
    parentId: message.parentId,
    presetName: message.presetName,
    droppedTurns: message.context.droppedTurns,
    contextSize: message.context.contextSize,
    passagesRetrieved: message.context.passageFit?.retrieved ?? null,
    passageShortened: message.context.passageFit?.shortened ?? null,
    stopReason: message.stopReason,
    structured: message.structured ? 1 : 0,
  });
}
