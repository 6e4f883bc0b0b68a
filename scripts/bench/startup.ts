/**
 * bench:startup — how long the `enclave` command and the model host take to start, against bare Node
 * and a bare node-llama-cpp load in the same run (runs alternate, so drift in machine load hits all
 * sides alike):
 * - CLI commands, spawn to exit, each over a bare `node -e 0` and over `node --import tsx -e 0` (the
 *   source checkout's `npm run cli` runs under tsx; the installed app runs the built bundle instead);
 * - the model host on the tiny-chat model: spawn to `ready`, then `load` to loaded, then the first
 *   token, against one plain Node process doing the same with node-llama-cpp directly.
 * Medians of BENCH_RUNS runs (default 7); threads are always explicit (BENCH_THREADS, default 2).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTestModel } from '../generate-test-models.js';
import { format, median } from './stats.js';
import { measureBareModelStart, measureHostStart, type ModelStartTiming, nodeLlamaCppUrl } from './startupModel.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);
const threads = Number(process.env.BENCH_THREADS ?? 2);
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

interface ProcessCase {
  label: string;
  args: string[];
}

const bareNode: ProcessCase = { label: 'node -e 0', args: ['-e', '0'] };
const bareTsx: ProcessCase = { label: 'node --import tsx -e 0', args: ['--import', 'tsx', '-e', '0'] };
const cliCases: ProcessCase[] = [
  cli('--version'),
  cli('chats', 'list'),
  // An empty library: the command opens the database and answers without a model.
  cli('search-docs', 'termination notice'),
];

/**
 * Bare node-llama-cpp starts run from script files, not `-e` or standard input: node-llama-cpp forks
 * its binding test with this process's execArgv, and an inherited `-e` or `--input-type` breaks it.
 */
function bareLlamaCases(scriptsDir: string): ProcessCase[] {
  return [
    bareScript(scriptsDir, "node: import('node-llama-cpp')", 'import-only.mjs', 'await import(library);'),
    bareScript(
      scriptsDir,
      'node: import + getLlama (cpu)',
      'get-llama.mjs',
      "const { getLlama } = await import(library); const llama = await getLlama({ gpu: false, build: 'never' }); await llama.dispose();",
    ),
  ];
}

function bareScript(scriptsDir: string, label: string, fileName: string, body: string): ProcessCase {
  const file = path.join(scriptsDir, fileName);
  fs.writeFileSync(file, `const library = ${JSON.stringify(nodeLlamaCppUrl)};\n${body}\n`);
  return { label, args: [file] };
}

function cli(...args: string[]): ProcessCase {
  return { label: `enclave ${args.join(' ')}`, args: ['--import', 'tsx', 'electron/cli/index.ts', ...args] };
}

/** Spawn to exit, in ms; a command that fails stops the benchmark rather than timing an error. */
function timeProcess(entry: ProcessCase, env: NodeJS.ProcessEnv): number {
  const startedAt = performance.now();
  const result = spawnSync(process.execPath, entry.args, { cwd: repositoryRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - startedAt;
  if (result.status !== 0) throw new Error(`${entry.label} exited with ${String(result.status)}: ${result.stderr.toString()}`);
  return elapsed;
}

function printProcessMedians(cases: ProcessCase[], times: Map<string, number[]>): void {
  const bare = median(times.get(bareNode.label) ?? []);
  const bareWithTsx = median(times.get(bareTsx.label) ?? []);
  console.log(`${'command'.padEnd(40)} ${'median ms'.padStart(10)}  ${'/ node'.padStart(7)}  ${'/ node+tsx'.padStart(10)}`);
  for (const entry of cases) {
    const value = median(times.get(entry.label) ?? []);
    console.log(
      `${entry.label.padEnd(40)} ${format(value, 0).padStart(10)}  ${format(value / bare).padStart(7)}  ${format(value / bareWithTsx).padStart(10)}`,
    );
  }
}

function printModelMedians(host: ModelStartTiming[], bare: ModelStartTiming[]): void {
  const phases = ['readyMs', 'loadedMs', 'firstTokenMs'] as const;
  const names = { readyMs: 'spawn -> ready (imports)', loadedMs: 'ready -> loaded (getLlama+load)', firstTokenMs: 'loaded -> first token' };
  console.log(`${'model start, tiny-chat'.padEnd(40)} ${'host ms'.padStart(10)}  ${'bare ms'.padStart(8)}  ${'host/bare'.padStart(9)}`);
  for (const phase of phases) {
    const hostValue = median(host.map((timing) => timing[phase]));
    const bareValue = median(bare.map((timing) => timing[phase]));
    console.log(`${names[phase].padEnd(40)} ${format(hostValue, 0).padStart(10)}  ${format(bareValue, 0).padStart(8)}  ${format(hostValue / bareValue).padStart(9)}`);
  }
  const hostTotal = median(host.map(total));
  const bareTotal = median(bare.map(total));
  console.log(`${'spawn -> first token'.padEnd(40)} ${format(hostTotal, 0).padStart(10)}  ${format(bareTotal, 0).padStart(8)}  ${format(hostTotal / bareTotal).padStart(9)}`);
}

function total(timing: ModelStartTiming): number {
  return timing.readyMs + timing.loadedMs + timing.firstTokenMs;
}

async function main(): Promise<void> {
  const modelPath = await ensureTestModel('tiny-chat');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-startup-'));
  const scriptsDir = path.join(root, 'scripts');
  fs.mkdirSync(scriptsDir);
  // The CLI's own environment in tests: its data folder, explicit threads, no GPU.
  const env = { ...process.env, ENCLAVE_DATA_DIR: path.join(root, 'data'), ENCLAVE_THREADS: String(threads), ENCLAVE_GPU: 'off' };
  console.log(`bench:startup  runs=${runs}  threads=${threads}  node ${process.version}  cpus=${os.cpus().length}`);
  const processCases = [bareNode, bareTsx, ...cliCases, ...bareLlamaCases(scriptsDir)];
  const times = new Map<string, number[]>(processCases.map((entry) => [entry.label, []]));
  const host: ModelStartTiming[] = [];
  const bare: ModelStartTiming[] = [];
  try {
    // The first CLI run creates the database: do it outside the timings.
    timeProcess(cliCases[1] ?? bareNode, env);
    for (let run = 0; run < runs; run++) {
      for (const entry of processCases) times.get(entry.label)?.push(timeProcess(entry, env));
      host.push(await measureHostStart(modelPath, threads));
      bare.push(measureBareModelStart(modelPath, threads, scriptsDir));
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  printProcessMedians(processCases, times);
  console.log('');
  printModelMedians(host, bare);
}

await main();
