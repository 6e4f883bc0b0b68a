/**
 * Models split into parts by llama.cpp's `gguf-split`: `name-00001-of-00003.gguf` and on, in one folder.
 * llama.cpp is given the first part and derives the others' names from it; the first part holds all
 * metadata, every part `split.no` / `split.count` (u16) and `split.tensors.count` (i32). A missing part,
 * or one from another download, reaches us from node-llama-cpp as a bare ENOENT or "Failed to load
 * model" (and a `split.no` of the wrong type aborts the process), so every part is checked here first.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EnclaveError } from '../../errors.js';
import { fileKindOf, notAFileReason } from '../../files/fileKind.js';
import { describeGgufModel, type GgufModelDescription } from './describeModel.js';
import { corruptModel } from './ggufErrors.js';
import {
  readGgufHeader,
  type GgufHeader,
  type GgufValueTypeName,
  type ReadGgufHeaderOptions,
} from './readGgufHeader.js';

export interface SplitPartName {
  /** The name before `-00001-of-00003.gguf`. */
  prefix: string;
  /** Which part, counting from 1. */
  partNumber: number;
  partCount: number;
}

export interface ModelPart {
  path: string;
  header: GgufHeader;
  sizeBytes: number;
}

export interface ModelParts {
  /** Every file of the model in order; one entry for a model that is not split. */
  parts: ModelPart[];
  /** Name, architecture etc. from the first part; parameter count and size over all parts. */
  description: GgufModelDescription;
}

// llama.cpp's llama_split_path writes "%s-%05d-of-%05d.gguf" and matches it exactly (case included).
const splitPartPattern = /^(.+)-(\d{5})-of-(\d{5})\.gguf$/;

/** Reads `name-00002-of-00003.gguf` (a file name or a path) as prefix, part number and count; null if it is not one. */
export function parseSplitPartName(fileName: string): SplitPartName | null {
  const match = splitPartPattern.exec(basename(fileName));
  if (!match?.[1]) return null;
  const partNumber = Number(match[2]);
  const partCount = Number(match[3]);
  if (partNumber < 1 || partNumber > partCount) return null;
  return { prefix: match[1], partNumber, partCount };
}

/** `prefix-00002-of-00003.gguf` for part 2 of 3. */
export function formatSplitPartName(prefix: string, partNumber: number, partCount: number): string {
  const digits = (value: number): string => String(value).padStart(5, '0');
  return `${prefix}-${digits(partNumber)}-of-${digits(partCount)}.gguf`;
}

/** True for a name like `model-00002-of-00003.gguf`. */
export function isSplitPartName(fileName: string): boolean {
  return parseSplitPartName(fileName) !== null;
}

/** True for the first part of a split model (`-00001-of-N.gguf`), the one llama.cpp opens; false otherwise. */
export function isFirstPart(fileName: string): boolean {
  return parseSplitPartName(fileName)?.partNumber === 1;
}

/**
 * The paths of every part of the model that `anyPartPath` belongs to, in order, judged by the file
 * names; `[anyPartPath]` for a model that is not split. Throws `model-file-missing` naming the parts
 * that are not there.
 */
export async function findModelParts(anyPartPath: string): Promise<string[]> {
  const name = parseSplitPartName(anyPartPath);
  if (!name) {
    const kind = await fileKindOf(anyPartPath);
    const reason = notAFileReason(basename(anyPartPath), kind);
    if (reason !== null) {
      throw new EnclaveError(kind === 'missing' ? 'model-file-missing' : 'model-not-gguf', kind === 'folder' ? `${reason} Choose the .gguf file.` : reason);
    }
    return [anyPartPath];
  }
  const folder = dirname(anyPartPath);
  const paths = Array.from({ length: name.partCount }, (_, index) =>
    join(folder, formatSplitPartName(name.prefix, index + 1, name.partCount)),
  );
  const present = await Promise.all(paths.map(isFile));
  const missing = paths.filter((_, index) => !present[index]).map((path) => basename(path));
  if (missing.length > 0) {
    const listed =
      missing.length <= 3 ? joinNames(missing) : `${missing.slice(0, 2).join(', ')} and ${missing.length - 2} more parts`;
    const verb = missing.length === 1 ? 'is' : 'are';
    throw new EnclaveError(
      'model-file-missing',
      `${listed} ${verb} missing: a split model needs all ${name.partCount} parts in the same folder.`,
    );
  }
  return paths;
}

/**
 * Reads the header of every part of the model `anyPartPath` belongs to (normally its first part) and
 * checks that the parts belong together: `split.no` and `split.count` agree with the file names, no tensor
 * is in two parts, and the parts hold the `split.tensors.count` tensors the first one announces. Each
 * header's tensor extents are checked against its own file by `readGgufHeader`. A model that is not split
 * comes back as one part. Throws `EnclaveError` (`model-file-missing`, `model-corrupt`, and whatever
 * `readGgufHeader` throws).
 */
export async function readModelParts(anyPartPath: string, options: ReadGgufHeaderOptions = {}): Promise<ModelParts> {
  const paths = await findModelParts(anyPartPath);
  const parts: ModelPart[] = [];
  for (const path of paths) {
    const header = await readGgufHeader(path, options);
    parts.push({ path, header, sizeBytes: header.fileSize });
  }
  checkPartsBelongTogether(parts);
  const [first] = parts as [ModelPart, ...ModelPart[]];
  const tensors = parts.flatMap((part) => part.header.tensors);
  const sizeBytes = parts.reduce((sum, part) => sum + part.sizeBytes, 0);
  return { parts, description: describeGgufModel({ ...first.header, tensors }, first.path, sizeBytes) };
}

function checkPartsBelongTogether(parts: readonly ModelPart[]): void {
  const [first] = parts as readonly [ModelPart, ...ModelPart[]];
  const firstName = basename(first.path);
  const named = parseSplitPartName(first.path);
  const declaredCount = splitKey(first, 'split.count', 'uint16');
  if (!named || named.partCount === 1) {
    if (declaredCount !== undefined && declaredCount > 1) {
      const splitNumber = (splitKey(first, 'split.no', 'uint16') ?? 0) + 1;
      throw new EnclaveError(
        'model-file-missing',
        `${firstName} is part ${splitNumber} of a model split into ${declaredCount} files, but its name does not ` +
          `say so, so the other parts cannot be found. Give the parts their original names, which end in ` +
          `${formatSplitPartName('', 1, declaredCount)}, ${formatSplitPartName('', 2, declaredCount)} and so on.`,
      );
    }
    return;
  }

  const seen = new Map<string, string>();
  for (const [index, part] of parts.entries()) {
    const partName = basename(part.path);
    const count = splitKey(part, 'split.count', 'uint16');
    const number = splitKey(part, 'split.no', 'uint16');
    if (count === undefined || number === undefined) {
      throw new EnclaveError(
        'model-corrupt',
        `${partName} is named as part ${index + 1} of ${parts.length}, but it is not part of a split model. ` +
          'Put back the parts of the original download.',
      );
    }
    if (count !== parts.length || number !== index) {
      const says =
        count === parts.length ? `says it is part ${number + 1}` : `belongs to a model split into ${count} files`;
      throw new EnclaveError(
        'model-corrupt',
        `${partName} does not belong with ${firstName}: it ${says}, but its name makes it part ${index + 1} ` +
          `of ${parts.length}. Keep only the ${parts.length} parts of one download together, ` +
          'with their original names.',
      );
    }
    for (const tensor of part.header.tensors) {
      const other = seen.get(tensor.name);
      if (other !== undefined) {
        throw corruptModel(
          partName,
          `it holds tensor ${JSON.stringify(tensor.name)}, which ${other} holds too, ` +
            'so the parts come from different downloads',
        );
      }
      seen.set(tensor.name, partName);
    }
  }
  const expected = splitKey(first, 'split.tensors.count', 'int32');
  if (expected !== seen.size) {
    throw corruptModel(
      firstName,
      `the ${parts.length} parts hold ${seen.size} tensors, ` +
        `but the first part says the model has ${expected ?? 'an unknown number of'}`,
    );
  }
}

/** A split.* value, checked to have the type llama.cpp reads it as (it aborts on any other). */
function splitKey(part: ModelPart, key: string, type: GgufValueTypeName): number | undefined {
  const storedType = part.header.metadataTypes.get(key);
  if (storedType === undefined) return undefined;
  const value = part.header.metadata.get(key);
  if (storedType !== type || typeof value !== 'number') {
    throw corruptModel(basename(part.path), `${key} is stored as ${storedType}, but llama.cpp needs a ${type}`);
  }
  return value;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
