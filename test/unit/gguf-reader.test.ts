import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EnclaveError } from '../../electron/core/errors.js';
import { assertSupportedArchitecture, describeGgufModel } from '../../electron/core/llm/gguf/describeModel.js';
import { readGgufHeader, type GgufArray, type GgufHeader } from '../../electron/core/llm/gguf/readGgufHeader.js';
import type { ErrorCode } from '../../electron/shared/errors.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import {
  setArchitecture,
  setKeyValueCount,
  setStringLength,
  setTensorCount,
  setTensorOffset,
  setTensorType,
  setValueType,
  setVersion,
  truncateBytes,
} from '../../scripts/gguf/corrupt.js';
import { scanGgufLayout } from '../../scripts/gguf/layout.js';
import { mulberry32 } from '../../scripts/gguf/random.js';
import { useTempDir } from '../support/tempDir.js';

let chatPath: string;
let chatBytes: Uint8Array;
let embeddingPath: string;

beforeAll(async () => {
  chatPath = await ensureTestModel('tiny-chat');
  embeddingPath = await ensureTestModel('tiny-embedding');
  chatBytes = await readFile(chatPath);
});

const tempDir = useTempDir('enclave-gguf-');

async function writeModel(bytes: Uint8Array, name = 'model.gguf'): Promise<string> {
  const filePath = path.join(tempDir(), name);
  await writeFile(filePath, bytes);
  return filePath;
}

async function readError(filePath: string): Promise<EnclaveError> {
  const error: unknown = await readGgufHeader(filePath).then(
    () => new Error('expected readGgufHeader to reject'),
    (rejection: unknown) => rejection,
  );
  if (!(error instanceof EnclaveError)) throw error;
  return error;
}

async function expectRejection(bytes: Uint8Array, code: ErrorCode): Promise<EnclaveError> {
  const error = await readError(await writeModel(bytes));
  expect(error.code).toBe(code);
  expect(error.message).toContain('model.gguf');
  return error;
}

describe('readGgufHeader on generated models', () => {
  it('reads the metadata and tensor table of tiny-chat', async () => {
    const header = await readGgufHeader(chatPath);
    expect(header.version).toBe(3);
    expect(header.alignment).toBe(32);
    expect(header.dataOffset % 32).toBe(0);
    expect(header.metadata.get('general.architecture')).toBe('llama');
    expect(header.metadata.get('llama.embedding_length')).toBe(64);
    expect(header.metadata.get('tokenizer.ggml.add_bos_token')).toBe(true);
    expect(header.metadata.get('llama.attention.layer_norm_rms_epsilon')).toBeCloseTo(1e-5);
    const tokens = header.metadata.get('tokenizer.ggml.tokens') as GgufArray;
    expect(tokens).toMatchObject({ type: 'array', itemType: 'string', length: 1536, items: null });
    expect(header.tensors).toHaveLength(3 + 2 * 9);
    expect(header.tensors[0]).toMatchObject({ name: 'token_embd.weight', dims: [64, 1536], offset: 0 });
    expect(header.tensors[0]?.type.name).toBe('F32');
    const last = header.tensors.at(-1);
    expect(header.dataOffset + (last?.offset ?? 0) + (last?.byteSize ?? 0)).toBeLessThanOrEqual(header.fileSize);

    const description = describeGgufModel(header, chatPath, header.fileSize);
    expect(description).toMatchObject({
      architecture: 'llama',
      name: 'Enclave Tiny Chat (generated)',
      quantization: 'F32',
      contextLength: 2048,
      embeddingLength: 64,
      blockCount: 2,
      license: null,
      sizeBytes: header.fileSize,
    });
    expect(description.chatTemplate).toContain('<|im_start|>');
    expect(description.parameterCount).toBe(header.tensors.reduce((sum, tensor) => sum + tensor.elementCount, 0));
  });

  it('keeps long arrays when asked and reads the embedding model pooling type', async () => {
    const header = await readGgufHeader(embeddingPath, { keepArrayItems: 4096 });
    expect(header.metadata.get('llama.pooling_type')).toBe(1);
    const tokens = header.metadata.get('tokenizer.ggml.tokens') as GgufArray;
    expect(tokens.items?.slice(0, 5)).toEqual(['<unk>', '<s>', '</s>', '<|im_start|>', '<|im_end|>']);
    expect(tokens.items).toContain('\u2581contract');
  });

  it('reads a header without tensors (a vocabulary-only file)', async () => {
    const header = await readGgufHeader(await writeModel(setTensorCount(chatBytes, 0n)));
    expect(header.tensors).toEqual([]);
    expect(header.metadata.get('general.architecture')).toBe('llama');
  });

  it('names the dominant tensor type when general.file_type is missing', () => {
    const header: GgufHeader = {
      version: 3,
      fileSize: 0,
      alignment: 32,
      dataOffset: 0,
      metadata: new Map([['general.architecture', 'qwen2']]),
      metadataTypes: new Map([['general.architecture', 'string']]),
      tensors: [
        { name: 'a', dims: [256, 8], type: { id: 12, name: 'Q4_K', blockSize: 256, bytesPerBlock: 144 }, offset: 0, byteSize: 1152, elementCount: 2048 },
        { name: 'b', dims: [256, 2], type: { id: 14, name: 'Q6_K', blockSize: 256, bytesPerBlock: 210 }, offset: 1152, byteSize: 420, elementCount: 512 },
        { name: 'n', dims: [4096], type: { id: 0, name: 'F32', blockSize: 1, bytesPerBlock: 4 }, offset: 1600, byteSize: 16384, elementCount: 4096 },
      ],
    };
    expect(describeGgufModel(header, 'x.gguf', 1).quantization).toBe('Q4_K');
  });
});

describe('readGgufHeader on damaged files', () => {
  it('reports an empty file', async () => {
    await expectRejection(new Uint8Array(0), 'model-empty');
  });

  it('reports a file that is not GGUF, quoting its first bytes', async () => {
    const zip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]);
    const error = await expectRejection(zip, 'model-not-gguf');
    expect(error.message).toMatch(/^model\.gguf is not a GGUF model file \(it starts with 'PK\\x03\\x04', not 'GGUF'\)\./);
    expect(error.message).toContain('ZIP');
    const html = await expectRejection(Buffer.from('<!DOCTYPE html><html>Not found</html>'), 'model-not-gguf');
    expect(html.message).toContain('web page');
  });

  it('reports a file cut inside the signature as truncated', async () => {
    await expectRejection(Buffer.from('GG'), 'model-truncated');
  });

  it('reports versions other than 2 and 3', async () => {
    await expectRejection(setVersion(chatBytes, 1), 'model-unsupported-version');
    const newer = await expectRejection(setVersion(chatBytes, 4), 'model-unsupported-version');
    expect(newer.message).toContain('version 4');
    const bigEndian = await expectRejection(setVersion(chatBytes, 0x03000000), 'model-unsupported-version');
    expect(bigEndian.message).toContain('big-endian');
  });

  it('reports a file cut anywhere in the header or the data as truncated', async () => {
    const layout = scanGgufLayout(chatBytes);
    const cuts = [3, 12, 30, 500, layout.tensors[0]?.nameOffset ?? 0, layout.headerEnd - 3, layout.dataOffset, chatBytes.length - 1];
    for (const cut of cuts) {
      const error = await expectRejection(truncateBytes(chatBytes, cut), 'model-truncated');
      expect(error.message).toContain('interrupted');
    }
  });

  it('reports a tensor whose data offset points past the end of the file as corrupt', async () => {
    const error = await expectRejection(setTensorOffset(chatBytes, 'blk.1.ffn_down.weight', 1n << 40n), 'model-corrupt');
    expect(error.message).toContain('blk.1.ffn_down.weight');
    expect(error.message).toContain('past the end');
    await expectRejection(setTensorOffset(chatBytes, 'output.weight', 8n), 'model-corrupt');
  });

  it('reports counts and lengths no real model has as corrupt', async () => {
    const keyValues = await expectRejection(setKeyValueCount(chatBytes, 0xffff_ffff_ffffn), 'model-corrupt');
    expect(keyValues.message).toContain('metadata entries');
    await expectRejection(setTensorCount(chatBytes, 1n << 62n), 'model-corrupt');
    const string = await expectRejection(setStringLength(chatBytes, 'tokenizer.chat_template', 1n << 50n), 'model-corrupt');
    expect(string.message).toContain('tokenizer.chat_template');
    await expectRejection(setStringLength(chatBytes, 'tokenizer.ggml.tokens', 0xffff_ffff_ffff_ffffn), 'model-corrupt');
  });

  it('reports unknown value and tensor types as corrupt', async () => {
    const value = await expectRejection(setValueType(chatBytes, 'llama.block_count', 99), 'model-corrupt');
    expect(value.message).toContain('llama.block_count');
    const tensor = await expectRejection(setTensorType(chatBytes, 'output_norm.weight', 31), 'model-corrupt');
    expect(tensor.message).toContain('unknown data type (31)');
  });

  it('reads a model of an unknown architecture, which the architecture check then refuses', async () => {
    const filePath = await writeModel(setArchitecture(chatBytes, 'notanarch'));
    const header = await readGgufHeader(filePath);
    expect(header.tensors).toHaveLength(21);
    const description = describeGgufModel(header, filePath, header.fileSize);
    expect(description.architecture).toBe('notanarch');
    expect(() => assertSupportedArchitecture('llama', 'model.gguf')).not.toThrow();
    expect(() => assertSupportedArchitecture(description.architecture, 'model.gguf')).toThrow(
      expect.objectContaining({ code: 'model-unsupported-architecture', message: expect.stringContaining('notanarch') }),
    );
  });

  it('reports a missing file and a folder', async () => {
    const dir = tempDir();
    expect((await readError(path.join(dir, 'gone.gguf'))).code).toBe('model-file-missing');
    await mkdir(path.join(dir, 'folder.gguf'));
    expect((await readError(path.join(dir, 'folder.gguf'))).code).toBe('model-not-gguf');
  });
});

describe('readGgufHeader under fuzzing', () => {
  it('resolves or throws an EnclaveError for 450 deterministic mutations', async () => {
    const layout = scanGgufLayout(chatBytes);
    const header = chatBytes.subarray(0, layout.dataOffset);
    const fields = [
      layout.tensorCountOffset,
      layout.keyValueCountOffset,
      ...layout.keyValues.flatMap((entry) => [entry.keyOffset, ...entry.lengthOffsets.slice(0, 4)]),
      ...layout.tensors.flatMap((tensor) => [tensor.nameOffset, tensor.dimensionCountOffset + 4, tensor.dataOffsetField]),
    ];
    const structural = [
      ...fields,
      ...layout.keyValues.map((entry) => entry.typeOffset),
      ...layout.tensors.flatMap((tensor) => [tensor.dimensionCountOffset, tensor.typeOffset]),
    ];
    const size = BigInt(chatBytes.length);
    const values = [0n, 1n, 3n, 8n, 31n, 32n, 63n, 64n, 1000n, 2n ** 31n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n, size, size - 1n];
    const random = mulberry32(20261122);
    const pick = <T>(items: readonly T[]): T => items[random() % items.length] as T;
    const filePath = path.join(tempDir(), 'fuzz.gguf');
    const outcomes = new Map<string, number>();

    for (let round = 0; round < 450; round++) {
      const bytes = Buffer.from(header);
      let fileSize = chatBytes.length;
      const kind = round % 3;
      if (kind === 0) {
        for (let flips = 1 + (random() % 4); flips > 0; flips--) {
          const at = random() % 2 === 0 ? pick(structural) + (random() % 8) : random() % bytes.length;
          bytes[at] = (bytes[at] ?? 0) ^ (1 << random() % 8);
        }
      } else if (kind === 1) {
        fileSize = random() % 2 === 0 ? random() % header.length : random() % chatBytes.length;
      } else {
        const value = random() % 4 === 0 ? BigInt(random()) * BigInt(random()) : pick(values);
        bytes.writeBigUInt64LE(value, pick(fields));
      }
      const handle = await open(filePath, 'w');
      await handle.write(bytes, 0, Math.min(bytes.length, fileSize));
      await handle.truncate(fileSize);
      await handle.close();

      const outcome = await readGgufHeader(filePath).then(
        () => 'ok',
        (error: unknown) => {
          if (!(error instanceof EnclaveError)) throw error;
          expect(error.message).toContain('fuzz.gguf');
          return error.code;
        },
      );
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // The mutations reach every kind of outcome, not just one early check.
    for (const code of ['ok', 'model-corrupt', 'model-truncated']) expect(outcomes.get(code)).toBeGreaterThan(10);
  });
});
