import { describe, expect, it } from 'vitest';
import { parseCpuFlags } from '../../../electron/core/llm/host/hardware.js';
import { useProvider } from './hostTestSupport.js';

describe('reading the hardware through the model host', () => {
  const startProvider = useProvider();

  it('reports the CPU, the RAM, and no GPU backend when the GPU is off', async () => {
    const hardware = await startProvider().hardware();
    expect(hardware.cpu.logicalCores).toBeGreaterThan(0);
    expect(hardware.cpu.mathCores).toBeGreaterThan(0);
    expect(hardware.cpu.model.length).toBeGreaterThan(0);
    expect(hardware.cpu.architecture).toBe(process.arch);
    expect(hardware.memory.totalBytes).toBeGreaterThan(0);
    expect(hardware.memory.freeBytes).toBeGreaterThan(0);
    expect(hardware.memory.freeBytes).toBeLessThanOrEqual(hardware.memory.totalBytes);
    expect(hardware.gpu).toEqual({ backend: null, devices: [], vramTotalBytes: 0, vramFreeBytes: 0 });
    expect(hardware.os.platform).toBe(process.platform);
  });

  it.runIf(process.platform === 'linux' && process.arch === 'x64')(
    'names the x86-64 instruction-set extensions from /proc/cpuinfo',
    async () => {
      const { instructionSets } = (await startProvider().hardware()).cpu;
      expect(instructionSets.length).toBeGreaterThan(0);
      // Every x86-64 CPU llama.cpp's prebuilt binaries run on has at least SSE4.2.
      expect(instructionSets).toContain('SSE4.2');
    },
  );

  it('reads the flags line of /proc/cpuinfo on x86 and the Features line on arm', () => {
    expect(parseCpuFlags('processor\t: 0\nflags\t\t: fpu sse4_2 avx avx2 fma\n')).toEqual(
      new Set(['fpu', 'sse4_2', 'avx', 'avx2', 'fma']),
    );
    expect(parseCpuFlags('Features\t: fp asimd asimddp sve\n')).toEqual(new Set(['fp', 'asimd', 'asimddp', 'sve']));
    expect(parseCpuFlags('')).toEqual(new Set());
  });
});
