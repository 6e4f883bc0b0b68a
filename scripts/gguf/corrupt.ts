/**
 * Ways to damage a good GGUF file, for tests of the app's reader. Each takes the bytes of a well-formed
 * file and returns new bytes; `writeCorruptedCopy` applies one to a file on disk.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { scanGgufLayout, type GgufFileLayout } from './layout.js';

/** The first `length` bytes, as left by an interrupted download. */
export function truncateBytes(bytes: Uint8Array, length: number): Uint8Array {
  return bytes.slice(0, length);
}

/** Sets the data offset of tensor `name` (relative to the data section), e.g. beyond the end of the file. */
export function setTensorOffset(bytes: Uint8Array, name: string, offset: bigint): Uint8Array {
  const layout = scanGgufLayout(bytes);
  const tensor = layout.tensors.find((item) => item.name === name);
  if (!tensor) throw new Error(`no tensor named ${name}`);
  return withUint64(bytes, tensor.dataOffsetField, offset);
}

/** Sets the u64 count of metadata entries in the header. */
export function setKeyValueCount(bytes: Uint8Array, count: bigint): Uint8Array {
  return withUint64(bytes, scanGgufLayout(bytes).keyValueCountOffset, count);
}

/** Sets the u64 count of tensors in the header. */
export function setTensorCount(bytes: Uint8Array, count: bigint): Uint8Array {
  return withUint64(bytes, scanGgufLayout(bytes).tensorCountOffset, count);
}

/** Overwrites the length of the string value stored under `key` (the bytes after it are unchanged). */
export function setStringLength(bytes: Uint8Array, key: string, length: bigint): Uint8Array {
  const entry = findKey(scanGgufLayout(bytes), key);
  const lengthOffset = entry.lengthOffsets[0];
  if (lengthOffset === undefined) throw new Error(`${key} holds no string`);
  return withUint64(bytes, lengthOffset, length);
}

/** Overwrites the u32 value type of `key`, e.g. with 99 (no such type). */
export function setValueType(bytes: Uint8Array, key: string, type: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  Buffer.from(copy.buffer).writeUInt32LE(type, findKey(scanGgufLayout(bytes), key).typeOffset);
  return copy;
}

/** Overwrites the u32 ggml type of tensor `name`. */
export function setTensorType(bytes: Uint8Array, name: string, type: number): Uint8Array {
  const tensor = scanGgufLayout(bytes).tensors.find((item) => item.name === name);
  if (!tensor) throw new Error(`no tensor named ${name}`);
  const copy = Uint8Array.from(bytes);
  Buffer.from(copy.buffer).writeUInt32LE(type, tensor.typeOffset);
  return copy;
}

/** Overwrites the u32 format version. */
export function setVersion(bytes: Uint8Array, version: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  Buffer.from(copy.buffer).writeUInt32LE(version, 4);
  return copy;
}

/**
 * Replaces the `general.architecture` string, e.g. with "notanarch". The header changes length, so it is
 * re-padded and the tensor data moved to the new aligned start: the result is a valid GGUF file.
 */
export function setArchitecture(bytes: Uint8Array, architecture: string): Uint8Array {
  const layout = scanGgufLayout(bytes);
  const entry = findKey(layout, 'general.architecture');
  const encoded = Buffer.from(architecture, 'utf8');
  const value = Buffer.alloc(8 + encoded.length);
  value.writeBigUInt64LE(BigInt(encoded.length));
  encoded.copy(value, 8);
  const header = Buffer.concat([
    bytes.subarray(0, entry.valueOffset),
    value,
    bytes.subarray(entry.valueEnd, layout.headerEnd),
  ]);
  const padding = Math.ceil(header.length / layout.alignment) * layout.alignment - header.length;
  return Buffer.concat([header, Buffer.alloc(padding), bytes.subarray(layout.dataOffset)]);
}

/** Reads `sourcePath`, applies `damage`, writes the result to `targetPath`. */
export async function writeCorruptedCopy(
  sourcePath: string,
  targetPath: string,
  damage: (bytes: Uint8Array) => Uint8Array,
): Promise<void> {
  await writeFile(targetPath, damage(await readFile(sourcePath)));
}

function findKey(layout: GgufFileLayout, key: string): GgufFileLayout['keyValues'][number] {
  const entry = layout.keyValues.find((item) => item.key === key);
  if (!entry) throw new Error(`no metadata key ${key}`);
  return entry;
}

function withUint64(bytes: Uint8Array, offset: number, value: bigint): Uint8Array {
  const copy = Uint8Array.from(bytes);
  Buffer.from(copy.buffer).writeBigUInt64LE(BigInt.asUintN(64, value), offset);
  return copy;
}
