import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineCmakeOptions } from '../../../electron/core/llm/host/engineBuild.js';
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

  it("names the llama.cpp binary it runs: Enclave's CPU build where engine:build made one, else the prebuilt", async () => {
    const { engine } = await startProvider().hardware();
    expect(engine).toBe(hasEngineBuild() ? 'enclave-build' : 'prebuilt');
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

/** Read from node-llama-cpp's local builds on disk, apart from how the host asks for one. */
function hasEngineBuild(): boolean {
  const localBuilds = path.resolve(import.meta.dirname, '../../../node_modules/node-llama-cpp/llama/localBuilds');
  if (!fs.existsSync(localBuilds)) return false;
  return fs.readdirSync(localBuilds).some((folder) => {
    const metadataFile = path.join(localBuilds, folder, 'Release', '_nlcBuildMetadata.json');
    if (!fs.existsSync(metadataFile)) return false;
    const { buildOptions } = JSON.parse(fs.readFileSync(metadataFile, 'utf8')) as { buildOptions: { gpu: unknown; customCmakeOptions: unknown } };
    return buildOptions.gpu === false && JSON.stringify(buildOptions.customCmakeOptions) === JSON.stringify(engineCmakeOptions);
  });
}
