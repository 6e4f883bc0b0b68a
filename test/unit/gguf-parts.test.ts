import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnclaveError } from '../../electron/core/errors.js';
import { describeGgufModel } from '../../electron/core/llm/gguf/describeModel.js';
import {
  findModelParts,
  formatSplitPartName,
  isFirstPart,
  isSplitPartName,
  parseSplitPartName,
  readModelParts,
} from '../../electron/core/llm/gguf/modelParts.js';
import { readGgufHeader } from '../../electron/core/llm/gguf/readGgufHeader.js';
import type { ErrorCode } from '../../electron/shared/errors.js';
import { ensureTestModel, ensureTestModelParts } from '../../scripts/generate-test-models.js';
import { testModelPresets } from '../../scripts/gguf/presets.js';
import { splitGgufSource } from '../../scripts/gguf/split.js';
import { kv, writeGguf, type GgufModelSource } from '../../scripts/gguf/writer.js';
import { useTempDir } from '../support/tempDir.js';

let chatPath: string;
let threeParts: string[];
let fourParts: string[];

beforeAll(async () => {
  chatPath = await ensureTestModel('tiny-chat');
  threeParts = await ensureTestModelParts('tiny-chat', 3);
  fourParts = await ensureTestModelParts('tiny-chat', 4);
});

const tempDir = useTempDir('enclave-gguf-parts-');

/** Copies `sources` into a fresh folder under the given names; returns the folder. */
async function folderWith(files: ReadonlyArray<[source: string, name: string]>): Promise<string> {
  const folder = tempDir();
  for (const [source, name] of files) await copyFile(source, path.join(folder, name));
  return folder;
}

/** `m-0000N-of-00003.gguf` for part N of `partCount`. */
function partName(partNumber: number, partCount = 3): string {
  return formatSplitPartName('m', partNumber, partCount);
}

async function rejection(promise: Promise<unknown>, code: ErrorCode): Promise<string> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof EnclaveError)) throw error;
  expect(error.code).toBe(code);
  return error.message;
}

describe('split part names', () => {
  it('recognises llama.cpp gguf-split names exactly', () => {
    expect(parseSplitPartName('/models/qwen2.5-7b-instruct-q4_k_m-00002-of-00003.gguf')).toEqual({
      prefix: 'qwen2.5-7b-instruct-q4_k_m',
      partNumber: 2,
      partCount: 3,
    });
    expect(isSplitPartName('m-00001-of-00003.gguf')).toBe(true);
    expect(isFirstPart('m-00001-of-00003.gguf')).toBe(true);
    expect(isFirstPart('m-00003-of-00003.gguf')).toBe(false);
    for (const name of ['m.gguf', 'm-1-of-3.gguf', 'm-00004-of-00003.gguf', 'm-00000-of-00003.gguf', 'm-00001-of-00003.GGUF', '-00001-of-00003.gguf']) {
      expect(isSplitPartName(name), name).toBe(false);
      expect(isFirstPart(name), name).toBe(false);
    }
    expect(formatSplitPartName('m', 12, 345)).toBe('m-00012-of-00345.gguf');
  });
});

describe('findModelParts', () => {
  it('finds every part in order from any one of them', async () => {
    const folder = await folderWith(threeParts.map((part, index) => [part, partName(index + 1)]));
    const expected = [1, 2, 3].map((number) => path.join(folder, partName(number)));
    expect(await findModelParts(path.join(folder, partName(2)))).toEqual(expected);
    expect(await findModelParts(path.join(folder, partName(1)))).toEqual(expected);
  });

  it('names a missing middle part', async () => {
    const [first, , third] = threeParts;
    const folder = await folderWith([
      [first ?? '', partName(1)],
      [third ?? '', partName(3)],
    ]);
    expect(await rejection(findModelParts(path.join(folder, partName(1))), 'model-file-missing')).toBe(
      'm-00002-of-00003.gguf is missing: a split model needs all 3 parts in the same folder.',
    );
    expect(await rejection(readModelParts(path.join(folder, partName(1))), 'model-file-missing')).toMatch(/m-00002-of-00003/);
  });

  it('names several missing parts together', async () => {
    const folder = await folderWith([[fourParts[1] ?? '', partName(2, 4)]]);
    expect(await rejection(findModelParts(path.join(folder, partName(2, 4))), 'model-file-missing')).toBe(
      'm-00001-of-00004.gguf, m-00003-of-00004.gguf and m-00004-of-00004.gguf are missing: ' +
        'a split model needs all 4 parts in the same folder.',
    );
  });

  it('returns a single file as it is, and says when it is gone', async () => {
    expect(await findModelParts(chatPath)).toEqual([chatPath]);
    expect(await rejection(findModelParts(path.join(tempDir(), 'gone.gguf')), 'model-file-missing')).toMatch(/^gone.gguf was not found/);
  });
});

describe('readModelParts', () => {
  it('reads a complete split model and describes all of it', async () => {
    const { parts, description } = await readModelParts(threeParts[0] ?? '');
    const single = await readGgufHeader(chatPath);
    expect(parts.map((part) => part.path)).toEqual(threeParts);
    expect(parts.map((part) => part.header.tensors.length)).toEqual([7, 7, 7]);
    const unsplit = describeGgufModel(single, chatPath, single.fileSize);
    expect(description).toEqual({
      ...unsplit,
      sizeBytes: parts.reduce((sum, part) => sum + part.header.fileSize, 0),
    });
    expect(description.parameterCount).toBeGreaterThan(parts[0]?.header.tensors.reduce((sum, t) => sum + t.elementCount, 0) ?? 0);
    expect(parts.every((part) => part.sizeBytes === part.header.fileSize)).toBe(true);
  });

  it('reads a single-file model as one part', async () => {
    const { parts, description } = await readModelParts(chatPath);
    const header = await readGgufHeader(chatPath);
    expect(parts).toHaveLength(1);
    expect(parts[0]?.path).toBe(chatPath);
    expect(description).toEqual(describeGgufModel(header, chatPath, header.fileSize));
  });

  it('refuses a part from a model split another way', async () => {
    const [first, , third] = threeParts;
    const folder = await folderWith([
      [first ?? '', partName(1)],
      [fourParts[1] ?? '', partName(2)],
      [third ?? '', partName(3)],
    ]);
    expect(await rejection(readModelParts(path.join(folder, partName(1))), 'model-corrupt')).toBe(
      'm-00002-of-00003.gguf does not belong with m-00001-of-00003.gguf: it belongs to a model split into 4 files, ' +
        'but its name makes it part 2 of 3. Keep only the 3 parts of one download together, with their original names.',
    );
  });

  it('refuses parts whose names were swapped', async () => {
    const [first, second, third] = threeParts;
    const folder = await folderWith([
      [first ?? '', partName(1)],
      [third ?? '', partName(2)],
      [second ?? '', partName(3)],
    ]);
    expect(await rejection(readModelParts(path.join(folder, partName(1))), 'model-corrupt')).toMatch(
      /^m-00002-of-00003.gguf does not belong with m-00001-of-00003.gguf: it says it is part 3, but its name makes it part 2 of 3/,
    );
  });

  it('refuses a first part renamed so that llama.cpp cannot find the others', async () => {
    const folder = await folderWith(threeParts.map((part, index) => [part, index === 0 ? 'model.gguf' : partName(index + 1)]));
    expect(await rejection(readModelParts(path.join(folder, 'model.gguf')), 'model-file-missing')).toMatch(
      /^model.gguf is part 1 of a model split into 3 files, but its name does not say so.*-00001-of-00003.gguf, -00002-of-00003.gguf and so on/,
    );
  });

  /** Writes the 3 parts of tiny-chat changed by `change` into a fresh folder; returns the first part's path. */
  async function writeParts(change: (parts: GgufModelSource[]) => GgufModelSource[]): Promise<string> {
    const folder = tempDir();
    const parts = change(splitGgufSource(testModelPresets['tiny-chat'].build(), 3));
    for (const [index, part] of parts.entries()) await writeGguf(path.join(folder, partName(index + 1)), part);
    return path.join(folder, partName(1));
  }

  it('refuses parts that hold fewer tensors than the first part announces', async () => {
    const first = await writeParts((parts) =>
      parts.map((part, index) => (index === 2 ? { ...part, tensors: part.tensors.slice(1) } : part)),
    );
    expect(await rejection(readModelParts(first), 'model-corrupt')).toMatch(
      /the 3 parts hold 20 tensors, but the first part says the model has 21/,
    );
  });

  it('refuses a split.no stored as another type than u16 (llama.cpp would abort)', async () => {
    const first = await writeParts((parts) =>
      parts.map((part, index) =>
        index === 1
          ? {
              ...part,
              metadata: part.metadata.map((entry) => (entry.key === 'split.no' ? { key: entry.key, value: kv.uint32(1) } : entry)),
            }
          : part,
      ),
    );
    expect(await rejection(readModelParts(first), 'model-corrupt')).toMatch(
      /^m-00002-of-00003.gguf is damaged: split.no is stored as uint32, but llama.cpp needs a uint16/,
    );
  });
});
