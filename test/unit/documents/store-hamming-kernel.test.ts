import { describe, expect, it } from 'vitest';
import { createHammingKernel } from '../../../electron/core/documents/store/hammingKernel.js';

function popcount(byte: number): number {
  let count = 0;
  for (let bits = byte; bits !== 0; bits >>= 1) count += bits & 1;
  return count;
}

describe('WebAssembly Hamming kernel', () => {
  it.each([16, 48, 128])('counts differing bits of %i-byte codes as a plain loop does', (stride) => {
    const kernel = createHammingKernel();
    expect(kernel).not.toBeNull();
    const count = 300;
    const codesAt = 4096;
    const outAt = codesAt + count * stride;
    kernel!.memory.grow(1);
    const memory = new Uint8Array(kernel!.memory.buffer);
    let state = stride;
    const nextByte = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state >>> 24;
    };
    for (let index = 0; index < stride; index++) memory[index] = nextByte();
    for (let index = 0; index < count * stride; index++) memory[codesAt + index] = nextByte();
    // All bits differ and none differ, at the ends of the range.
    for (let index = 0; index < stride; index++) {
      memory[codesAt + index] = memory[index]! ^ 0xff;
      memory[codesAt + stride + index] = memory[index]!;
    }
    kernel!.hamming(codesAt, count, 0, stride, outAt);
    const distances = new Uint16Array(kernel!.memory.buffer, outAt, count);
    const expected = Array.from({ length: count }, (_, code) => {
      let distance = 0;
      for (let index = 0; index < stride; index++) distance += popcount(memory[codesAt + code * stride + index]! ^ memory[index]!);
      return distance;
    });
    expect([...distances]).toEqual(expected);
    expect(distances[0]).toBe(stride * 8);
    expect(distances[1]).toBe(0);
  });
});
