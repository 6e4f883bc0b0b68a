import type { Database } from 'better-sqlite3';
import type { MessageSource } from '../../shared/documents.js';
import type { Redaction } from '../../shared/remote.js';
import type { ChatMessage, GenerationStats, MessageRole, MessageStatus } from '../../shared/domain.js';
import type { AppError } from '../../shared/errors.js';
import { isErrorCode } from '../../shared/errors.js';
import { newId } from './ids.js';
import { listChatSources, listMessageSources } from './messageSources.js';

interface MessageRow {
  id: string;
  chat_id: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  model_id: string | null;
  model_name: string | null;
  error_code: string | null;
  error_message: string | null;
  tokens_in: number | null;
  tokens_out: number | null;
  time_to_first_token_ms: number | null;
  duration_ms: number | null;
  created_at: number;
  provider: 'local' | 'remote';
  endpoint_name: string | null;
  route_reason: string | null;
  redactions_json: string | null;
}

function toMessage(row: MessageRow, sources: MessageSource[] = []): ChatMessage {
  const error: AppError | null =
    row.error_code && isErrorCode(row.error_code) ? { code: row.error_code, message: row.error_message ?? '' } : null;
  return {
    id: row.id,
    chatId: row.chat_id,
    role: row.role,
    content: row.content,
    status: row.status,
    modelId: row.model_id,
    modelName: row.model_name,
    error,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    timeToFirstTokenMs: row.time_to_first_token_ms,
    durationMs: row.duration_ms,
    createdAt: row.created_at,
    sources,
    provider: row.provider,
    endpointName: row.endpoint_name,
    routeReason: row.route_reason,
    redactions: row.redactions_json ? (JSON.parse(row.redactions_json) as Redaction[]) : [],
  };
}

export interface NewMessage {
  chatId: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  modelId?: string | null;
  modelName?: string | null;
  provider?: 'local' | 'remote';
  endpointId?: string | null;
  endpointName?: string | null;
  routeReason?: string | null;
  redactions?: readonly Redaction[];
}

export function insertMessage(db: Database, message: NewMessage, now = Date.now()): ChatMessage {
  const id = newId();
  db.prepare(
    `INSERT INTO messages (id, chat_id, seq, role, content, status, model_id, model_name, created_at,
       provider, endpoint_id, endpoint_name, route_reason, redactions_json)
     VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE chat_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    message.chatId,
    message.chatId,
    message.role,
    message.content,
    message.status,
    message.modelId ?? null,
    message.modelName ?? null,
    now,
    message.provider ?? 'local',
    message.endpointId ?? null,
    message.endpointName ?? null,
    message.routeReason ?? null,
    message.redactions && message.redactions.length > 0 ? JSON.stringify(message.redactions) : null,
  );
  return getMessage(db, id);
}

export function getMessage(db: Database, messageId: string): ChatMessage {
  const row = db.prepare('SELECT * FROM messages WHERE id = ?').get(messageId) as MessageRow | undefined;
  if (!row) throw new Error(`message ${messageId} vanished`);
  return toMessage(row, listMessageSources(db, messageId));
}

/** Oldest first: the order the conversation happened and the order the model reads it. */
export function listMessages(db: Database, chatId: string): ChatMessage[] {
  const rows = db.prepare('SELECT * FROM messages WHERE chat_id = ? ORDER BY seq').all(chatId) as MessageRow[];
  const sources = listChatSources(db, chatId);
  return rows.map((row) => toMessage(row, sources.get(row.id)));
}

/** Saves the text streamed so far, so a crash loses at most the last flush interval. */
export function updateMessageContent(db: Database, messageId: string, content: string): void {
  db.prepare('UPDATE messages SET content = ? WHERE id = ?').run(content, messageId);
}

export interface MessageOutcome {
  content: string;
  status: Exclude<MessageStatus, 'streaming'>;
  error: AppError | null;
  stats: GenerationStats | null;
}

export function finishMessage(db: Database, messageId: string, outcome: MessageOutcome): ChatMessage {
  db.prepare(
    `UPDATE messages SET content = ?, status = ?, error_code = ?, error_message = ?,
       tokens_in = ?, tokens_out = ?, time_to_first_token_ms = ?, duration_ms = ?
     WHERE id = ?`,
  ).run(
    outcome.content,
    outcome.status,
    outcome.error?.code ?? null,
    outcome.error?.message ?? null,
    wholeOrNull(outcome.stats?.tokensIn),
    wholeOrNull(outcome.stats?.tokensOut),
    wholeOrNull(outcome.stats?.timeToFirstTokenMs),
    wholeOrNull(outcome.stats?.durationMs),
    messageId,
  );
  return getMessage(db, messageId);
}

/** Timings arrive as fractional milliseconds; the STRICT schema stores whole numbers. */
function wholeOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value);
}

/**
 * A row still `streaming` when the database is opened belongs to a process that died mid-reply:
 * keep its text and mark it interrupted so the user sees what happened.
 */
export function markOrphanedStreamsInterrupted(db: Database): number {
  return db
    .prepare(
      `UPDATE messages SET status = 'interrupted', error_code = 'model-host-crashed',
         error_message = 'Enclave closed before this reply finished; the text so far was kept.'
       WHERE status = 'streaming'`,
    )
    .run().changes;
}
