/**
 * Splits a model into the parts llama.cpp's `gguf-split` tool writes and `llama_model_load` reads back:
 * the first part carries all metadata, every part carries `split.no` (u16, counting from 0),
 * `split.count` (u16) and `split.tensors.count` (i32), and the tensors are shared out in order, at least
 * one per part. Each part is a complete GGUF file of its own, its tensor offsets relative to its own data
 * section. Parts are named `<prefix>-00001-of-00003.gguf` (llama.cpp's `llama_split_path`), and llama.cpp
 * finds the later parts from the first one's name.
 */
import { kv, type GgufKeyValue, type GgufModelSource } from './writer.js';

/** `<prefix>-00002-of-00003.gguf` for `partIndex` 1 of 3 (the index counts from 0, the name from 1). */
export function splitPartFileName(prefix: string, partIndex: number, partCount: number): string {
  const number = (value: number): string => String(value).padStart(5, '0');
  return `${prefix}-${number(partIndex + 1)}-of-${number(partCount)}.gguf`;
}

/** The `partCount` parts of `source`, tensors shared out as evenly as their count allows. */
export function splitGgufSource(source: GgufModelSource, partCount: number): GgufModelSource[] {
  const tensorCount = source.tensors.length;
  if (!Number.isInteger(partCount) || partCount < 2 || partCount > Math.min(tensorCount, 0xffff)) {
    throw new Error(`cannot split ${tensorCount} tensors into ${partCount} parts`);
  }
  const parts: GgufModelSource[] = [];
  for (let index = 0; index < partCount; index++) {
    const splitKeys: GgufKeyValue[] = [
      { key: 'split.no', value: kv.uint16(index) },
      { key: 'split.count', value: kv.uint16(partCount) },
      { key: 'split.tensors.count', value: kv.int32(tensorCount) },
    ];
    parts.push({
      metadata: index === 0 ? [...source.metadata, ...splitKeys] : splitKeys,
      tensors: source.tensors.slice(
        Math.floor((index * tensorCount) / partCount),
        Math.floor(((index + 1) * tensorCount) / partCount),
      ),
    });
  }
  return parts;
}
