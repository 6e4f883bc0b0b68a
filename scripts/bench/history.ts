/**
 * bench:history — chat history at scale. Builds a database of 1,000,000 generated messages through
 * the app's own schema (openDatabase, every migration), then measures on it, in the same run:
 *
 * - full-text search p95 through `searchMessages` (query sanitising, windowed ranking, the join to
 *   messages and chats, snippets), target <= 50 ms, against the bare FTS5 query a plain
 *   implementation runs (`MATCH ... ORDER BY rank LIMIT`, the same match expression), target ratio
 *   <= 1.2; and against the same windowed ranking in bare SQL, to show what the app layer adds;
 * - database size per 1,000 messages (and the search index's share);
 * - what indexing costs a message written the app's way (triggers on), and what erasing costs on a
 *   history this size: one chat of about a hundred messages (secure deletes from the search index,
 *   zeroed pages, the log emptied; no VACUUM), then every chat (the tables truncated, the file
 *   rewritten from what is kept), each with the longest time the thread was held at once, which
 *   is what the window would feel.
 *
 * The build drops the index triggers, inserts in large transactions with prepared statements, then
 * indexes everything in one pass ('rebuild' semantics) and puts the triggers back.
 * The fourth figure of issue 6, opening a 10,000-message chat to first paint in Chromium, needs the
 * renderer: scripts/bench/history-paint.ts measures it (`npm run bench:history` runs it next).
 *
 * Environment: BENCH_HISTORY_MESSAGES (default 1000000), BENCH_HISTORY_QUERIES (default 300),
 * BENCH_RUNS (measured rounds, default 3), BENCH_HISTORY_ERASE=0 skips the erase figures,
 * BENCH_HISTORY_KEEP=1 keeps the database and prints where, BENCH_HISTORY_DATABASE=<file> measures
 * search (and size) on a kept database instead of building one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { newId } from '../../electron/core/ids.js';
import { insertMessage } from '../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../electron/core/db/openDatabase.js';
import { eraseAllChats, eraseChat } from '../../electron/core/history/eraseChats.js';
import { dropTriggers, messageIndexTriggers, rebuildMessageIndex } from '../../electron/core/history/store/messageIndex.js';
import { rankWindow, searchMessages } from '../../electron/core/history/search.js';
import { toMessageSearchQuery } from '../../electron/core/history/searchQuery.js';
import { type ChatTextGenerator, createChatTextGenerator } from '../fixtures/chatHistory.js';
import { itemAt } from '../fixtures/itemAt.js';
import { format, median, percentile } from './stats.js';

const totalMessages = Number(process.env.BENCH_HISTORY_MESSAGES ?? 1_000_000);
const queryCount = Number(process.env.BENCH_HISTORY_QUERIES ?? 300);
const rounds = Number(process.env.BENCH_RUNS ?? 3);
const measureErase = process.env.BENCH_HISTORY_ERASE !== '0';
const keepDatabase = process.env.BENCH_HISTORY_KEEP === '1';
const reusedDatabase = process.env.BENCH_HISTORY_DATABASE;
const targetP95Ms = 50;
const targetRatio = 1.2;
/** One chat this long, as a long history has (the first-paint figure seeds its own, see history-paint.ts). */
const longChatMessages = Math.min(10_000, Math.floor(totalMessages / 10));
const messagesPerTransaction = 25_000;
const models = ['Llama 3.2 3B Instruct', 'Mistral 7B Instruct v0.3', 'Qwen2.5 7B Instruct', 'Phi-3.5 mini', 'Gemma 2 9B'];
const historyStart = Date.UTC(2023, 0, 1);
const historySpanMs = 3 * 365 * 24 * 3600 * 1000;

interface BuiltHistory {
  longChatId: string;
  /** A chat of about a hundred messages, for the erase figure. */
  typicalChatId: string;
  rowsSeconds: number;
  indexSeconds: number;
}

async function main(): Promise<void> {
  if (reusedDatabase) {
    measureKept(reusedDatabase);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-history-'));
  const file = path.join(dir, 'enclave.db');
  const db = openDatabase(file);
  const text = createChatTextGenerator();
  console.log(`bench:history  messages=${totalMessages}  queries=${queryCount}  rounds=${rounds} (+1 warm-up)  database=${file}`);
  try {
    const built = buildHistory(db, text);
    console.log(
      `build: rows ${format(built.rowsSeconds, 1)} s (${format(totalMessages / built.rowsSeconds / 1000, 1)}k messages/s), ` +
        `full-text index ${format(built.indexSeconds, 1)} s, total ${format(built.rowsSeconds + built.indexSeconds, 1)} s`,
    );
    reportSize(db, file);
    measureSearch(db, text);
    measureAppPathIndexing(db, text);
    console.log(`(one chat of ${longChatMessages} messages: ${built.longChatId}; first paint in Chromium: scripts/bench/history-paint.ts)`);
    if (measureErase) {
      await measureEraseOne(db, built.typicalChatId);
      await measureEraseAll(db, file);
    }
  } finally {
    db.close();
    if (keepDatabase) console.log(`database kept: ${file}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Search (and size) on a database an earlier run kept, without building again; it is left unchanged. */
function measureKept(file: string): void {
  const db = openDatabase(file);
  console.log(`bench:history  queries=${queryCount}  rounds=${rounds} (+1 warm-up)  kept database=${file}`);
  try {
    reportSize(db, file);
    measureSearch(db, createChatTextGenerator());
  } finally {
    db.close();
  }
}

/** Chats of 2 to ~400 messages (mostly short) and one long one, over three years, in big transactions. */
function buildHistory(db: Database, text: ChatTextGenerator): BuiltHistory {
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
    const model = itemAt(models, text.integer(models.length));
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

function reportSize(db: Database, file: string): void {
  const messages = db.prepare('SELECT COUNT(*) FROM messages').pluck().get() as number;
  const bytes = fs.statSync(file).size;
  const perThousand = (value: number) => `${format(value / (messages / 1000) / 1e6, 2)} MB`;
  const textBytes = db.prepare('SELECT SUM(LENGTH(CAST(content AS BLOB))) FROM messages').pluck().get() as number;
  let indexBytes: number | null = null;
  try {
    indexBytes = db.prepare("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'messages_fts%'").pluck().get() as number;
  } catch {
    // dbstat is an optional SQLite module; the total is still measured.
  }
  const index = indexBytes === null ? '' : `, of which the full-text index ${perThousand(indexBytes)}`;
  console.log(`database: ${format(bytes / 1e9, 2)} GB for ${messages} messages (${format(textBytes / 1e9, 2)} GB of message text)`);
  console.log(`database size per 1,000 messages: ${perThousand(bytes)}${index} (message text alone ${perThousand(textBytes)})`);
}

interface BenchQuery {
  kind: 'rare word' | 'medium word' | 'two words' | 'word start' | 'common word';
  text: string;
}

/** A mix of what people type into a history search: mostly distinctive words, some pairs and word starts. */
function benchQueries(db: Database, text: ChatTextGenerator): BenchQuery[] {
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

/** The ways a query is timed, each on the same match expression. */
const timedVariants = ['searchMessages', 'bare ranked', 'bare windowed'] as const;
type TimedVariant = (typeof timedVariants)[number];

/**
 * Three timings per query, run in turn (the order rotating, so none always finds the pages another
 * just read): `searchMessages` itself; the bare FTS5 query a plain implementation runs (MATCH, ORDER
 * BY rank, LIMIT), the baseline of the targets; and the same work as searchMessages' ranking in bare
 * SQL (the window floor, then bm25 over the window), which isolates what the app adds on top (joins,
 * filters, snippets). Plus searchMessages with a date and a model filter.
 */
function measureSearch(db: Database, text: ChatTextGenerator): void {
  const queries = benchQueries(db, text);
  const limit = 20;
  const bareRanked = db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rank LIMIT ?');
  const bareFloor = db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?').pluck();
  const bareWindow = db.prepare(
    'SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? AND rowid >= ? ORDER BY bm25(messages_fts), rowid DESC LIMIT ?',
  );
  const noTimes = (): Record<TimedVariant, number[]> => ({ searchMessages: [], 'bare ranked': [], 'bare windowed': [] });
  const times = noTimes();
  const byKind = new Map<string, Record<TimedVariant, number[]>>();
  const filteredMs: number[] = [];
  const lastYear = historyStart + historySpanMs - 365 * 24 * 3600 * 1000;
  for (let round = 0; round <= rounds; round++) {
    for (const [index, query] of queries.entries()) {
      const match = toMessageSearchQuery(query.text) ?? '""';
      // searchMessages asks for one row more than it returns (to know if there is a next page): so do these.
      const run: Record<TimedVariant, () => unknown> = {
        searchMessages: () => searchMessages(db, { query: query.text, limit }),
        'bare ranked': () => bareRanked.all(match, limit + 1),
        'bare windowed': () => bareWindow.all(match, bareFloor.get(match, rankWindow - 1) ?? 0, limit + 1),
      };
      const shift = (index + round) % timedVariants.length;
      const order = [...timedVariants.slice(shift), ...timedVariants.slice(0, shift)];
      const measured = order.map((variant) => [variant, time(run[variant])] as const);
      const filtered = time(() => searchMessages(db, { query: query.text, limit, since: lastYear, modelName: itemAt(models, 0) }));
      if (round === 0) continue;
      filteredMs.push(filtered);
      const kind = byKind.get(query.kind) ?? noTimes();
      byKind.set(query.kind, kind);
      for (const [variant, ms] of measured) {
        times[variant].push(ms);
        kind[variant].push(ms);
      }
    }
  }
  const summary = (values: number[]) => `p50 ${format(median(values))} / p95 ${format(percentile(values, 95))}`;
  for (const [kind, kindTimes] of byKind) {
    console.log(`  ${kind.padEnd(12)} ${timedVariants.map((variant) => `${variant} ${summary(kindTimes[variant])}`).join('   ')} ms`);
  }
  const p95 = (variant: TimedVariant) => percentile(times[variant], 95);
  const ours = p95('searchMessages');
  const ratio = ours / p95('bare ranked');
  console.log(`FTS search p50: ${timedVariants.map((variant) => `${variant} ${format(median(times[variant]))} ms`).join(', ')}`);
  console.log(`FTS search p95 (searchMessages): ${format(ours)} ms   target <= ${targetP95Ms} ms   ${ours <= targetP95Ms ? 'MET' : 'NOT MET'}`);
  console.log(`FTS search p95 (bare FTS5 query, MATCH ORDER BY rank LIMIT): ${format(p95('bare ranked'))} ms`);
  console.log(`ratio searchMessages / bare FTS5 query (p95): ${format(ratio)}   target <= ${targetRatio}   ${ratio <= targetRatio ? 'MET' : 'NOT MET'}`);
  const sameWork = ours / p95('bare windowed');
  console.log(
    `ratio searchMessages / the same windowed ranking in bare SQL (p95): ${format(sameWork)}   ` +
      `(what joins, snippets and the JS layer add; ${sameWork <= targetRatio ? 'within' : 'over'} ${targetRatio})`,
  );
  console.log(`FTS search p95 with date and model filters: ${format(percentile(filteredMs, 95))} ms`);
}

/** Messages written one at a time as the app writes them (own transaction each, triggers on). */
function measureAppPathIndexing(db: Database, text: ChatTextGenerator): void {
  const chatId = newId();
  db.prepare('INSERT INTO chats (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)').run(chatId, 'App path', Date.now(), Date.now());
  const count = 500;
  let parentId: string | null = null;
  const startedAt = performance.now();
  for (let index = 0; index < count; index++) {
    const content = index % 2 === 0 ? text.userMessage() : text.assistantReply();
    parentId = insertMessage(db, { chatId, role: index % 2 === 0 ? 'user' : 'assistant', content, status: 'complete', parentId }).id;
  }
  console.log(`app path: ${format((performance.now() - startedAt) / count)} ms per message written and indexed (${count} messages)`);
}

async function measureEraseOne(db: Database, chatId: string): Promise<void> {
  const { result: report, seconds, longestHoldMs } = await timeHolding(() => eraseChat(db, chatId));
  console.log(
    `erase one chat (${report.messagesDeleted} messages) from this history: ${format(seconds * 1000, 0)} ms, ` +
      `thread held at most ${format(longestHoldMs, 0)} ms at once (erased from the file: ${report.fileErased ? 'yes' : 'no'})`,
  );
}

/** Destructive: the last figure of a run. */
async function measureEraseAll(db: Database, file: string): Promise<void> {
  const sizeBefore = fs.statSync(file).size;
  const { result: report, seconds, longestHoldMs } = await timeHolding(() => eraseAllChats(db));
  console.log(
    `erase every chat (${report.chatsDeleted} chats, ${report.messagesDeleted} messages): ${format(seconds, 1)} s, ` +
      `thread held at most ${format(longestHoldMs, 0)} ms at once (erased from the file: ${report.fileErased ? 'yes' : 'no'}); ` +
      `file ${format(sizeBefore / 1e6, 0)} MB -> ${format(fs.statSync(file).size / 1e6, 0)} MB`,
  );
}

/**
 * Times async work and the longest stretch it kept the event loop from running anything else: a
 * timer asks for a turn every millisecond and the longest gap between turns is the longest hold.
 */
async function timeHolding<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; longestHoldMs: number }> {
  let longestHoldMs = 0;
  let lastTurn = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longestHoldMs = Math.max(longestHoldMs, now - lastTurn);
    lastTurn = now;
  }, 1);
  const startedAt = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - startedAt) / 1000;
    longestHoldMs = Math.max(longestHoldMs, performance.now() - lastTurn);
    return { result, seconds, longestHoldMs };
  } finally {
    clearInterval(ticker);
  }
}

function time(body: () => unknown): number {
  const startedAt = performance.now();
  body();
  return performance.now() - startedAt;
}

await main();
