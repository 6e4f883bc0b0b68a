/**
 * Finds where each field of a well-formed GGUF header sits, so tests can damage exactly one of them.
 * This is deliberately independent of the app's reader (app code never imports scripts/, and a second
 * implementation is a useful cross-check); it trusts its input and is only meant for generated files.
 */

export interface KeyValueLayout {
  key: string;
  /** Offset of the key's u64 length field. */
  keyOffset: number;
  /** Offset of the u32 value type field. */
  typeOffset: number;
  /** Offset of the value (for arrays: of the item type field). */
  valueOffset: number;
  /** Offset just past the value. */
  valueEnd: number;
  /** Offsets of every u64 length inside the value: a string's length, an array's length and its strings'. */
  lengthOffsets: number[];
}

export interface TensorInfoLayout {
  name: string;
  /** Offset of the name's u64 length field. */
  nameOffset: number;
  /** Offset of the u32 dimension count. */
  dimensionCountOffset: number;
  /** Offset of the u32 ggml type. */
  typeOffset: number;
  /** Offset of the u64 data offset. */
  dataOffsetField: number;
}

export interface GgufFileLayout {
  tensorCountOffset: number;
  keyValueCountOffset: number;
  keyValues: KeyValueLayout[];
  tensors: TensorInfoLayout[];
  /** Offset just past the last tensor info (before padding). */
  headerEnd: number;
  alignment: number;
  /** Start of the tensor data section. */
  dataOffset: number;
}

const scalarSizes: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };
const stringType = 8;
const arrayType = 9;

export function scanGgufLayout(bytes: Uint8Array): GgufFileLayout {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.toString('latin1', 0, 4) !== 'GGUF') throw new Error('not a GGUF file');
  let position = 8;
  const tensorCount = Number(buffer.readBigUInt64LE(position));
  const keyValueCount = Number(buffer.readBigUInt64LE(position + 8));
  position += 16;

  function readString(): string {
    const length = Number(buffer.readBigUInt64LE(position));
    const text = buffer.toString('utf8', position + 8, position + 8 + length);
    position += 8 + length;
    return text;
  }

  const keyValues: KeyValueLayout[] = [];
  let alignment = 32;
  for (let index = 0; index < keyValueCount; index++) {
    const keyOffset = position;
    const key = readString();
    const typeOffset = position;
    const type = buffer.readUInt32LE(position);
    position += 4;
    const valueOffset = position;
    const lengthOffsets: number[] = [];
    if (type === arrayType) {
      const itemType = buffer.readUInt32LE(position);
      lengthOffsets.push(position + 4);
      const length = Number(buffer.readBigUInt64LE(position + 4));
      position += 12;
      for (let item = 0; item < length; item++) {
        if (itemType === stringType) {
          lengthOffsets.push(position);
          readString();
        } else {
          position += scalarSizes[itemType] ?? 0;
        }
      }
    } else if (type === stringType) {
      lengthOffsets.push(position);
      readString();
    } else {
      if (key === 'general.alignment') alignment = buffer.readUInt32LE(position);
      position += scalarSizes[type] ?? 0;
    }
    keyValues.push({ key, keyOffset, typeOffset, valueOffset, valueEnd: position, lengthOffsets });
  }

  const tensors: TensorInfoLayout[] = [];
  for (let index = 0; index < tensorCount; index++) {
    const nameOffset = position;
    const name = readString();
    const dimensionCountOffset = position;
    const dimensions = buffer.readUInt32LE(position);
    position += 4 + dimensions * 8;
    const typeOffset = position;
    const dataOffsetField = position + 4;
    position += 12;
    tensors.push({ name, nameOffset, dimensionCountOffset, typeOffset, dataOffsetField });
  }
  const headerEnd = position;
  const dataOffset = Math.ceil(headerEnd / alignment) * alignment;
  return { tensorCountOffset: 8, keyValueCountOffset: 16, keyValues, tensors, headerEnd, alignment, dataOffset };
}
