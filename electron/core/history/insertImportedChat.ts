import type { Database } from 'better-sqlite3';
import { saveMessageSources } from '../chat/store/messageSources.js';
import type { ExportedChat, ExportedMessage } from './exportFormat.js';

/** Something about one chat of an import that keeps it out; the other chats still import. */
export class ChatRejection extends Error {
  override readonly name = 'ChatRejection';
}

export interface ImportedChatOutcome {
  /** The chat was new here (else its missing messages were merged into the one already here). */
  created: boolean;
  messagesImported: number;
  messagesSkipped: number;
}

/**
 * Writes one validated chat of an import: a new chat with all its messages, or, for a chat already
 * here, the messages it lacks, appended in the file's order. Ids, times, figures, sources and
 * branches are kept as exported, so a re-export gives the same chat back. Throws ChatRejection for a
 * chat whose messages do not form a tree (the caller rolls its savepoint back).
 */
export function insertImportedChat(db: Database, chat: ExportedChat): ImportedChatOutcome {
  const existing = db.prepare('SELECT updated_at, leaf_message_id FROM chats WHERE id = ?').get(chat.id) as
    | { updated_at: number; leaf_message_id: string | null }
    | undefined;
  const present = new Set(
    existing ? (db.prepare('SELECT id FROM messages WHERE chat_id = ?').pluck().all(chat.id) as string[]) : [],
  );
  assertTree(chat, present);
  const missing = chat.messages.filter((message) => !present.has(message.id));
  const ownerOf = db.prepare('SELECT chat_id FROM messages WHERE id = ?').pluck();
  for (const message of missing) {
    const owner = ownerOf.get(message.id) as string | undefined;
    if (owner !== undefined) throw new ChatRejection(`its message ${message.id} already belongs to another chat (${owner})`);
  }

  if (!existing) {
    db.prepare('INSERT INTO chats (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(
      chat.id,
      chat.title,
      chat.createdAt,
      chat.updatedAt,
    );
  }
  let seq = db.prepare('SELECT COALESCE(MAX(seq), 0) FROM messages WHERE chat_id = ?').pluck().get(chat.id) as number;
  const insert = insertStatement(db);
  for (const message of missing) {
    seq += 1;
    insert.run(messageRow(chat.id, seq, message));
    if (message.sources.length > 0) saveMessageSources(db, message.id, message.sources);
  }

  const leaf = existing ? mergedLeaf(db, chat, existing.leaf_message_id) : (chat.leafMessageId ?? chat.messages.at(-1)?.id ?? null);
  const updatedAt = existing && missing.length > 0 ? Math.max(existing.updated_at, chat.updatedAt) : (existing?.updated_at ?? chat.updatedAt);
  db.prepare('UPDATE chats SET leaf_message_id = ?, updated_at = ? WHERE id = ?').run(leaf, updatedAt, chat.id);
  return { created: !existing, messagesImported: missing.length, messagesSkipped: chat.messages.length - missing.length };
}

/** Every message's parent comes before it (in the file, or already here); ids are unique; the leaf exists. */
function assertTree(chat: ExportedChat, present: ReadonlySet<string>): void {
  const seen = new Set<string>();
  for (const message of chat.messages) {
    if (seen.has(message.id)) throw new ChatRejection(`message ${message.id} appears twice`);
    if (message.parentId !== null && !seen.has(message.parentId) && !present.has(message.parentId)) {
      throw new ChatRejection(`message ${message.id} follows message ${message.parentId}, which does not come before it in this chat`);
    }
    seen.add(message.id);
  }
  if (chat.leafMessageId !== null && !seen.has(chat.leafMessageId) && !present.has(chat.leafMessageId)) {
    throw new ChatRejection(`the branch it shows ends at message ${chat.leafMessageId}, which is not in the chat`);
  }
}

/**
 * The branch a merged chat shows: the imported one when it continues the branch shown here (the chat
 * went on elsewhere), else the one shown here, so an import never hides what the user was reading.
 */
function mergedLeaf(db: Database, chat: ExportedChat, currentLeaf: string | null): string | null {
  const importedLeaf = chat.leafMessageId;
  if (currentLeaf === null) return importedLeaf ?? chat.messages.at(-1)?.id ?? null;
  if (importedLeaf === null) return currentLeaf;
  const parentOf = new Map(chat.messages.map((message) => [message.id, message.parentId]));
  const storedParent = db.prepare('SELECT parent_id FROM messages WHERE id = ?').pluck();
  let current: string | null = importedLeaf;
  for (let steps = 0; current !== null && steps <= chat.messages.length + 1; steps++) {
    if (current === currentLeaf) return importedLeaf;
    current = parentOf.has(current) ? (parentOf.get(current) ?? null) : ((storedParent.get(current) as string | null | undefined) ?? null);
  }
  return currentLeaf;
}

function insertStatement(db: Database) {
  return db.prepare(
    `INSERT INTO messages (id, chat_id, seq, role, content, status, model_id, model_name, error_code, error_message,
       tokens_in, tokens_out, time_to_first_token_ms, duration_ms, created_at, provider, endpoint_name, route_reason,
       redactions_json, parent_id, preset_name, dropped_turns, context_size, stop_reason, structured)
     VALUES (@id, @chatId, @seq, @role, @content, @status, @modelId, @modelName, @errorCode, @errorMessage,
       @tokensIn, @tokensOut, @timeToFirstTokenMs, @durationMs, @createdAt, @provider, @endpointName, @routeReason,
       @redactionsJson, @parentId, @presetName, @droppedTurns, @contextSize, @stopReason, @structured)`,
  );
}

function messageRow(chatId: string, seq: number, message: ExportedMessage) {
  return {
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
    stopReason: message.stopReason,
    structured: message.structured ? 1 : 0,
  };
}
