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
 * The history is built by historyData.ts (shared with bench:storage).
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
import { rankWindow, searchMessages } from '../../electron/core/history/search.js';
import { toMessageSearchQuery } from '../../electron/core/history/searchQuery.js';
import { type ChatTextGenerator, createChatTextGenerator } from '../fixtures/chatHistory.js';
import { itemAt } from '../fixtures/itemAt.js';
import { benchQueries, buildHistory, historyModels, historySpanMs, historyStart, longChatLength } from './historyData.js';
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
const longChatMessages = longChatLength(totalMessages);

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
    const built = buildHistory(db, text, totalMessages);
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
  const queries = benchQueries(db, text, queryCount);
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
      const filtered = time(() => searchMessages(db, { query: query.text, limit, since: lastYear, modelName: itemAt(historyModels, 0) }));
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
