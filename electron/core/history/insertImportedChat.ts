import type { Database } from 'better-sqlite3-multiple-ciphers';
import { saveMessageSources } from '../chat/store/messageSources.js';
import { saveReplyPrompt } from '../chat/store/replyPrompts.js';
import { saveReplyThought } from '../chat/store/replyThoughts.js';
import type { ExportedChat } from './exportFormat.js';
import {
  chatHereForImport,
  chatMessageIds,
  insertImportedChatRow,
  insertImportedMessage,
  lastMessageSeq,
  messageChatId,
  setImportedChatLeaf,
  storedParentId,
} from './store/importedChats.js';

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
  const existing = chatHereForImport(db, chat.id);
  const present = new Set(existing ? chatMessageIds(db, chat.id) : []);
  assertTree(chat, present);
  const missing = chat.messages.filter((message) => !present.has(message.id));
  for (const message of missing) {
    const owner = messageChatId(db, message.id);
    if (owner !== undefined) throw new ChatRejection(`its message ${message.id} already belongs to another chat (${owner})`);
  }

  if (!existing) insertImportedChatRow(db, chat);
  let seq = lastMessageSeq(db, chat.id);
  for (const message of missing) {
    seq += 1;
    insertImportedMessage(db, chat.id, seq, message);
    if (message.sources.length > 0) saveMessageSources(db, message.id, message.sources);
    if (message.prompt) saveReplyPrompt(db, message.id, message.prompt);
    if (message.thought) saveReplyThought(db, message.id, message.thought);
  }

  const leaf = existing ? mergedLeaf(db, chat, existing.leafMessageId) : (chat.leafMessageId ?? chat.messages.at(-1)?.id ?? null);
  const updatedAt = existing && missing.length > 0 ? Math.max(existing.updatedAt, chat.updatedAt) : (existing?.updatedAt ?? chat.updatedAt);
  setImportedChatLeaf(db, chat.id, leaf, updatedAt);
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
  let current: string | null = importedLeaf;
  for (let steps = 0; current !== null && steps <= chat.messages.length + 1; steps++) {
    if (current === currentLeaf) return importedLeaf;
    current = parentOf.has(current) ? (parentOf.get(current) ?? null) : (storedParentId(db, current) ?? null);
  }
  return currentLeaf;
}
