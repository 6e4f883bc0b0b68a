/**
 * llama.cpp's own tools, the physical limit the benchmarks compare Enclave with: `llama-bench` and
 * `llama-server`, built with cmake from the very source node-llama-cpp bundles
 * (node_modules/node-llama-cpp/llama/gitRelease.bundle), offline, into .cache/llama.cpp/. Built once
 * per variant (about 7 minutes on 2 cores) and reused while the bundle and the flags are the same.
 *
 * Two variants, because neither is best everywhere on this kind of machine:
 * - `native` (-march=native): on a Xeon with AMX the fastest on Q4_0 weights, but it crashes on Q4_1
 *   and Q4_K (SIGSEGV in ggml_backend_amx_mul_mat);
 * - `portable`: the instruction sets /proc/cpuinfo names (AVX2, FMA, F16C, AVX-512 where present),
 *   no AMX: runs every type.
 * A benchmark compares with the fastest variant that runs its model, and says which it was.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type LlamaToolsVariant = 'native' | 'portable';

export interface LlamaTools {
  variant: LlamaToolsVariant;
  bench: string;
  server: string;
}

const repositoryRoot = path.resolve(import.meta.dirname, '../..');
const bundle = path.join(repositoryRoot, 'node_modules/node-llama-cpp/llama/gitRelease.bundle');
const cacheRoot = path.join(repositoryRoot, '.cache/llama.cpp');
const targets = ['llama-bench', 'llama-server'];

/** The instruction-set flags /proc/cpuinfo names (none where there is no /proc). */
function cpuFlags(): Set<string> {
  if (!fs.existsSync('/proc/cpuinfo')) return new Set();
  return new Set(fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1]?.trim().split(/\s+/));
}

/** The cmake flags of a variant: the instruction sets spelled out for the portable one. */
function variantFlags(variant: LlamaToolsVariant): string[] {
  if (variant === 'native') return ['-DGGML_NATIVE=ON'];
  const flags = cpuFlags();
  const wanted: Array<[string, string]> = [
    ['avx', 'GGML_AVX'],
    ['avx2', 'GGML_AVX2'],
    ['fma', 'GGML_FMA'],
    ['f16c', 'GGML_F16C'],
    ['bmi2', 'GGML_BMI2'],
    ['avx512f', 'GGML_AVX512'],
    ['avx512_vnni', 'GGML_AVX512_VNNI'],
    ['avx512_bf16', 'GGML_AVX512_BF16'],
  ];
  return ['-DGGML_NATIVE=OFF', ...wanted.filter(([flag]) => flags.has(flag)).map(([, option]) => `-D${option}=ON`)];
}

function configureFlags(variant: LlamaToolsVariant): string[] {
  return [
    '-DCMAKE_BUILD_TYPE=Release',
    '-DBUILD_SHARED_LIBS=OFF',
    '-DLLAMA_CURL=OFF',
    '-DLLAMA_OPENSSL=OFF',
    '-DLLAMA_BUILD_TESTS=OFF',
    '-DGGML_OPENMP=ON',
    ...variantFlags(variant),
  ];
}

/**
 * What a build depends on: the bundle's bytes, the flags and, for `native`, the CPU it targets (a
 * -march=native build from another machine can hold instructions this one lacks). A change builds again.
 */
function buildKey(variant: LlamaToolsVariant): string {
  const hash = createHash('sha256');
  hash.update(fs.readFileSync(bundle));
  hash.update(JSON.stringify(configureFlags(variant)));
  if (variant === 'native') hash.update(JSON.stringify([os.cpus()[0]?.model ?? '', [...cpuFlags()].sort()]));
  return hash.digest('hex').slice(0, 16);
}

/** Runs a build step with its output in `logFile` (a compiler's warnings run to megabytes); its tail on failure. */
function run(command: string, args: string[], logFile: string): void {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'a');
  try {
    const result = spawnSync(command, args, { stdio: ['ignore', log, log] });
    if (result.status === 0) return;
    const tail = fs.readFileSync(logFile, 'utf8').slice(-2000);
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}); the end of ${logFile}:\n${tail}`);
  } finally {
    fs.closeSync(log);
  }
}

/**
 * The bundle's source, checked out once into .cache/llama.cpp/src (offline: a clone of the bundle). The
 * chat template tests read its models/ folder (vocabularies and templates) too.
 */
export function ensureLlamaSource(): string {
  const source = path.join(cacheRoot, 'src');
  if (fs.existsSync(path.join(source, 'CMakeLists.txt'))) return source;
  if (!fs.existsSync(bundle)) throw new Error(`No llama.cpp source bundle at ${bundle}: run npm install first.`);
  fs.rmSync(source, { recursive: true, force: true });
  fs.mkdirSync(cacheRoot, { recursive: true });
  run('git', ['clone', '--quiet', bundle, source], path.join(cacheRoot, 'clone.log'));
  return source;
}

/** The tools of `variant`, built first if this bundle and these flags have not been built yet. */
export function ensureLlamaTools(variant: LlamaToolsVariant, log: (line: string) => void = () => {}): LlamaTools {
  const key = buildKey(variant);
  const buildDir = path.join(cacheRoot, `build-${variant}-${key}`);
  const tools: LlamaTools = {
    variant,
    bench: path.join(buildDir, 'bin', 'llama-bench'),
    server: path.join(buildDir, 'bin', 'llama-server'),
  };
  const marker = path.join(buildDir, '.built');
  if (fs.existsSync(marker) && fs.existsSync(tools.bench) && fs.existsSync(tools.server)) return tools;
  const source = ensureLlamaSource();
  log(`Building llama.cpp's ${targets.join(' and ')} (${variant}) from node-llama-cpp's bundled source into ${path.relative(repositoryRoot, buildDir)}: several minutes, once.`);
  const logFile = `${buildDir}.log`;
  run('cmake', ['-S', source, '-B', buildDir, ...configureFlags(variant)], logFile);
  run('cmake', ['--build', buildDir, '--config', 'Release', '-j', String(Math.max(1, os.availableParallelism())), '--target', ...targets], logFile);
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  return tools;
}

/** The llama.cpp commit the tools are built from (the bundle's HEAD), for the benchmark's report. */
export function llamaSourceCommit(): string {
  return execFileSync('git', ['-C', ensureLlamaSource(), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
}
