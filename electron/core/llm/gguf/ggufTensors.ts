/**
 * Reads the tensor infos of a GGUF header and checks that every tensor's data lies inside the file,
 * exactly where llama.cpp expects it: tensors follow each other in order, each padded to the alignment.
 */
import type { BoundedFileReader } from './boundedFileReader.js';
import { ggmlTypeInfo, type GgmlTypeInfo } from './ggmlTypes.js';
import { corruptModel, formatBytes, quoteFromFile, truncatedModel } from './ggufErrors.js';
import { readString } from './ggufMetadata.js';

export interface GgufTensorInfo {
  /** As llama.cpp looks it up, e.g. `blk.0.attn_q.weight`. */
  name: string;
  /** Dimensions fastest-varying first (ggml's `ne`). */
  dims: readonly number[];
  type: GgmlTypeInfo;
  /** Offset of the tensor's data from the start of the data section. */
  offset: number;
  /** Bytes of data, without alignment padding. */
  byteSize: number;
  elementCount: number;
}

/** A tensor info as read, before its extent is checked against the file. */
export interface RawTensorInfo {
  name: string;
  dims: number[];
  type: GgmlTypeInfo;
  offset: bigint;
  byteSize: bigint;
  elementCount: bigint;
}

/** llama.cpp's GGML_MAX_NAME is 64 including the terminating zero. */
const maxTensorNameBytes = 63;
const maxDimensions = 4;

export async function readTensorInfos(reader: BoundedFileReader, count: number): Promise<RawTensorInfo[]> {
  const tensors: RawTensorInfo[] = [];
  const names = new Set<string>();
  for (let index = 1; index <= count; index++) {
    const name = await readString(reader, maxTensorNameBytes, `the name of tensor ${index}`);
    const quoted = quoteFromFile(name);
    if (names.has(name)) throw corruptModel(reader.fileName, `two tensors are both named ${quoted}`);
    names.add(name);

    const dimensionCount = await reader.uint32(`the shape of tensor ${quoted}`);
    if (dimensionCount > maxDimensions) {
      throw corruptModel(reader.fileName, `tensor ${quoted} claims ${dimensionCount} dimensions (at most 4 exist)`);
    }
    const dims: number[] = [];
    let elementCount = 1n;
    for (let dimension = 0; dimension < dimensionCount; dimension++) {
      const size = await reader.uint64(`the shape of tensor ${quoted}`);
      if (size > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw corruptModel(reader.fileName, `tensor ${quoted} has an impossible dimension of ${size}`);
      }
      dims.push(Number(size));
      elementCount *= size;
    }

    const typeId = await reader.uint32(`the type of tensor ${quoted}`);
    const type = ggmlTypeInfo(typeId);
    if (!type) throw corruptModel(reader.fileName, `tensor ${quoted} has an unknown data type (${typeId})`);
    if ((dims[0] ?? 1) % type.blockSize !== 0) {
      throw corruptModel(
        reader.fileName,
        `tensor ${quoted} has rows of ${dims[0]} values, which ${type.name} cannot store ` +
          `(it needs multiples of ${type.blockSize})`,
      );
    }
    const offset = await reader.uint64(`the data offset of tensor ${quoted}`);
    const byteSize = (elementCount / BigInt(type.blockSize)) * BigInt(type.bytesPerBlock);
    tensors.push({ name, dims, type, offset, byteSize, elementCount });
  }
  return tensors;
}

/**
 * Checks the data layout against the file: an offset other than the one llama.cpp computes is corrupt;
 * a consistent layout that runs past the end of the file is a truncated (partly downloaded) file.
 */
export function checkTensorExtents(
  fileName: string,
  fileSize: number,
  dataOffset: number,
  alignment: number,
  tensors: readonly RawTensorInfo[],
): GgufTensorInfo[] {
  const size = BigInt(fileSize);
  const start = BigInt(dataOffset);
  const align = BigInt(alignment);
  let expectedOffset = 0n;
  // A file without tensors (a vocabulary-only GGUF) need not reach its aligned data offset.
  let end = 0n;
  for (const tensor of tensors) {
    const quoted = quoteFromFile(tensor.name);
    if (tensor.offset !== expectedOffset) {
      const claimed = start + tensor.offset;
      const where = claimed >= size ? `byte ${claimed}, past the end of the ${fileSize}-byte file` : `byte ${claimed}`;
      throw corruptModel(
        fileName,
        `tensor ${quoted} says its data starts at ${where}, ` +
          `but it must start at byte ${start + expectedOffset}, right after the tensor before it`,
      );
    }
    // More than a petabyte for one tensor is a damaged shape, not a big model.
    if (tensor.byteSize > 2n ** 50n) {
      throw corruptModel(fileName, `tensor ${quoted} claims ${formatBytes(tensor.byteSize)} of data`);
    }
    end = start + tensor.offset + tensor.byteSize;
    expectedOffset += ((tensor.byteSize + align - 1n) / align) * align;
  }
  if (end > size) {
    throw truncatedModel(
      fileName,
      `the file is ${formatBytes(fileSize)} (${fileSize} bytes), ` +
        `but its header describes ${formatBytes(end)} (${end} bytes) of model data`,
    );
  }
  return tensors.map((tensor) => ({
    name: tensor.name,
    dims: tensor.dims,
    type: tensor.type,
    offset: Number(tensor.offset),
    byteSize: Number(tensor.byteSize),
    elementCount: Number(tensor.elementCount),
  }));
}
