/**
 * npm run engine:build — Enclave's llama.cpp build for this CPU (electron/core/llm/host/engineBuild.ts):
 * applies patches/node-llama-cpp-persistent-threadpool.patch to node-llama-cpp's addon, compiles the
 * llama.cpp source node-llama-cpp bundles (llama/gitRelease.bundle: offline, nothing downloaded) with
 * cmake and the machine's C++ compiler, and takes the patch back out, so node_modules is left as npm
 * installed it apart from the new local build. Several minutes on 2 cores; the app, the CLI and the
 * benchmarks use the build from then on, and the prebuilt binaries wherever it is absent.
 * `npm run engine:build -- --check` says whether the build is there and loads, and builds nothing.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { getLlama } from 'node-llama-cpp';
import { engineBinaryOf, engineCmakeOptions } from '../../electron/core/llm/host/engineBuild.js';

const repositoryRoot = path.resolve(import.meta.dirname, '../..');
const packageDir = path.join(repositoryRoot, 'node_modules/node-llama-cpp');
const patchFile = path.join(repositoryRoot, 'patches/node-llama-cpp-persistent-threadpool.patch');

function fail(message: string): never {
  console.error(`engine:build: ${message}`);
  process.exit(1);
}

function requireTool(command: string, args: string[], what: string): void {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  if (result.error || result.status !== 0) fail(`${what} is missing: install ${command} (e.g. apt-get install cmake g++), then run again.`);
}

function patch(direction: 'apply' | 'revert'): void {
  const args = ['-p1', '--forward', '--silent', '-d', packageDir, '-i', patchFile, ...(direction === 'revert' ? ['--reverse'] : [])];
  const result = spawnSync('patch', args, { encoding: 'utf8' });
  if (result.status !== 0) fail(`could not ${direction} ${path.relative(repositoryRoot, patchFile)}: ${(result.stdout + result.stderr).trim().split('\n')[0]}`);
}

async function engineInUse(): Promise<string> {
  const llama = await getLlama({ gpu: false, build: 'never', cmakeOptions: { ...engineCmakeOptions }, skipDownload: true });
  const binary = engineBinaryOf(llama.buildType);
  await llama.dispose();
  return binary;
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const binary = await engineInUse();
    console.log(binary === 'enclave-build' ? 'Enclave engine build: present, loads.' : 'Enclave engine build: absent; the prebuilt binaries are in use.');
    process.exit(binary === 'enclave-build' ? 0 : 1);
  }
  requireTool('cmake', ['--version'], 'cmake');
  requireTool('c++', ['--version'], 'A C++ compiler');
  requireTool('patch', ['--version'], 'patch');
  const cmakeEnvironment = Object.fromEntries(Object.entries(engineCmakeOptions).map(([name, value]) => [`NODE_LLAMA_CPP_CMAKE_OPTION_${name}`, value]));
  patch('apply');
  let build;
  try {
    console.log('engine:build: compiling llama.cpp from node-llama-cpp\'s bundled source with the threadpool patch (several minutes)...');
    build = spawnSync(process.execPath, [path.join(packageDir, 'dist/cli/cli.js'), 'source', 'download', '--gpu', 'false', '--noUsageExample'], {
      cwd: repositoryRoot,
      env: { ...process.env, ...cmakeEnvironment },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  } finally {
    patch('revert');
  }
  if (build.status !== 0) fail(`the build failed (exit ${String(build.status)}); the prebuilt binaries stay in use.`);
  const binary = await engineInUse();
  if (binary !== 'enclave-build') fail('the build finished but does not load; the prebuilt binaries stay in use.');
  console.log('engine:build: done. Enclave now runs its own llama.cpp build on this machine (`npm run bench:chat` compares it).');
}

await main();
