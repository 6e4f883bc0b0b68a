/**
 * Reads the metadata key/value section of a GGUF header. Every length and count is checked before it is
 * used: values no real model has are `model-corrupt`, lengths that run past the end of the file are
 * `model-truncated`, and big arrays (a 150k-token vocabulary) are walked without being kept.
 */
import type { BoundedFileReader } from './boundedFileReader.js';
import { corruptModel, quoteFromFile } from './ggufErrors.js';

export type GgufValueTypeName =
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'uint32'
  | 'int32'
  | 'float32'
  | 'bool'
  | 'string'
  | 'array'
  | 'uint64'
  | 'int64'
  | 'float64';

/** A scalar metadata value; 64-bit integers are numbers when they fit exactly, bigints otherwise. */
export type GgufScalar = number | bigint | boolean | string;

export interface GgufArray {
  readonly type: 'array';
  readonly itemType: GgufValueTypeName;
  readonly length: number;
  /** The items, or null when the array was longer than the reader keeps (e.g. a tokenizer vocabulary). */
  readonly items: readonly GgufScalar[] | null;
}

export type GgufMetadataValue = GgufScalar | GgufArray;

/** Upper bounds no real model comes near; a header claiming more is damaged, not merely cut short. */
export const ggufLimits = {
  keyValueCount: 1 << 20,
  tensorCount: 1 << 20,
  keyBytes: 1 << 16,
  stringBytes: 64 << 20,
  arrayLength: 2 ** 28,
};

/** Type names by GGUF id, with the fewest bytes one value of the type takes in a file. */
const valueTypes: ReadonlyArray<{ name: GgufValueTypeName; minimumBytes: number }> = [
  { name: 'uint8', minimumBytes: 1 },
  { name: 'int8', minimumBytes: 1 },
  { name: 'uint16', minimumBytes: 2 },
  { name: 'int16', minimumBytes: 2 },
  { name: 'uint32', minimumBytes: 4 },
  { name: 'int32', minimumBytes: 4 },
  { name: 'float32', minimumBytes: 4 },
  { name: 'bool', minimumBytes: 1 },
  { name: 'string', minimumBytes: 8 },
  { name: 'array', minimumBytes: 12 },
  { name: 'uint64', minimumBytes: 8 },
  { name: 'int64', minimumBytes: 8 },
  { name: 'float64', minimumBytes: 8 },
];

export interface MetadataSection {
  metadata: Map<string, GgufMetadataValue>;
  /** The GGUF type each value was stored as (for arrays: 'array'). */
  types: Map<string, GgufValueTypeName>;
  /** `general.alignment`, or GGUF's default of 32. */
  alignment: number;
}

/** Reads `count` key/value pairs; arrays longer than `keepArrayItems` are skipped, not stored. */
export async function readMetadataSection(
  reader: BoundedFileReader,
  count: number,
  keepArrayItems: number,
): Promise<MetadataSection> {
  const metadata = new Map<string, GgufMetadataValue>();
  const types = new Map<string, GgufValueTypeName>();
  let alignment = 32;
  for (let index = 1; index <= count; index++) {
    const key = await readString(reader, ggufLimits.keyBytes, `the name of metadata entry ${index}`);
    if (key.length === 0) throw corruptModel(reader.fileName, `metadata entry ${index} has an empty name`);
    const quotedKey = quoteFromFile(key);
    if (metadata.has(key)) throw corruptModel(reader.fileName, `the metadata key ${quotedKey} appears twice`);
    const typeId = await reader.uint32(`the type of metadata ${quotedKey}`);
    const type = valueTypeOf(reader, typeId, `metadata ${quotedKey}`);
    const value =
      type === 'array'
        ? await readArray(reader, quotedKey, keepArrayItems)
        : await readScalar(reader, type, `the value of metadata ${quotedKey}`);
    if (key === 'general.alignment') alignment = checkAlignment(reader, type, value);
    metadata.set(key, value);
    types.set(key, type);
  }
  return { metadata, types, alignment };
}

/** Reads a u64 length and that many bytes of UTF-8; longer than `maxBytes` is corrupt. */
export async function readString(reader: BoundedFileReader, maxBytes: number, what: string): Promise<string> {
  const length = await reader.uint64(`the length of ${what}`);
  if (length > BigInt(maxBytes)) {
    throw corruptModel(reader.fileName, `${what} claims to be ${length} bytes long`);
  }
  return reader.utf8(Number(length), what);
}

function valueTypeOf(reader: BoundedFileReader, typeId: number, what: string): GgufValueTypeName {
  const type = valueTypes[typeId];
  if (!type) throw corruptModel(reader.fileName, `${what} has an unknown value type (${typeId})`);
  return type.name;
}

async function readScalar(reader: BoundedFileReader, type: GgufValueTypeName, what: string): Promise<GgufScalar> {
  switch (type) {
    case 'uint8':
      return reader.uint8(what);
    case 'int8':
      return reader.int8(what);
    case 'uint16':
      return reader.uint16(what);
    case 'int16':
      return reader.int16(what);
    case 'uint32':
      return reader.uint32(what);
    case 'int32':
      return reader.int32(what);
    case 'float32':
      return reader.float32(what);
    case 'float64':
      return reader.float64(what);
    case 'bool':
      return (await reader.uint8(what)) !== 0;
    case 'uint64':
      return exactNumber(await reader.uint64(what));
    case 'int64':
      return exactNumber(await reader.int64(what));
    case 'string':
      return readString(reader, ggufLimits.stringBytes, what);
    case 'array':
      throw corruptModel(reader.fileName, `${what} is an array inside an array, which GGUF does not allow`);
  }
}

async function readArray(reader: BoundedFileReader, quotedKey: string, keepArrayItems: number): Promise<GgufArray> {
  const what = `the array in metadata ${quotedKey}`;
  const itemTypeId = await reader.uint32(`the item type of ${what}`);
  const itemType = valueTypeOf(reader, itemTypeId, what);
  if (itemType === 'array') {
    throw corruptModel(reader.fileName, `${what} contains arrays, which GGUF does not allow`);
  }
  const rawLength = await reader.uint64(`the length of ${what}`);
  if (rawLength > BigInt(ggufLimits.arrayLength)) {
    throw corruptModel(reader.fileName, `${what} claims to hold ${rawLength} items`);
  }
  const length = Number(rawLength);
  const minimumBytes = valueTypes[itemTypeId]?.minimumBytes ?? 1;
  reader.require(length * minimumBytes, what);

  const keep = length <= keepArrayItems;
  const items: GgufScalar[] = [];
  if (!keep && itemType !== 'string') {
    reader.skip(length * minimumBytes, what);
  } else {
    for (let index = 0; index < length; index++) {
      if (itemType === 'string' && !keep) {
        const itemLength = await reader.uint64(what);
        if (itemLength > BigInt(ggufLimits.stringBytes)) {
          throw corruptModel(reader.fileName, `item ${index + 1} of ${what} claims to be ${itemLength} bytes long`);
        }
        reader.skip(Number(itemLength), what);
      } else {
        items.push(await readScalar(reader, itemType, what));
      }
    }
  }
  return { type: 'array', itemType, length, items: keep ? items : null };
}

function checkAlignment(reader: BoundedFileReader, type: GgufValueTypeName, value: GgufMetadataValue): number {
  if (type !== 'uint32' || typeof value !== 'number') {
    throw corruptModel(reader.fileName, `general.alignment is stored as ${type}, but GGUF requires a uint32`);
  }
  if (value === 0 || (value & (value - 1)) !== 0) {
    throw corruptModel(reader.fileName, `general.alignment is ${value}, which is not a power of two`);
  }
  return value;
}

function exactNumber(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}
