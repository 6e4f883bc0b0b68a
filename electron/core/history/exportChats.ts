import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ChatMessage, ChatSummary } from '../../shared/domain.js';
import type { ChatExportFile, ChatExportFormat } from '../../shared/history.js';
import type { ReplyPrompt } from '../../shared/replyPrompt.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { getChat, listChats } from '../chat/store/chats.js';
import { leafOf, listAllMessages } from '../chat/store/messages.js';
import { getReplyPrompt } from '../chat/store/replyPrompts.js';
import { listChatCollections } from '../documents/store/collections.js';
import { EnclaveError } from '../errors.js';
import { chatExportFormat, chatExportVersion, type ExportedChat, type ExportedMessage } from './exportFormat.js';
import { chatMarkdown, markdownHeader } from './exportMarkdown.js';

/** One chat by id, or every chat. */
export type ChatSelection = { chatId: string } | { all: true };

/**
 * Writes an export piece by piece (one chat at a time), so a long history can go to a file without
 * the whole text in memory at once: `enclave chats export --all --out` writes each piece as it comes.
 */
export function* chatExportPieces(
  db: Database,
  selection: ChatSelection,
  format: ChatExportFormat,
  now = Date.now(),
): Generator<string, void, undefined> {
  const chats = selectedChats(db, selection);
  if (format === 'md') {
    if (!('chatId' in selection)) yield markdownHeader(chats.length, now);
    for (const [index, chat] of chats.entries()) {
      const markdown = chatMarkdown(exportedChat(db, chat), { titleLevel: 'chatId' in selection ? 1 : 2 });
      yield `${index > 0 ? '\n---\n\n' : ''}${markdown}`;
    }
    return;
  }
  yield `{\n  "format": ${JSON.stringify(chatExportFormat)},\n  "version": ${chatExportVersion},\n  "exportedAt": ${now},\n  "chats": [`;
  for (const [index, chat] of chats.entries()) {
    const json = JSON.stringify(exportedChat(db, chat), null, 2).replaceAll('\n', '\n    ');
    yield `${index > 0 ? ',' : ''}\n    ${json}`;
  }
  yield `${chats.length > 0 ? '\n  ' : ''}]\n}\n`;
}

/** The whole export as one text, with the file name to save it under. */
export function exportChats(db: Database, selection: ChatSelection, format: ChatExportFormat, now = Date.now()): ChatExportFile {
  const chats = selectedChats(db, selection);
  let content: string;
  try {
    const pieces: string[] = [];
    for (const piece of chatExportPieces(db, selection, format, now)) pieces.push(piece);
    content = pieces.join('');
  } catch (error) {
    // Past V8's longest string (about 512 MB): only a file written piece by piece can hold it.
    if (!(error instanceof RangeError)) throw error;
    throw new EnclaveError(
      'invalid-request',
      'The chat history is too large to export as one download. Export chats one at a time, or use "enclave chats export --all --out <file>".',
      { cause: error },
    );
  }
  return {
    fileName: exportFileName(selection, chats[0], format, now),
    mimeType: format === 'md' ? 'text/markdown' : 'application/json',
    content,
    chatCount: chats.length,
    messageCount: chats.reduce((total, chat) => total + chat.messageCount, 0),
  };
}

/**
 * Records an export in the audit trail; called before its first byte leaves. Which chat (or all of
 * them), how many chats and messages, the format and where it goes: never a title or a message.
 */
export function recordChatExport(
  audit: AuditTrail,
  selection: ChatSelection,
  format: ChatExportFormat,
  counts: { chats: number; messages: number },
  destination: 'download' | 'file' | 'stdout',
): void {
  const chatId = 'chatId' in selection ? selection.chatId : null;
  audit.record('chats.exported', { scope: chatId === null ? 'all' : 'one', chatId, ...counts, format, destination });
}

/** The chats a selection names, most recently active first; `not-found` for an unknown chat id. */
export function selectedChats(db: Database, selection: ChatSelection): ChatSummary[] {
  return 'chatId' in selection ? [getChat(db, selection.chatId)] : listChats(db);
}

/** A chat as the export writes it: every message of every branch, in the order written. */
export function exportedChat(db: Database, chat: ChatSummary): ExportedChat {
  return {
    id: chat.id,
    title: chat.title,
    createdAt: chat.createdAt,
    updatedAt: chat.updatedAt,
    leafMessageId: leafOf(db, chat.id),
    collections: listChatCollections(db, chat.id).map(({ id, name }) => ({ id, name })),
    messages: listAllMessages(db, chat.id).map((message) => exportedMessage(message, getReplyPrompt(db, message.id))),
  };
}

function exportedMessage(message: ChatMessage, prompt: ReplyPrompt | null): ExportedMessage {
  return {
    id: message.id,
    parentId: message.parentId,
    role: message.role,
    content: message.content,
    status: message.status === 'streaming' ? 'interrupted' : message.status,
    stopReason: message.stopReason,
    structured: message.structured,
    createdAt: message.createdAt,
    model: { id: message.modelId, name: message.modelName },
    provider: { kind: message.provider, endpointName: message.endpointName, routeReason: message.routeReason },
    presetName: message.presetName,
    tokens: { in: message.tokensIn, out: message.tokensOut },
    timings: { timeToFirstTokenMs: message.timeToFirstTokenMs, durationMs: message.durationMs },
    context: { droppedTurns: message.droppedTurns, contextSize: message.contextSize, passageFit: message.passageFit },
    error: message.error,
    sources: message.sources,
    redactions: message.redactions,
    prompt,
    thought: message.thought,
  };
}

/** `enclave-chat-quarterly-report-2026-11-22.md`, `enclave-chats-2026-11-22.json`. */
export function exportFileName(
  selection: ChatSelection,
  chat: ChatSummary | undefined,
  format: ChatExportFormat,
  now: number,
): string {
  const day = new Date(now).toISOString().slice(0, 10);
  if ('all' in selection || !chat) return `enclave-chats-${day}.${format}`;
  const slug = chat.title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return `enclave-chat-${slug || 'untitled'}-${day}.${format}`;
}
