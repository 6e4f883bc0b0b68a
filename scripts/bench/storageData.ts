/**
 * The two databases bench:storage compares: one history of generated messages and one document index
 * in a single file (as the app keeps them), stored once in plain SQLite and once encrypted, holding
 * the same data. Both are cached under `.cache/bench-storage/<key>/`, the key naming the data's
 * version, the schema version and the sizes, so a rerun measures at once.
 *
 * Built as the app would come to hold them: generated through the app's schema (historyData.ts,
 * chunkData.ts) into `build.db`; `VACUUM INTO` makes the plain file; a copy of it is encrypted the
 * way Enclave encrypts a plain database (storage/rewriteDatabase.ts: out of WAL mode, `changeKey`).
 * Re-keying to a cipher that reserves bytes in each page rebuilds the file (as VACUUM does), so the
 * plain side is compacted too: both files are laid out alike, neither fragmented.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { changeKey, connect, databaseCipher } from '../../electron/core/db/databaseCipher.js';
import { latestSchemaVersion } from '../../electron/core/db/migrate.js';
import { openDatabase } from '../../electron/core/db/openDatabase.js';
import { createChatTextGenerator } from '../fixtures/chatHistory.js';
import { buildChunkIndex, type BuiltChunkIndex, createChunkGenerator, type Probe } from './chunkData.js';
import { buildHistory } from './historyData.js';
import { format } from './stats.js';

/** Change when the generated data changes, so a cached database of the old data is not measured. */
const dataVersion = 'v1';
const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cacheRoot = path.join(repositoryRoot, '.cache', 'bench-storage');

/** The bench's database key: fixed, so a cached encrypted file opens in every run. */
export const benchKey = createHash('sha256').update('enclave bench:storage').digest();

export interface StorageDataOptions {
  messages: number;
  chunks: number;
  /** Embedding dimensions of the document index. */
  dim: number;
  /** Retrieval queries kept with the index. */
  probes: number;
}

export interface StorageData {
  plainPath: string;
  encryptedPath: string;
  /** The collection holding the document index. */
  collectionId: string;
  probes: Probe[];
  /** True when this run built the databases; false when they came from the cache. */
  built: boolean;
}

const metaSchema = z.object({
  collectionId: z.string(),
  probes: z.array(z.object({ text: z.string(), vector: z.array(z.number()) })),
});

/** The cached pair for these sizes, built first if missing (minutes at a million messages). */
export function ensureStorageData(options: StorageDataOptions): StorageData {
  // The cipher too: an encrypted file cached under another cipher would not open.
  const key = `${dataVersion}-${databaseCipher.name}-schema${latestSchemaVersion}-${options.messages}m-${options.chunks}c-${options.dim}d-${options.probes}q`;
  const dir = path.join(cacheRoot, key);
  const plainPath = path.join(dir, 'plain.db');
  const encryptedPath = path.join(dir, 'encrypted.db');
  const metaPath = path.join(dir, 'meta.json');
  let built = false;
  // meta.json is written last: without it the folder is an interrupted build.
  if (!fs.existsSync(metaPath)) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    console.log(`building the databases in ${dir} (cached for later runs)`);
    const meta = build(dir, plainPath, encryptedPath, options);
    fs.writeFileSync(metaPath, JSON.stringify(meta));
    built = true;
  }
  const meta = metaSchema.parse(JSON.parse(fs.readFileSync(metaPath, 'utf8')));
  const probes = meta.probes.map((probe) => ({ text: probe.text, vector: Float32Array.from(probe.vector) }));
  return { plainPath, encryptedPath, collectionId: meta.collectionId, probes, built };
}

/** The history and the document index, written into a new database at `file`. */
function generate(file: string, options: StorageDataOptions): BuiltChunkIndex {
  const db = openDatabase(file);
  try {
    const history = buildHistory(db, createChatTextGenerator(), options.messages);
    console.log(`  ${options.messages} messages: rows ${format(history.rowsSeconds, 1)} s, full-text index ${format(history.indexSeconds, 1)} s`);
    const index = buildChunkIndex(db, createChunkGenerator(options.dim), options.chunks, 'clustered', options.probes);
    console.log(`  ${options.chunks} chunks x ${options.dim} dims: ${format(index.seconds, 1)} s`);
    return index;
  } finally {
    db.close();
  }
}

function build(dir: string, plainPath: string, encryptedPath: string, options: StorageDataOptions): z.infer<typeof metaSchema> {
  const buildPath = path.join(dir, 'build.db');
  const index = generate(buildPath, options);
  const timed = (label: string, work: () => void) => {
    const startedAt = performance.now();
    work();
    console.log(`  ${label}: ${format((performance.now() - startedAt) / 1000, 1)} s`);
  };
  timed('VACUUM INTO plain.db', () => {
    const source = connect(buildPath, { key: null, fileMustExist: true });
    try {
      source.prepare('VACUUM INTO ?').run(plainPath);
    } finally {
      source.close();
    }
    fs.rmSync(buildPath, { force: true });
  });
  timed('copy and encrypt (changeKey)', () => {
    fs.copyFileSync(plainPath, encryptedPath);
    const copy = connect(encryptedPath, { key: null, fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
      changeKey(copy, benchKey);
    } finally {
      copy.close();
    }
  });
  // Opened once the app's way, so later runs find them in WAL mode and only read them.
  openDatabase(plainPath).close();
  openDatabase(encryptedPath, { key: benchKey }).close();
  const size = (file: string) => `${format(fs.statSync(file).size / 2 ** 20, 0)} MiB`;
  console.log(`  plain.db ${size(plainPath)}, encrypted.db ${size(encryptedPath)}`);
  return { collectionId: index.collectionId, probes: index.probes.map((probe) => ({ text: probe.text, vector: [...probe.vector] })) };
}
