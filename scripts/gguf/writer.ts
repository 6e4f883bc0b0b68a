/**
 * A deterministic GGUF v3 writer (little endian). The header (metadata and tensor infos) is built in
 * memory; tensor data is produced chunk by chunk and streamed to disk, so a 600 MB model never sits in
 * memory. The layout matches what llama.cpp's `gguf_init_from_file` requires: tensors stored in the
 * order of their infos, each starting at a multiple of `general.alignment` from the start of the data
 * section, which itself starts at the first aligned offset after the header.
 */
import { open } from 'node:fs/promises';
import { endianness } from 'node:os';
import { encodeValues, encodedByteLength, writableGgmlTypes, type WritableGgmlType } from './encoding.js';

/** Metadata value types as numbered by the GGUF specification. */
export const ggufValueTypes = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type GgufScalarType = Exclude<keyof typeof ggufValueTypes, 'array'>;
export type GgufScalarValue = number | bigint | boolean | string;

/** One metadata value: a scalar of a GGUF type, or an array of scalars of one type. */
export type GgufWriteValue =
  | { type: GgufScalarType; value: GgufScalarValue }
  | { type: 'array'; itemType: GgufScalarType; values: readonly GgufScalarValue[] };

export interface GgufKeyValue {
  key: string;
  value: GgufWriteValue;
}

/** Shorthands for metadata values, e.g. `kv.uint32(2048)`. */
export const kv = {
  string: (value: string): GgufWriteValue => ({ type: 'string', value }),
  uint16: (value: number): GgufWriteValue => ({ type: 'uint16', value }),
  uint32: (value: number): GgufWriteValue => ({ type: 'uint32', value }),
  int32: (value: number): GgufWriteValue => ({ type: 'int32', value }),
  uint64: (value: number | bigint): GgufWriteValue => ({ type: 'uint64', value }),
  float32: (value: number): GgufWriteValue => ({ type: 'float32', value }),
  bool: (value: boolean): GgufWriteValue => ({ type: 'bool', value }),
  array: (itemType: GgufScalarType, values: readonly GgufScalarValue[]): GgufWriteValue => ({
    type: 'array',
    itemType,
    values,
  }),
};

/** Where a tensor's bytes come from; called in order, chunk after chunk, until the tensor is complete. */
export type TensorData =
  /** Float values the writer encodes as the tensor's type; `firstIndex` is the element index of `target[0]`. */
  | { kind: 'values'; fill: (target: Float32Array, firstIndex: number) => void }
  /** Already-encoded blocks (`bytesPerBlock` each); `firstBlock` is the block index of `target[0]`. */
  | { kind: 'blocks'; fill: (target: Uint8Array, firstBlock: number) => void };

export interface GgufTensorSource {
  /** Tensor name as llama.cpp looks it up, e.g. `blk.0.attn_q.weight`. */
  name: string;
  /** Dimensions fastest-varying first (ggml's `ne`): a weight with `ne = [in, out]`. */
  dims: readonly number[];
  type: WritableGgmlType;
  data: TensorData;
}

export interface GgufModelSource {
  metadata: readonly GgufKeyValue[];
  tensors: readonly GgufTensorSource[];
}

export interface GgufLayout {
  /** Header bytes: magic, counts, metadata and tensor infos, padded up to the data section. */
  header: Uint8Array;
  alignment: number;
  /** Byte size of each tensor, without padding. */
  tensorSizes: number[];
  /** Total file size once every tensor (each padded to the alignment) is written. */
  fileSize: number;
}

const defaultAlignment = 32;
const chunkBytes = 1 << 20;

/** Builds the header and computes the layout of a model without writing anything. */
export function layoutGguf(source: GgufModelSource): GgufLayout {
  const alignment = alignmentOf(source.metadata);
  const out = new ByteBuilder();
  out.bytes(Buffer.from('GGUF', 'latin1'));
  out.uint32(3);
  out.uint64(source.tensors.length);
  out.uint64(source.metadata.length);
  for (const { key, value } of source.metadata) {
    out.string(key);
    if (value.type === 'array') {
      out.uint32(ggufValueTypes.array);
      out.uint32(ggufValueTypes[value.itemType]);
      out.uint64(value.values.length);
      for (const item of value.values) out.scalar(value.itemType, item);
    } else {
      out.uint32(ggufValueTypes[value.type]);
      out.scalar(value.type, value.value);
    }
  }
  const tensorSizes: number[] = [];
  let dataSize = 0;
  for (const tensor of source.tensors) {
    const elements = tensor.dims.reduce((product, dim) => product * dim, 1);
    if ((tensor.dims[0] ?? 1) % writableGgmlTypes[tensor.type].blockSize !== 0) {
      throw new Error(`${tensor.name}: row length ${tensor.dims[0]} is not a multiple of the ${tensor.type} block`);
    }
    const size = encodedByteLength(tensor.type, elements);
    out.string(tensor.name);
    out.uint32(tensor.dims.length);
    for (const dim of tensor.dims) out.uint64(dim);
    out.uint32(writableGgmlTypes[tensor.type].id);
    out.uint64(dataSize);
    tensorSizes.push(size);
    dataSize += alignUp(size, alignment);
  }
  out.padTo(alignment);
  const header = out.toBytes();
  return { header, alignment, tensorSizes, fileSize: header.length + dataSize };
}

/** Writes `source` to `filePath` (replacing it), streaming tensor data in 1 MiB chunks. */
export async function writeGguf(filePath: string, source: GgufModelSource): Promise<GgufLayout> {
  if (endianness() !== 'LE') throw new Error('The GGUF writer only runs on little-endian machines');
  const layout = layoutGguf(source);
  const handle = await open(filePath, 'w');
  try {
    await handle.write(layout.header);
    const chunk = new Uint8Array(chunkBytes);
    for (const [index, tensor] of source.tensors.entries()) {
      const size = layout.tensorSizes[index] ?? 0;
      await writeTensorData(handle, tensor, size, chunk);
      const padding = alignUp(size, layout.alignment) - size;
      if (padding > 0) await handle.write(new Uint8Array(padding));
    }
  } finally {
    await handle.close();
  }
  return layout;
}

type WritableHandle = { write(buffer: Uint8Array, offset: number, length: number): Promise<unknown> };

async function writeTensorData(
  handle: WritableHandle,
  tensor: GgufTensorSource,
  size: number,
  chunk: Uint8Array,
): Promise<void> {
  const { blockSize, bytesPerBlock } = writableGgmlTypes[tensor.type];
  const blocksPerChunk = Math.floor(chunk.length / bytesPerBlock);
  const totalBlocks = size / bytesPerBlock;
  const values = tensor.data.kind === 'values' ? new Float32Array(blocksPerChunk * blockSize) : null;
  for (let firstBlock = 0; firstBlock < totalBlocks; firstBlock += blocksPerChunk) {
    const blocks = Math.min(blocksPerChunk, totalBlocks - firstBlock);
    const bytes = chunk.subarray(0, blocks * bytesPerBlock);
    if (tensor.data.kind === 'values' && values) {
      const slice = values.subarray(0, blocks * blockSize);
      tensor.data.fill(slice, firstBlock * blockSize);
      encodeValues(tensor.type, slice, bytes);
    } else if (tensor.data.kind === 'blocks') {
      tensor.data.fill(bytes, firstBlock);
    }
    await handle.write(bytes, 0, bytes.length);
  }
}

function alignmentOf(metadata: readonly GgufKeyValue[]): number {
  const entry = metadata.find((item) => item.key === 'general.alignment');
  if (!entry) return defaultAlignment;
  if (entry.value.type !== 'uint32' || typeof entry.value.value !== 'number') {
    throw new Error('general.alignment must be a uint32');
  }
  return entry.value.value;
}

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Accumulates little-endian header bytes. */
class ByteBuilder {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  bytes(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  uint32(value: number): void {
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32LE(value);
    this.bytes(buffer);
  }

  uint64(value: number | bigint): void {
    const buffer = Buffer.alloc(8);
    buffer.writeBigUInt64LE(BigInt(value));
    this.bytes(buffer);
  }

  string(value: string): void {
    const encoded = Buffer.from(value, 'utf8');
    this.uint64(encoded.length);
    this.bytes(encoded);
  }

  scalar(type: GgufScalarType, value: GgufScalarValue): void {
    if (type === 'string') {
      if (typeof value !== 'string') throw new Error(`expected a string, got ${typeof value}`);
      this.string(value);
      return;
    }
    if (type === 'bool') {
      this.bytes(Uint8Array.of(value === true ? 1 : 0));
      return;
    }
    const buffer = Buffer.alloc(scalarSizes[type]);
    if (type === 'uint64') buffer.writeBigUInt64LE(BigInt(value));
    else if (type === 'int64') buffer.writeBigInt64LE(BigInt(value));
    else scalarWriters[type](buffer, Number(value));
    this.bytes(buffer);
  }

  padTo(alignment: number): void {
    const padding = alignUp(this.length, alignment) - this.length;
    if (padding > 0) this.bytes(new Uint8Array(padding));
  }

  toBytes(): Uint8Array {
    return Buffer.concat(this.chunks, this.length);
  }
}

const scalarSizes = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  uint64: 8,
  int64: 8,
  float64: 8,
} as const;

type NumberScalarType = Exclude<GgufScalarType, 'string' | 'bool' | 'uint64' | 'int64'>;

const scalarWriters: Record<NumberScalarType, (buffer: Buffer, value: number) => void> = {
  uint8: (buffer, value) => buffer.writeUInt8(value),
  int8: (buffer, value) => buffer.writeInt8(value),
  uint16: (buffer, value) => buffer.writeUInt16LE(value),
  int16: (buffer, value) => buffer.writeInt16LE(value),
  uint32: (buffer, value) => buffer.writeUInt32LE(value),
  int32: (buffer, value) => buffer.writeInt32LE(value),
  float32: (buffer, value) => buffer.writeFloatLE(value),
  float64: (buffer, value) => buffer.writeDoubleLE(value),
};
