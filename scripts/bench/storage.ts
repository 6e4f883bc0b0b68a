/**
 * bench:storage — what encryption at rest costs. The same data in plain SQLite and encrypted
 * (AEGIS-256, db/databaseCipher.ts), each opened by `openDatabase` as the app opens it, and
 * in one run, the two sides in turn (the order swapping every time), after the same warm-up:
 *
 * 1. history search p95 through `searchMessages` over 1,000,000 messages (bench:history's queries);
 * 2. hybrid retrieval p95 through `searchChunks` over 100,000 chunks (bench:docs' index and queries);
 * 3. messages/s written through `insertMessage` (the row and its search index), one transaction
 *    each, with the app's WAL checkpointer running;
 * 4. the wall time of importing a generated 500-page PDF through `ingestDocument` (the reader process,
 *    chunks and vectors; embeddings from a stand-in: storageImport.ts);
 * and, for information, the time `openDatabase` takes (its quick_check reads every page).
 *
 * Target: encrypted / plain cost <= 1.15 for each (for throughput, plain messages/s over encrypted).
 * Reads (1, 2) run on the cached databases (storageData.ts), writes (3, 4) on copies made for the
 * run, so the cache keeps the data as built. Prints a table and exits 0; it asserts nothing.
 *
 * Environment: BENCH_STORAGE_MESSAGES (1000000), BENCH_STORAGE_CHUNKS (100000), BENCH_STORAGE_QUERIES
 * (history queries, 300), BENCH_STORAGE_INSERTS (5000), BENCH_PDF_PAGES (500), BENCH_RUNS (measured
 * rounds, 3).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { createChat } from '../../electron/core/chat/store/chats.js';
import { insertMessage } from '../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../electron/core/db/openDatabase.js';
import { startWalCheckpointer } from '../../electron/core/db/walCheckpointer.js';
import { DocumentParserClient } from '../../electron/core/documents/parserProcess/documentParserClient.js';
import { createParserForkLauncher } from '../../electron/core/documents/parserProcess/forkParserLauncher.js';
import { searchChunks } from '../../electron/core/documents/store/retrieve.js';
import { searchMessages } from '../../electron/core/history/search.js';
import { createChatTextGenerator } from '../fixtures/chatHistory.js';
import { ensureManyPagePdf } from '../fixtures/documents.js';
import { benchEmbeddingModelId } from './chunkData.js';
import { benchQueries } from './historyData.js';
import { format, median, percentile } from './stats.js';
import { benchKey, ensureStorageData, type StorageData } from './storageData.js';
import { createStandInProvider, timeImport } from './storageImport.js';

const messageCount = Number(process.env.BENCH_STORAGE_MESSAGES ?? 1_000_000);
const chunkCount = Number(process.env.BENCH_STORAGE_CHUNKS ?? 100_000);
const queryCount = Number(process.env.BENCH_STORAGE_QUERIES ?? 300);
const insertCount = Number(process.env.BENCH_STORAGE_INSERTS ?? 5000);
const pdfPages = Number(process.env.BENCH_PDF_PAGES ?? 500);
const rounds = Number(process.env.BENCH_RUNS ?? 3);
const dim = 384;
const probeCount = 200;
const topK = 10;
const targetRatio = 1.15;
/** Messages written on one side before the other takes its turn. */
const insertBlock = 100;

const sides = ['plain', 'encrypted'] as const;
type Side = (typeof sides)[number];
type PerSide<T> = Record<Side, T>;

/** One line of the table: a figure on each side, and whether more of it is better (throughput) or worse (time). */
interface Figure {
  metric: string;
  unit: string;
  values: PerSide<number>;
  higherIsBetter: boolean;
  /** Reported only: the issue sets no target for it. */
  informational?: boolean;
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  console.log(
    `bench:storage  messages=${messageCount}  chunks=${chunkCount}  history queries=${queryCount}  retrieval queries=${probeCount}  ` +
      `inserts=${insertCount}  pdf pages=${pdfPages}  rounds=${rounds} (+1 warm-up)`,
  );
  const data = ensureStorageData({ messages: messageCount, chunks: chunkCount, dim, probes: probeCount });
  console.log(`databases ${data.built ? 'built' : 'from the cache'}: ${path.dirname(data.plainPath)}`);
  const figures: Figure[] = [];
  // Two opens each: the cached databases', then their copies'.
  const openSeconds: PerSide<number[]> = { plain: [], encrypted: [] };
  const readers = openBoth({ plain: data.plainPath, encrypted: data.encryptedPath }, 0, openSeconds);
  try {
    figures.push(measureHistorySearch(readers));
    figures.push(measureRetrieval(readers, data));
  } finally {
    for (const side of sides) readers[side].close();
  }
  figures.push(...(await measureWrites(data, openSeconds)));
  figures.push({ metric: 'open (quick_check), mean of 2', unit: 's', values: means(openSeconds), higherIsBetter: false, informational: true });
  printTable(figures);
  console.log(`wall time ${format((performance.now() - startedAt) / 1000, 1)} s`);
}

/**
 * Both databases opened as the app opens them, in the order of turn `turn`, the seconds each open
 * took added to `openSeconds`: as at every start of the app, quick_check reads (and on the encrypted
 * side decrypts) every page.
 */
function openBoth(paths: PerSide<string>, turn: number, openSeconds: PerSide<number[]>): PerSide<Database> {
  const open = (side: Side) => {
    const startedAt = performance.now();
    const db = side === 'plain' ? openDatabase(paths.plain) : openDatabase(paths.encrypted, { key: benchKey });
    openSeconds[side].push((performance.now() - startedAt) / 1000);
    return db;
  };
  if (turnOrder(turn)[0] === 'plain') {
    const plain = open('plain');
    return { plain, encrypted: open('encrypted') };
  }
  const encrypted = open('encrypted');
  return { plain: open('plain'), encrypted };
}

/**
 * The order of the two sides in turn `index`: it swaps every turn, so neither always runs right after
 * the other (whose reads may have warmed or evicted what it needs).
 */
function turnOrder(index: number): readonly Side[] {
  return index % 2 === 0 ? sides : ['encrypted', 'plain'];
}

/** Milliseconds `body` takes. */
function time(body: () => unknown): number {
  const startedAt = performance.now();
  body();
  return performance.now() - startedAt;
}

function medians(values: PerSide<number[]>): PerSide<number> {
  return { plain: median(values.plain), encrypted: median(values.encrypted) };
}

function means(values: PerSide<number[]>): PerSide<number> {
  const mean = (list: number[]) => list.reduce((sum, value) => sum + value, 0) / list.length;
  return { plain: mean(values.plain), encrypted: mean(values.encrypted) };
}

function describe(label: string, values: PerSide<number[]>, unit: string): void {
  for (const side of sides) {
    const list = values[side];
    console.log(`  ${label} ${side.padEnd(9)} p50 ${format(median(list))} ${unit}  p95 ${format(percentile(list, 95))} ${unit}  (${list.length} samples)`);
  }
}

/**
 * The wall-clock p95 of `query` on both sides for every item, `rounds` times after one warm-up round
 * (which also fills each side's caches alike: the page cache on the encrypted side, the OS's file
 * cache on the plain one, which is memory-mapped). CPU time is printed too: other load on this
 * shared machine inflates wall-clock time but not it.
 */
function readP95<T>(label: string, items: readonly T[], connections: PerSide<Database>, query: (db: Database, item: T) => unknown): PerSide<number> {
  const wall: PerSide<number[]> = { plain: [], encrypted: [] };
  const cpu: PerSide<number[]> = { plain: [], encrypted: [] };
  let turn = 0;
  for (let round = 0; round <= rounds; round++) {
    for (const item of items) {
      for (const side of turnOrder(turn++)) {
        const cpuStart = process.cpuUsage();
        const ms = time(() => query(connections[side], item));
        const used = process.cpuUsage(cpuStart);
        if (round === 0) continue;
        wall[side].push(ms);
        cpu[side].push((used.user + used.system) / 1000);
      }
    }
  }
  describe(label, wall, 'ms');
  const cpuP95 = (side: Side) => percentile(cpu[side], 95);
  console.log(`  ${label} CPU p95: plain ${format(cpuP95('plain'))} ms, encrypted ${format(cpuP95('encrypted'))} ms, ratio ${format(cpuP95('encrypted') / cpuP95('plain'), 3)}`);
  return { plain: percentile(wall.plain, 95), encrypted: percentile(wall.encrypted, 95) };
}

function measureHistorySearch(connections: PerSide<Database>): Figure {
  const queries = benchQueries(connections.plain, createChatTextGenerator(), queryCount);
  const values = readP95('history search', queries, connections, (db, query) => searchMessages(db, { query: query.text, limit: 20 }));
  return { metric: `history search p95, ${messageCount.toLocaleString('en')} messages`, unit: 'ms', values, higherIsBetter: false };
}

function measureRetrieval(connections: PerSide<Database>, data: StorageData): Figure {
  const collectionIds = [data.collectionId];
  const values = readP95('hybrid retrieval', data.probes, connections, (db, probe) =>
    searchChunks(db, { query: probe.text, queryEmbedding: probe.vector, collectionIds, topK, relevanceFloor: 0, embeddingModelId: benchEmbeddingModelId }),
  );
  return { metric: `hybrid retrieval p95, ${chunkCount.toLocaleString('en')} chunks`, unit: 'ms', values, higherIsBetter: false };
}

/** Writes on copies of the cached databases, each with the app's WAL checkpointer running. */
async function measureWrites(data: StorageData, openSeconds: PerSide<number[]>): Promise<Figure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-storage-'));
  try {
    const copies = { plain: path.join(dir, 'plain.db'), encrypted: path.join(dir, 'encrypted.db') };
    for (const side of sides) {
      fs.copyFileSync(side === 'plain' ? data.plainPath : data.encryptedPath, copies[side]);
      // On disk before anything is timed: write-back of the copy would otherwise run alongside.
      const fd = fs.openSync(copies[side], 'r+');
      fs.fsyncSync(fd);
      fs.closeSync(fd);
    }
    const writers = openBoth(copies, 1, openSeconds);
    const checkpointers = { plain: startWalCheckpointer(writers.plain), encrypted: startWalCheckpointer(writers.encrypted, { key: benchKey }) };
    try {
      await Promise.all(sides.map((side) => checkpointers[side].started));
      return [measureInserts(writers), await measureImport(writers)];
    } finally {
      for (const side of sides) {
        await checkpointers[side].stop();
        writers[side].close();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `insertCount` messages on each side, one transaction each, in blocks of `insertBlock` taking turns,
 * after one block of warm-up. The figure is the median block's messages/s: a burst of other load on
 * this shared machine spoils a block or two, not the figure.
 */
function measureInserts(connections: PerSide<Database>): Figure {
  const text = createChatTextGenerator(99);
  const contents = Array.from({ length: insertCount + insertBlock }, (_, index) => (index % 2 === 0 ? text.userMessage() : text.assistantReply()));
  const chatIds = { plain: createChat(connections.plain, 'bench:storage inserts').id, encrypted: createChat(connections.encrypted, 'bench:storage inserts').id };
  const times: PerSide<number[]> = { plain: [], encrypted: [] };
  const blockRates: PerSide<number[]> = { plain: [], encrypted: [] };
  for (let block = 0; block * insertBlock < contents.length; block++) {
    for (const side of turnOrder(block)) {
      const db = connections[side];
      const blockContents = contents.slice(block * insertBlock, (block + 1) * insertBlock);
      const blockMs = blockContents.map((content, offset) => {
        const role = offset % 2 === 0 ? 'user' : 'assistant';
        return time(() => db.transaction(() => insertMessage(db, { chatId: chatIds[side], role, content, status: 'complete' }))());
      });
      if (block === 0) continue;
      times[side].push(...blockMs);
      blockRates[side].push(blockMs.length / (blockMs.reduce((sum, ms) => sum + ms, 0) / 1000));
    }
  }
  describe('message insert', times, 'ms');
  return { metric: 'message insert (one transaction each), median', unit: 'msg/s', values: medians(blockRates), higherIsBetter: true };
}

/** The generated PDF imported `rounds` times on each side, taking turns, after one warm-up import each. */
async function measureImport(connections: PerSide<Database>): Promise<Figure> {
  const pdf = await ensureManyPagePdf(pdfPages);
  const parser = new DocumentParserClient(createParserForkLauncher());
  const parts = { parser, provider: createStandInProvider(dim) };
  const seconds: PerSide<number[]> = { plain: [], encrypted: [] };
  try {
    for (let round = 0; round <= rounds; round++) {
      for (const side of turnOrder(round)) {
        const elapsed = await timeImport(connections[side], parts, pdf, `bench:storage import ${round}`);
        if (round > 0) seconds[side].push(elapsed);
      }
    }
  } finally {
    await parser.dispose();
  }
  for (const side of sides) console.log(`  PDF import ${side.padEnd(9)} ${seconds[side].map((value) => format(value)).join(', ')} s`);
  return { metric: `import of a ${pdfPages}-page PDF, median`, unit: 's', values: medians(seconds), higherIsBetter: false };
}

/** Encrypted over plain as a cost: time over time, or plain throughput over encrypted throughput. */
function costRatio(figure: Figure): number {
  return figure.higherIsBetter ? figure.values.plain / figure.values.encrypted : figure.values.encrypted / figure.values.plain;
}

function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((figure) => {
    const ratio = costRatio(figure);
    const digits = figure.unit === 'msg/s' ? 0 : 2;
    return [
      figure.metric,
      `${format(figure.values.plain, digits)} ${figure.unit}`,
      `${format(figure.values.encrypted, digits)} ${figure.unit}`,
      format(ratio, 3),
      figure.informational ? '-' : `<= ${targetRatio}`,
      figure.informational ? 'info' : ratio <= targetRatio ? 'PASS' : 'FAIL',
    ];
  });
  const header = ['metric', 'plain', 'encrypted', 'ratio', 'target', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  console.log(`\n${line(header)}\n${line(widths.map((width) => '-'.repeat(width)))}`);
  for (const row of rows) console.log(line(row));
  console.log('ratio: encrypted cost / plain cost (for msg/s: plain / encrypted), so above 1 means encryption is slower');
}

await main();
