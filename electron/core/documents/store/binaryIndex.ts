import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement, rawStatement } from '../../db/statements.js';
import { createHammingKernel, type HammingKernel } from './hammingKernel.js';

/**
 * The candidate step of vector search on large libraries: one bit per dimension (the sign of the
 * unit vector's component), 48 bytes for a 384-dimension embedding instead of 1,536, compared by
 * Hamming distance. The codes live in a sqlite-vec `bit[dim]` table (see vectorIndex.ts), which
 * stores them in blocks of 1,024 per partition; this module reads those blocks and scans them here.
 *
 * Why not sqlite-vec's own KNN: it keeps its top k by repeated selection, O(rows x k), which at a
 * million rows and the few hundred candidates re-scoring needs takes seconds; a histogram over
 * integer distances picks any number of candidates in two linear passes, and the distances come from
 * a WebAssembly SIMD kernel (hammingKernel.ts; plain JavaScript where it cannot run). The blocks are
 * kept in memory between searches (48 MB of codes for a million chunks) until the codes change: this
 * connection's writes go through `insertChunkVectors`/`deleteChunkVectors`, which call
 * `binaryCodesChanged`, and another connection's commits change SQLite's `data_version`. If the
 * storage is not laid out as expected (another sqlite-vec version), the search uses sqlite-vec's KNN.
 */

/** Codes are scanned as 32-bit words, so the dimension must be a multiple of 32 (all common embedding sizes are). */
export function binaryIndexSupports(dim: number): boolean {
  return dim % 32 === 0;
}

/**
 * The sign bits of `vector`: bit i set when component i is positive, least significant bit first
 * within each byte, which is the layout of sqlite-vec's `vec_quantize_binary` and `bit[]` columns.
 */
export function binaryCode(vector: Float32Array): Buffer {
  const code = Buffer.alloc(Math.ceil(vector.length / 8));
  for (let byte = 0; byte < code.length; byte++) {
    let bits = 0;
    // Past the vector's end (a dimension that is not a multiple of 8) the bits stay clear.
    for (let bit = 0; bit < 8; bit++) if ((vector[byte * 8 + bit] ?? 0) > 0) bits |= 1 << bit;
    code[byte] = bits;
  }
  return code;
}

/** Which codes a search reads: the collections' partitions, one embedding model's or all. */
export interface BinaryPartitions {
  collectionIds: readonly string[];
  /** null reads every model's codes. */
  modelId: string | null;
}

/** Call after writing to a bits table through `db`, so the next search reads the codes again. */
export function binaryCodesChanged(db: Database): void {
  generations.set(db, (generations.get(db) ?? 0) + 1);
}

/** Changes whenever the codes may have: a write through `binaryCodesChanged`, or another connection's commit. */
export function binaryCodesStamp(db: Database): string {
  return `${generations.get(db) ?? 0}:${String(db.pragma('data_version', { simple: true }))}`;
}

/**
 * Chunk ids of the `count` codes nearest `query`'s by Hamming distance (fewer when the partitions
 * hold fewer), in no particular order: they are candidates for exact re-scoring.
 */
export function nearestByHamming(db: Database, table: string, query: Float32Array, partitions: BinaryPartitions, count: number): number[] {
  const store = cachedStore(db, table);
  if (!store) return knnFromSqliteVec(db, table, query, partitions, count);
  const collections = new Set(partitions.collectionIds);
  const selected = store.blocks.filter(
    (block) => collections.has(block.collectionId) && (partitions.modelId === null || block.modelId === partitions.modelId),
  );
  const distances = hammingDistances(store, selected, binaryCode(query), query.length + 1);
  return nearestSlots(distances, query.length, count).map((index) => {
    const block = selected[Math.floor(index / slotsPerBlock)];
    if (!block) throw new Error(`Slot ${index} is past the ${selected.length} blocks searched.`);
    return Number(block.rowids.readBigInt64LE((index % slotsPerBlock) * 8));
  });
}

/** One block of sqlite-vec storage: up to 1,024 codes of one partition. */
interface CodeBlock {
  collectionId: string;
  modelId: string | null;
  /** Bit i set when slot i holds a code. */
  validity: Buffer;
  /** The chunk id in each slot, int64 little-endian. */
  rowids: Buffer;
  /** Where its codes start in the kernel's memory, when there is a kernel. */
  offset: number;
  /** Its codes as 32-bit words, when there is none. */
  words: Int32Array | null;
}

/** Every block of a bits table, with the codes in the kernel's memory (or in `CodeBlock.words`). */
interface CodeStore {
  blocks: CodeBlock[];
  /** Bytes per code. */
  stride: number;
  kernel: HammingKernel | null;
  /** Where the kernel writes distances: after the codes. */
  distancesOffset: number;
}

/** Slots per sqlite-vec block (its default `chunk_size`, which the bits table keeps). */
const slotsPerBlock = 1024;
/** The query code sits at the start of the kernel's memory; codes start after the largest one. */
const codesOffset = 4096;

const generations = new WeakMap<Database, number>();
const storeCache = new WeakMap<Database, Map<string, { stamp: string; store: CodeStore | null }>>();

function cachedStore(db: Database, table: string): CodeStore | null {
  const stamp = binaryCodesStamp(db);
  let tables = storeCache.get(db);
  if (!tables) {
    tables = new Map();
    storeCache.set(db, tables);
  }
  const cached = tables.get(table);
  if (cached?.stamp === stamp) return cached.store;
  const store = readStore(db, table);
  tables.set(table, { stamp, store });
  return store;
}

/**
 * Every block of the table, straight from the vec0 storage (`<table>_chunks` holds each block's
 * partition values, validity bitmap and rowids; `<table>_vector_chunks00` its codes), or null when
 * that storage is not laid out as this code expects.
 */
function readStore(db: Database, table: string): CodeStore | null {
  let rows: unknown[][];
  try {
    rows = rawStatement(
      db,
      `SELECT c.partition00, c.partition01, c.validity, c.rowids, v.vectors FROM "${table}_chunks" c
       JOIN "${table}_vector_chunks00" v ON v.rowid = c.chunk_id`,
    ).all() as unknown[][];
  } catch {
    return null;
  }
  const first = rows[0]?.[4];
  const stride = Buffer.isBuffer(first) ? first.length / slotsPerBlock : 0;
  const laidOut = rows.every(
    ([collectionId, modelId, validity, rowids, vectors]) =>
      typeof collectionId === 'string' &&
      (modelId === null || typeof modelId === 'string') &&
      Buffer.isBuffer(validity) &&
      validity.length * 8 === slotsPerBlock &&
      Buffer.isBuffer(rowids) &&
      rowids.length === slotsPerBlock * 8 &&
      Buffer.isBuffer(vectors) &&
      vectors.length === slotsPerBlock * stride,
  );
  if (!laidOut || stride % 4 !== 0 || stride > codesOffset) return null;
  const kernel = stride % 16 === 0 ? createHammingKernel() : null;
  const distancesOffset = codesOffset + rows.length * slotsPerBlock * stride;
  if (kernel) {
    const needed = distancesOffset + rows.length * slotsPerBlock * 2;
    kernel.memory.grow(Math.max(0, Math.ceil((needed - kernel.memory.buffer.byteLength) / 65536)));
  }
  const memory = kernel ? new Uint8Array(kernel.memory.buffer) : null;
  const blocks = rows.map(([collectionId, modelId, validity, rowids, vectors], index): CodeBlock => {
    const codes = vectors as Buffer;
    const offset = codesOffset + index * slotsPerBlock * stride;
    memory?.set(codes, offset);
    return {
      collectionId: collectionId as string,
      modelId: modelId as string | null,
      validity: validity as Buffer,
      rowids: rowids as Buffer,
      offset,
      words: memory ? null : int32View(codes),
    };
  });
  return { blocks, stride, kernel, distancesOffset };
}

/**
 * Hamming distance of every slot of `blocks` to `query`, block after block, and `empty` (more than
 * any distance) for slots without a code.
 */
function hammingDistances(store: CodeStore, blocks: readonly CodeBlock[], query: Buffer, empty: number): Uint16Array {
  const { kernel, stride } = store;
  let distances: Uint16Array;
  if (kernel) {
    new Uint8Array(kernel.memory.buffer).set(query, 0);
    blocks.forEach((block, index) =>
      kernel.hamming(block.offset, slotsPerBlock, 0, stride, store.distancesOffset + index * slotsPerBlock * 2),
    );
    distances = new Uint16Array(kernel.memory.buffer, store.distancesOffset, blocks.length * slotsPerBlock);
  } else {
    distances = new Uint16Array(blocks.length * slotsPerBlock);
    const queryWords = int32View(query);
    blocks.forEach((block, index) => {
      if (!block.words) throw new Error('A block read without the kernel holds its codes as words.');
      scanWords(block.words, queryWords, distances, index * slotsPerBlock);
    });
  }
  // Slots a block has not filled yet, or whose chunk was deleted.
  blocks.forEach(({ validity }, index) => {
    validity.forEach((bits, byte) => {
      if (bits === 0xff) return;
      for (let bit = 0; bit < 8; bit++) {
        if (((bits >> bit) & 1) === 0) distances[index * slotsPerBlock + byte * 8 + bit] = empty;
      }
    });
  });
  return distances;
}

// Down to the table below: loops run once per code word or slot, a million times a search.
/* eslint-disable @typescript-eslint/no-non-null-assertion -- typed arrays indexed within the bounds their loops set; no check per element */

/** The JavaScript scan: each code's 32-bit words against the query's, two table lookups a word. */
function scanWords(codes: Int32Array, query: Int32Array, distances: Uint16Array, from: number): void {
  const words = query.length;
  for (let slot = 0; slot < slotsPerBlock; slot++) {
    let distance = 0;
    for (let word = 0, at = slot * words; word < words; word++, at++) {
      const bits = codes[at]! ^ query[word]!;
      distance += popcount16[bits & 0xffff]! + popcount16[bits >>> 16]!;
    }
    distances[from + slot] = distance;
  }
}

/**
 * Indexes of the `count` smallest distances (each at most `dim`; empty slots are `dim + 1`): a
 * histogram finds the distance at which `count` is reached, then one pass takes everything nearer
 * and, of the slots at that distance, as many as fit.
 */
function nearestSlots(distances: Uint16Array, dim: number, count: number): number[] {
  const histogram = new Uint32Array(dim + 2);
  for (let index = 0; index < distances.length; index++) histogram[distances[index]!]!++;
  let cutoff = 0;
  for (let below = 0; cutoff < dim; cutoff++) {
    below += histogram[cutoff]!;
    if (below >= count) break;
  }
  const nearer: number[] = [];
  const atCutoff: number[] = [];
  for (let index = 0; index < distances.length; index++) {
    const distance = distances[index]!;
    if (distance < cutoff) nearer.push(index);
    else if (distance === cutoff && atCutoff.length < count) atCutoff.push(index);
  }
  return nearer.concat(atCutoff).slice(0, count);
}

/** Set bits of every 16-bit value, so a 32-bit word's count is two lookups. */
const popcount16 = (() => {
  const table = new Uint8Array(1 << 16);
  for (let value = 1; value < table.length; value++) table[value] = table[value >> 1]! + (value & 1);
  return table;
})();
/* eslint-enable @typescript-eslint/no-non-null-assertion */

/** The same candidates through sqlite-vec's own KNN: slower, but independent of its storage layout. */
function knnFromSqliteVec(db: Database, table: string, query: Float32Array, partitions: BinaryPartitions, count: number): number[] {
  const collections = partitions.collectionIds.map(() => '?').join(', ');
  const modelFilter = partitions.modelId === null ? '' : 'AND model_id = ?';
  return pluckedStatement(
    db,
    `SELECT chunk_id FROM "${table}"
     WHERE embedding MATCH vec_bit(?) AND k = ? AND collection_id IN (${collections}) ${modelFilter}
     ORDER BY distance`,
  ).all(
      binaryCode(query),
      Math.min(count, 4096),
      ...partitions.collectionIds,
      ...(partitions.modelId === null ? [] : [partitions.modelId]),
    ) as number[];
}

/** 32-bit little-endian words over `bytes`, copied only when the buffer is not 4-byte aligned. */
function int32View(bytes: Buffer): Int32Array {
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
  return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.length >> 2);
}
