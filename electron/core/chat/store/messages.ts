import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import type { MessageSource } from '../../../shared/documents.js';
import { type Redaction, redactionSchema } from '../../../shared/remote.js';
import type { BranchChange, ChatMessage, GenerationStats, MessageRole, MessageStatus, PassageFit, StopReason } from '../../../shared/domain.js';
import type { AppError } from '../../../shared/errors.js';
import { isErrorCode } from '../../../shared/errors.js';
import { newId } from '../../ids.js';
import { jsonColumn } from '../../db/rows.js';
import { pluckedStatement, statement } from '../../db/statements.js';
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
  parent_id: string | null;
  preset_name: string | null;
  dropped_turns: number | null;
  context_size: number | null;
  passages_retrieved: number | null;
  passage_shortened: number | null;
  stop_reason: StopReason | null;
  structured: 0 | 1;
  /** From reply_thoughts, joined by `thoughtJoin`. */
  thought_text: string | null;
  thought_ms: number | null;
}

/** A message row (as `m`) with its reply's thoughts, which are kept in a table of their own. */
const thoughtJoin = 'LEFT JOIN reply_thoughts t ON t.message_id = m.id';
const messageColumns = 'm.*, t.text AS thought_text, t.duration_ms AS thought_ms';

const redactionsSchema = z.array(redactionSchema);

function toMessage(row: MessageRow, sources: MessageSource[] = [], siblingIds: string[] = [row.id]): ChatMessage {
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
    redactions: row.redactions_json ? jsonColumn(redactionsSchema, row.redactions_json, 'messages.redactions_json') : [],
    parentId: row.parent_id,
    siblingIds,
    presetName: row.preset_name,
    droppedTurns: row.dropped_turns,
    contextSize: row.context_size,
    passageFit: row.passages_retrieved === null ? null : { retrieved: row.passages_retrieved, shortened: row.passage_shortened },
    stopReason: row.stop_reason,
    structured: row.structured === 1,
    thought: row.thought_text === null ? null : { text: row.thought_text, durationMs: row.thought_ms },
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
  /** The message it answers or follows; null starts the conversation. */
  parentId?: string | null;
  presetName?: string | null;
  /** A reply constrained to a JSON schema. */
  structured?: boolean;
}

/**
 * Stores a message. Without a `parentId` it continues the branch shown and becomes its new end; with
 * one (null: a new first message) it is placed there and the caller decides which branch is shown.
 */
export function insertMessage(db: Database, message: NewMessage, now = Date.now()): ChatMessage {
  return getMessage(db, insertMessageRow(db, message, now));
}

/** Like `insertMessage`, returning only the new id: for a writer that reads its messages back once, at the end. */
export function insertMessageRow(db: Database, message: NewMessage, now = Date.now()): string {
  const id = newId();
  const appending = message.parentId === undefined;
  const parentId = appending ? leafOf(db, message.chatId) : message.parentId;
  statement(
    db,
    `INSERT INTO messages (id, chat_id, seq, role, content, status, model_id, model_name, created_at,
       provider, endpoint_id, endpoint_name, route_reason, redactions_json, parent_id, preset_name, structured)
     VALUES (?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE chat_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
    parentId ?? null,
    message.presetName ?? null,
    message.structured ? 1 : 0,
  );
  if (appending) setLeaf(db, message.chatId, id);
  return id;
}

export function getMessage(db: Database, messageId: string): ChatMessage {
  const row = statement(db, `SELECT ${messageColumns} FROM messages m ${thoughtJoin} WHERE m.id = ?`).get(messageId) as MessageRow | undefined;
  if (!row) throw new Error(`message ${messageId} vanished`);
  return toMessage(row, listMessageSources(db, messageId), siblingsOf(db, row));
}

function siblingsOf(db: Database, row: MessageRow): string[] {
  const siblings = pluckedStatement(db, 'SELECT id FROM messages WHERE chat_id = ? AND parent_id IS ? ORDER BY seq');
  return siblings.all(row.chat_id, row.parent_id) as string[];
}

/**
 * The branch shown, oldest first: from the first message to the chat's leaf, following parents. This
 * is the conversation the user sees and the model reads; other branches are reached through each
 * message's `siblingIds`.
 */
export function listMessages(db: Database, chatId: string, lastMessages?: number): ChatMessage[] {
  const leaf = pluckedStatement(db, 'SELECT leaf_message_id FROM chats WHERE id = ?').get(chatId) as string | null | undefined;
  return leaf ? pathTo(db, chatId, leaf, lastMessages) : [];
}

/**
 * The walk up a branch that the queries below share: `path(id, depth)` from the message given first
 * (depth 0; it must be in the chat given second) up through its parents to the first message, at
 * most as many messages as the third parameter. Going up from the end lets a limit stop it early.
 */
const branchWalk = `WITH RECURSIVE path(id, depth) AS (
  SELECT id, 0 FROM messages WHERE id = ? AND chat_id = ?
  UNION ALL
  SELECT m.parent_id, path.depth + 1 FROM messages m JOIN path ON m.id = path.id
    WHERE m.parent_id IS NOT NULL AND path.depth + 1 < ?
)`;

/** The messages from the first one down to `messageId`, oldest first; with `lastMessages`, only the newest that many. */
export function pathTo(db: Database, chatId: string, messageId: string, lastMessages?: number): ChatMessage[] {
  // A limit stops the walk early: a long chat's end costs what a short chat does.
  const rows = statement(
    db,
    `${branchWalk} SELECT ${messageColumns} FROM path JOIN messages m ON m.id = path.id ${thoughtJoin} ORDER BY path.depth DESC`,
  ).all(messageId, chatId, lastMessages ?? Number.MAX_SAFE_INTEGER) as MessageRow[];
  const sources = listChatSources(db, chatId);
  const siblings = lastMessages === undefined ? siblingsByParent(db, chatId) : siblingsOfParents(db, chatId, rows);
  return rows.map((row) => toMessage(row, sources.get(row.id), siblings.get(row.parent_id ?? '') ?? [row.id]));
}

/**
 * What changes on screen when the branch shown switches from `oldLeaf` to `newLeaf`: the last message
 * both branches share (`keepThrough`, null when they share none) and the new branch's messages below
 * it, oldest first. A switch deep in a long chat sends the few messages that differ, not the chat.
 */
export function branchChange(
  db: Database,
  chatId: string,
  oldLeaf: string | null,
  newLeaf: string,
): BranchChange {
  const shown = new Set(oldLeaf ? branchIds(db, chatId, oldLeaf) : []);
  const newBranch = branchIds(db, chatId, newLeaf);
  // The deepest message of the new branch that is on screen already (-1 when none is).
  const lastShared = newBranch.findLastIndex((id) => shown.has(id));
  const changed = newBranch.length - (lastShared + 1);
  return {
    keepThrough: newBranch[lastShared] ?? null,
    messages: changed === 0 ? [] : pathTo(db, chatId, newLeaf, changed),
  };
}

/** The ids from the first message down to `messageId`, oldest first: cheap even for a long chat. */
function branchIds(db: Database, chatId: string, messageId: string): string[] {
  return pluckedStatement(
    db,
    `${branchWalk} SELECT id FROM path ORDER BY depth DESC`,
  ).all(messageId, chatId, Number.MAX_SAFE_INTEGER) as string[];
}

/** A message as the model reads it in a conversation. */
export type BranchText = Pick<ChatMessage, 'role' | 'content' | 'status'>;

/**
 * The branch from the first message down to `messageId`, oldest first, with only what a model reads:
 * what `pathTo` gives without the sources and sibling lists, which a send does not need and which
 * cost a scan of the whole chat.
 */
export function branchTexts(db: Database, chatId: string, messageId: string): BranchText[] {
  return statement(
    db,
    `${branchWalk} SELECT m.role, m.content, m.status FROM path JOIN messages m ON m.id = path.id ORDER BY path.depth DESC`,
  ).all(messageId, chatId, Number.MAX_SAFE_INTEGER) as BranchText[];
}

/** Every message of a chat in every branch, in the order written (for export and checks). */
export function listAllMessages(db: Database, chatId: string): ChatMessage[] {
  const rows = statement(db, `SELECT ${messageColumns} FROM messages m ${thoughtJoin} WHERE m.chat_id = ? ORDER BY m.seq`).all(chatId) as MessageRow[];
  const sources = listChatSources(db, chatId);
  const siblings = siblingsByParent(db, chatId);
  return rows.map((row) => toMessage(row, sources.get(row.id), siblings.get(row.parent_id ?? '') ?? [row.id]));
}

/** Children of each parent ('' for the first messages), oldest first: a message's alternatives. */
function siblingsByParent(db: Database, chatId: string): Map<string, string[]> {
  const rows = statement(db, 'SELECT id, parent_id FROM messages WHERE chat_id = ? ORDER BY seq').all(chatId) as {
    id: string;
    parent_id: string | null;
  }[];
  const byParent = new Map<string, string[]>();
  for (const row of rows) {
    const key = row.parent_id ?? '';
    const list = byParent.get(key) ?? [];
    list.push(row.id);
    byParent.set(key, list);
  }
  return byParent;
}

/** Like siblingsByParent, for the parents of `rows` only: a few messages of a long chat need not scan all of it. */
function siblingsOfParents(db: Database, chatId: string, rows: MessageRow[]): Map<string, string[]> {
  const parents = [...new Set(rows.map((row) => row.parent_id).filter((parent) => parent !== null))];
  type ChildRow = { id: string; parent_id: string | null };
  const children = statement(
    db,
    'SELECT id, parent_id FROM messages WHERE parent_id IN (SELECT value FROM json_each(?)) ORDER BY seq',
  ).all(JSON.stringify(parents)) as ChildRow[];
  if (rows.some((row) => row.parent_id === null)) {
    const firsts = statement(db, 'SELECT id, parent_id FROM messages WHERE chat_id = ? AND parent_id IS NULL ORDER BY seq');
    children.push(...(firsts.all(chatId) as ChildRow[]));
  }
  const byParent = new Map<string, string[]>();
  for (const row of children) {
    const key = row.parent_id ?? '';
    byParent.set(key, [...(byParent.get(key) ?? []), row.id]);
  }
  return byParent;
}

/** Makes `messageId` the end of the branch shown. */
export function setLeaf(db: Database, chatId: string, messageId: string | null): void {
  statement(db, 'UPDATE chats SET leaf_message_id = ? WHERE id = ?').run(messageId, chatId);
}

/** The deepest message under `messageId`, taking the newest child at each step: where a switched-to branch ends. */
export function deepestDescendant(db: Database, messageId: string): string {
  const newestChild = pluckedStatement(db, 'SELECT id FROM messages WHERE parent_id = ? ORDER BY seq DESC LIMIT 1');
  let current = messageId;
  for (;;) {
    const child = newestChild.get(current) as string | undefined;
    if (!child) return current;
    current = child;
  }
}

export function findMessage(db: Database, messageId: string): ChatMessage | undefined {
  const row = statement(db, `SELECT ${messageColumns} FROM messages m ${thoughtJoin} WHERE m.id = ?`).get(messageId) as MessageRow | undefined;
  return row && toMessage(row, listMessageSources(db, messageId), siblingsOf(db, row));
}

/** The end of the branch shown, or null for an empty chat. */
export function leafOf(db: Database, chatId: string): string | null {
  return (pluckedStatement(db, 'SELECT leaf_message_id FROM chats WHERE id = ?').get(chatId) as string | null | undefined) ?? null;
}

/** Saves the text streamed so far, so a crash loses at most the last flush interval. */
export function updateMessageContent(db: Database, messageId: string, content: string): void {
  statement(db, 'UPDATE messages SET content = ? WHERE id = ?').run(content, messageId);
}

/** Records how the history was fitted into the model's context for a reply. */
export function setContextUse(db: Database, messageId: string, droppedTurns: number | null, contextSize: number | null): void {
  statement(db, 'UPDATE messages SET dropped_turns = ?, context_size = ? WHERE id = ?').run(droppedTurns, contextSize, messageId);
}

/** Records that a reply was given fewer passages than were retrieved (or one shortened), to fit the context. */
export function setPassageFit(db: Database, messageId: string, fit: PassageFit): void {
  statement(db, 'UPDATE messages SET passages_retrieved = ?, passage_shortened = ? WHERE id = ?').run(fit.retrieved, fit.shortened, messageId);
}

/** A cut-off reply written on again (continued): streaming, its old ending cleared, its text kept. */
export function reopenReply(db: Database, messageId: string): void {
  statement(db, `UPDATE messages SET status = 'streaming', error_code = NULL, error_message = NULL, stop_reason = NULL WHERE id = ?`).run(messageId);
}

export interface MessageOutcome {
  content: string;
  status: Exclude<MessageStatus, 'streaming'>;
  error: AppError | null;
  stats: GenerationStats | null;
  /** Why generation ended, as the generator reported it; null when it failed before reporting. */
  stopReason: StopReason | null;
}

export function finishMessage(db: Database, messageId: string, outcome: MessageOutcome): ChatMessage {
  statement(
    db,
    `UPDATE messages SET content = ?, status = ?, error_code = ?, error_message = ?,
       tokens_in = ?, tokens_out = ?, time_to_first_token_ms = ?, duration_ms = ?, stop_reason = ?
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
    outcome.stopReason,
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
  return statement(
    db,
    `UPDATE messages SET status = 'interrupted', error_code = 'model-host-crashed',
       error_message = CASE WHEN content = '' THEN 'Enclave closed before the model wrote anything.'
                       ELSE 'Enclave closed before this reply finished; the text so far was kept.' END
     WHERE status = 'streaming'`,
  ).run().changes;
}

/** The local model that last answered in the chat, or undefined when none has. */
export function lastLocalModelId(db: Database, chatId: string): string | undefined {
  return pluckedStatement(
    db,
    `SELECT model_id FROM messages WHERE chat_id = ? AND provider = 'local' AND model_id IS NOT NULL ORDER BY seq DESC LIMIT 1`,
  ).get(chatId) as string | undefined;
}
