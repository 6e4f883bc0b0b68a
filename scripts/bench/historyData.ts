/**
 * The generated chat history of bench:history and bench:storage: a database of many messages written
 * through the app's own schema, and the mix of queries people type into a history search.
 *
 * The build drops the index triggers, inserts in large transactions with prepared statements, then
 * indexes everything in one pass ('rebuild' semantics) and puts the triggers back.
 */
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { newId } from '../../electron/core/ids.js';
import { dropTriggers, messageIndexTriggers, rebuildMessageIndex } from '../../electron/core/history/store/messageIndex.js';
import type { ChatTextGenerator } from '../fixtures/chatHistory.js';
import { itemAt } from '../fixtures/itemAt.js';

/** The reply models' display names, one per chat. */
export const historyModels = ['Llama 3.2 3B Instruct', 'Mistral 7B Instruct v0.3', 'Qwen2.5 7B Instruct', 'Phi-3.5 mini', 'Gemma 2 9B'];
export const historyStart = Date.UTC(2023, 0, 1);
/** Three years of chats. */
export const historySpanMs = 3 * 365 * 24 * 3600 * 1000;
const messagesPerTransaction = 25_000;

/** The one long chat a history of `totalMessages` has: 10,000 messages, at most a tenth of the whole. */
export function longChatLength(totalMessages: number): number {
  return Math.min(10_000, Math.floor(totalMessages / 10));
}

export interface BuiltHistory {
  longChatId: string;
  /** A chat of about a hundred messages, for the erase figure. */
  typicalChatId: string;
  rowsSeconds: number;
  indexSeconds: number;
}

/**
 * Chats of 2 to ~400 messages (mostly short) and one long one (`longChatLength`), over three years,
 * in big transactions; then the search index in one pass.
 */
export function buildHistory(db: Database, text: ChatTextGenerator, totalMessages: number): BuiltHistory {
  const longChatMessages = longChatLength(totalMessages);
  db.pragma('cache_size = -262144');
  const restoreTriggers = dropTriggers(db, messageIndexTriggers);
  const insertChat = db.prepare('INSERT INTO chats (id, title, created_at, updated_at, leaf_message_id) VALUES (?, ?, ?, ?, ?)');
  const insertRow = db.prepare(
    `INSERT INTO messages (id, chat_id, seq, role, content, status, model_id, model_name, tokens_in, tokens_out,
       time_to_first_token_ms, duration_ms, created_at, parent_id)
     VALUES (?, ?, ?, ?, ?, 'complete', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let written = 0;
  let longChatId = '';
  let typicalChatId = '';
  const startedAt = performance.now();
  const writeChat = (length: number) => {
    const chatId = newId();
    const ids = Array.from({ length }, () => newId());
    const chatStart = historyStart + Math.floor((written / totalMessages) * historySpanMs);
    const firstMessage = text.userMessage();
    const title = firstMessage.split(' ').slice(0, 6).join(' ').replace(/[,.?!]+$/, '');
    insertChat.run(chatId, title, chatStart, chatStart + length * 30_000, ids.at(-1));
    const model = itemAt(historyModels, text.integer(historyModels.length));
    for (let index = 0; index < length; index++) {
      const isUser = index % 2 === 0;
      const content = index === 0 ? firstMessage : isUser ? text.userMessage() : text.assistantReply();
      const tokensOut = isUser ? null : Math.round(content.length / 4);
      insertRow.run(
        ids[index],
        chatId,
        index + 1,
        isUser ? 'user' : 'assistant',
        content,
        isUser ? null : 'bench-model',
        isUser ? null : model,
        isUser ? null : 200 + index * 40,
        tokensOut,
        isUser ? null : 150 + text.integer(400),
        isUser ? null : (tokensOut ?? 0) * 25,
        chatStart + index * 30_000,
        index === 0 ? null : ids[index - 1],
      );
    }
    written += length;
    return chatId;
  };
  while (written < totalMessages) {
    db.transaction(() => {
      const batchEnd = Math.min(totalMessages, written + messagesPerTransaction);
      while (written < batchEnd) {
        if (!longChatId && written >= totalMessages / 2) {
          longChatId = writeChat(Math.min(longChatMessages, totalMessages - written));
          continue;
        }
        const length = Math.min(batchEnd - written, 2 + 2 * Math.floor(200 ** (text.integer(1_000_000) / 1_000_000)));
        const chatId = writeChat(length);
        if (!typicalChatId && length >= 90 && length <= 110) typicalChatId = chatId;
      }
    })();
  }
  const rowsSeconds = (performance.now() - startedAt) / 1000;
  const indexStartedAt = performance.now();
  rebuildMessageIndex(db);
  restoreTriggers();
  const indexSeconds = (performance.now() - indexStartedAt) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  // Measure with the app's own cache settings, not the build's.
  db.pragma('cache_size = -2000');
  return { longChatId, typicalChatId: typicalChatId || longChatId, rowsSeconds, indexSeconds };
}

export interface BenchQuery {
  kind: 'rare word' | 'medium word' | 'two words' | 'word start' | 'common word';
  text: string;
}

/** A mix of what people type into a history search: mostly distinctive words, some pairs and word starts. */
export function benchQueries(db: Database, text: ChatTextGenerator, queryCount: number): BenchQuery[] {
  const word = (from: number, to: number) => itemAt(text.vocabulary, from + text.integer(to - from));
  const rankOf = new Map(text.vocabulary.map((candidate, rank) => [candidate, rank]));
  const lastRowid = db.prepare('SELECT MAX(rowid) FROM messages').pluck().get() as number;
  const contentAt = db.prepare('SELECT content FROM messages WHERE rowid >= ? LIMIT 1').pluck();
  const queries: BenchQuery[] = [];
  for (let index = 0; index < queryCount; index++) {
    const slot = index % 20;
    if (slot < 6) queries.push({ kind: 'rare word', text: word(5_000, text.vocabulary.length) });
    else if (slot < 13) queries.push({ kind: 'medium word', text: word(300, 5_000) });
    else if (slot < 16) {
      // Two words that occur together: taken from one message, skipping the most common words.
      const content = contentAt.get(1 + text.integer(lastRowid)) as string;
      const words = [...new Set(content.toLowerCase().match(/[a-z]+/g) ?? [])].filter((candidate) => (rankOf.get(candidate) ?? 0) >= 100);
      const first = words[text.integer(Math.max(1, words.length))] ?? word(300, 5_000);
      const second = words[text.integer(Math.max(1, words.length))] ?? word(300, 5_000);
      queries.push({ kind: 'two words', text: `${first} ${second}` });
    } else if (slot < 19) {
      const whole = word(300, 5_000);
      queries.push({ kind: 'word start', text: whole.slice(0, Math.max(4, whole.length - 2)) });
    } else queries.push({ kind: 'common word', text: word(20, 300) });
  }
  return queries;
}
