import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTestModel, ensureTestModelParts, generateTestModel } from '../../scripts/generate-test-models.js';
import {
  encodeValues,
  encodedByteLength,
  float16BitsToFloat32,
  float32ToFloat16Bits,
} from '../../scripts/gguf/encoding.js';
import { scanGgufLayout } from '../../scripts/gguf/layout.js';
import { testModelPresets } from '../../scripts/gguf/presets.js';
import { layoutGguf } from '../../scripts/gguf/writer.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir('enclave-gguf-writer-');

async function sha256(filePath: string): Promise<string> {
  return createHash('sha256').update(await readFile(filePath)).digest('hex');
}

describe('GGUF test model generator', () => {
  it('writes the same bytes every time', async () => {
    const dir = tempDir();
    for (const preset of ['tiny-chat', 'tiny-embedding', 'tiny-chat-wide', 'tiny-chat-lora', 'tiny-chat-wide-lora'] as const) {
      const first = path.join(dir, `${preset}-1.gguf`);
      const second = path.join(dir, `${preset}-2.gguf`);
      await generateTestModel(preset, first);
      await generateTestModel(preset, second);
      expect(await sha256(first)).toBe(await sha256(second));
      const cached = await sha256(await ensureTestModel(preset));
      expect(cached, `the cached ${preset} is stale: bump its contentVersion in scripts/gguf/presets.ts`).toBe(
        await sha256(first),
      );
    }
  });

  it('lays tensors out as llama.cpp requires: in order, aligned, the file ending after the last one', async () => {
    const source = testModelPresets['tiny-chat'].build();
    const filePath = path.join(tempDir(), 'tiny-chat.gguf');
    await generateTestModel('tiny-chat', filePath);
    const layout = scanGgufLayout(await readFile(filePath));
    const planned = layoutGguf(source);
    expect((await stat(filePath)).size).toBe(planned.fileSize);
    expect(layout.dataOffset).toBe(planned.header.length);
    expect(layout.tensors.map((tensor) => tensor.name)).toEqual(source.tensors.map((tensor) => tensor.name));
  });

  it('lets parallel callers share one cached file without leaving temporary files', async () => {
    const cacheDir = tempDir();
    const paths = await Promise.all([1, 2, 3].map(() => ensureTestModel('tiny-embedding', cacheDir)));
    expect(new Set(paths).size).toBe(1);
    expect(path.basename(paths[0] ?? '')).toMatch(/^tiny-embedding-v\d+-[0-9a-f]{8}\.gguf$/);
    expect(await readdir(cacheDir)).toEqual([path.basename(paths[0] ?? '')]);
  });
});

describe('split test models', () => {
  it('splits a model into gguf-split parts whose tensor data is the unsplit model', async () => {
    const single = await readFile(await ensureTestModel('tiny-chat'));
    const paths = await ensureTestModelParts('tiny-chat', 3);
    expect(paths.map((part) => path.basename(part))).toEqual([
      'tiny-chat-00001-of-00003.gguf',
      'tiny-chat-00002-of-00003.gguf',
      'tiny-chat-00003-of-00003.gguf',
    ]);
    const parts = await Promise.all(paths.map((part) => readFile(part)));
    const layouts = parts.map((bytes) => scanGgufLayout(bytes));
    const singleLayout = scanGgufLayout(single);
    expect(layouts.flatMap((layout) => layout.tensors.map((tensor) => tensor.name))).toEqual(
      singleLayout.tensors.map((tensor) => tensor.name),
    );
    // Every part pads each tensor to the alignment, so the data sections line up end to end.
    const data = Buffer.concat(parts.map((bytes, index) => bytes.subarray(layouts[index]?.dataOffset)));
    expect(data.equals(single.subarray(singleLayout.dataOffset))).toBe(true);
    const keys = layouts.map((layout) => layout.keyValues.map((entry) => entry.key));
    expect(keys[0]).toEqual([...singleLayout.keyValues.map((entry) => entry.key), 'split.no', 'split.count', 'split.tensors.count']);
    expect(keys[1]).toEqual(['split.no', 'split.count', 'split.tensors.count']);
  });

  it('lets parallel callers share one set of parts', async () => {
    const cacheDir = tempDir();
    const results = await Promise.all([1, 2, 3].map(() => ensureTestModelParts('tiny-embedding', 2, cacheDir)));
    expect(new Set(results.map((paths) => paths.join()))).toHaveProperty('size', 1);
    const folders = await readdir(cacheDir);
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^tiny-embedding-v\d+-[0-9a-f]{8}-split2$/);
    expect(await readdir(path.join(cacheDir, folders[0] ?? ''))).toEqual([
      'tiny-embedding-00001-of-00002.gguf',
      'tiny-embedding-00002-of-00002.gguf',
    ]);
  });
});

describe('ggml encodings', () => {
  it('converts float32 to half precision with round-to-nearest-even', () => {
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(float32ToFloat16Bits(1e-9)).toBe(0);
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(NaN)))).toBe(true);
    for (const value of [0.1, -0.333, 3.14159, 1000.5, 6e-5]) {
      expect(float16BitsToFloat32(float32ToFloat16Bits(value))).toBeCloseTo(value, 2);
    }
  });

  it('quantizes Q4_0 and Q8_0 blocks the way ggml decodes them', () => {
    const values = Float32Array.from({ length: 64 }, (_, index) => Math.sin(index) * 0.05);
    const q4 = new Uint8Array(encodedByteLength('Q4_0', values.length));
    encodeValues('Q4_0', values, q4);
    const q8 = new Uint8Array(encodedByteLength('Q8_0', values.length));
    encodeValues('Q8_0', values, q8);
    expect([q4.length, q8.length]).toEqual([36, 68]);
    const q4View = new DataView(q4.buffer);
    const q8View = new DataView(q8.buffer);
    for (let index = 0; index < values.length; index++) {
      const block = Math.floor(index / 32);
      const within = index % 32;
      const q4Scale = float16BitsToFloat32(q4View.getUint16(block * 18, true));
      const packed = q4[block * 18 + 2 + (within % 16)] ?? 0;
      const nibble = within < 16 ? packed & 0x0f : packed >>> 4;
      // Q4_0 spans -8..7 steps with the block's extreme at -8, so the opposite extreme can be off by a whole step.
      expect(Math.abs((nibble - 8) * q4Scale - (values[index] ?? 0))).toBeLessThanOrEqual(Math.abs(q4Scale) + 1e-6);
      const q8Scale = float16BitsToFloat32(q8View.getUint16(block * 34, true));
      const q8Value = q8View.getInt8(block * 34 + 2 + within) * q8Scale;
      expect(Math.abs(q8Value - (values[index] ?? 0))).toBeLessThanOrEqual(q8Scale / 2 + 1e-4);
    }
  });
});
