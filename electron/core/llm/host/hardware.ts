import fs from 'node:fs/promises';
import os from 'node:os';
import type { Llama } from 'node-llama-cpp';
import type { HardwareInfo } from '../../../shared/domain.js';
import { engineBinaryOf } from './engineBuild.js';

/** What this machine offers llama.cpp: CPU, RAM, and the GPU backend the host actually runs. */
export async function readHardware(llama: Llama): Promise<HardwareInfo> {
  const vram = llama.gpu === false ? { total: 0, free: 0 } : await llama.getVramState();
  return {
    cpu: {
      model: os.cpus()[0]?.model.trim() ?? 'unknown',
      architecture: process.arch,
      logicalCores: os.availableParallelism(),
      mathCores: llama.cpuMathCores,
      instructionSets: await readInstructionSets(),
    },
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
    gpu: {
      backend: llama.gpu === false ? null : llama.gpu,
      devices: llama.gpu === false ? [] : await llama.getGpuDeviceNames(),
      vramTotalBytes: vram.total,
      vramFreeBytes: vram.free,
    },
    os: { platform: process.platform, release: os.release() },
    engine: engineBinaryOf(llama.buildType),
  };
}

/** The CPU features llama.cpp's kernels care about, named as people search for them. */
const x86Features: Array<[flag: string, name: string]> = [
  ['sse4_2', 'SSE4.2'],
  ['avx', 'AVX'],
  ['avx2', 'AVX2'],
  ['fma', 'FMA'],
  ['f16c', 'F16C'],
  ['avx_vnni', 'AVX-VNNI'],
  ['avx512f', 'AVX512F'],
  ['avx512_vnni', 'AVX512-VNNI'],
  ['avx512_bf16', 'AVX512-BF16'],
  ['amx_tile', 'AMX'],
];
const armFeatures: Array<[flag: string, name: string]> = [
  ['asimd', 'NEON'],
  ['asimddp', 'DOTPROD'],
  ['i8mm', 'I8MM'],
  ['sve', 'SVE'],
  ['sve2', 'SVE2'],
];

/**
 * Linux lists the features in /proc/cpuinfo. Elsewhere only what the architecture guarantees is
 * reported: every arm64 CPU has NEON, every x86-64 CPU has SSE2.
 */
export async function readInstructionSets(): Promise<string[]> {
  if (process.platform === 'linux') {
    const cpuinfo = await fs.readFile('/proc/cpuinfo', 'utf8').catch(() => '');
    const listed = parseCpuFlags(cpuinfo);
    if (listed.size > 0) {
      const known = process.arch === 'arm64' ? armFeatures : x86Features;
      return known.filter(([flag]) => listed.has(flag)).map(([, name]) => name);
    }
  }
  if (process.arch === 'arm64') return ['NEON'];
  if (process.arch === 'x64') return ['SSE2'];
  return [];
}

/** The first `flags` (x86) or `Features` (arm) line: every core lists the same set. */
export function parseCpuFlags(cpuinfo: string): Set<string> {
  const line = cpuinfo.split('\n').find((entry) => /^(flags|Features)\s*:/.test(entry));
  return new Set(line?.slice(line.indexOf(':') + 1).trim().split(/\s+/) ?? []);
}
