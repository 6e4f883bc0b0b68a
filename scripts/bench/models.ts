/**
 * bench:models — model import and model load, against the plain tools, in the same run.
 *
 * 1. Import throughput on the benchmark-shape model (~620 MB): the registry's import in copy mode
 *    (validate, hash while copying, register) against `sha256sum` then `cp`, and in link mode (hash
 *    only) against `sha256sum`. Target: both ratios >= 0.8. `openssl dgst -sha256` (the SHA-256 Node's
 *    crypto runs) is printed too, as the honest speed limit of hashing on this machine. The file is read once first so every side
 *    reads it from the page cache; each side's copy is flushed (`sync`, untimed) and deleted before the next.
 * 2. Load to first token: a fresh core sending a one-token chat (database, model-host process start,
 *    fit estimate, load, context, prompt) against bare node-llama-cpp (getLlama, loadModel,
 *    createContext, prompt) in a fresh plain-Node process, same threads, context and prompt tokens.
 *    Target: app / bare <= 1.1.
 *
 *    The target is stated for the host as shipped, bundled JavaScript (`npm run build` writes
 *    out/main/modelHost.js; a missing or stale build is reported, not measured); the development host,
 *    TypeScript through the tsx loader, is printed too.
 *
 * Sides alternate round by round so drift in machine load hits both; medians are printed.
 * Environment: BENCH_RUNS (import rounds, default 3), BENCH_LOAD_RUNS (load rounds, 5),
 * BENCH_THREADS (2), BENCH_CONTEXT (2048).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Enclave, startEnclave } from '../../electron/core/enclave.js';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import { engineCmakeOptions } from '../../electron/core/llm/host/engineBuild.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import { ensureTestModel } from '../generate-test-models.js';
import { format, median } from './stats.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const loadRuns = Number(process.env.BENCH_LOAD_RUNS ?? 5);
const threads = Number(process.env.BENCH_THREADS ?? 2);
const contextSize = Number(process.env.BENCH_CONTEXT ?? 2048);
const prompt = 'Say hello.';
const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Wall time of `body` in seconds. */
async function seconds(body: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await body();
  return (performance.now() - startedAt) / 1000;
}

/** The model host as built by `npm run build`: bundled JavaScript, what the packaged app runs. */
const builtHostEntry = path.join(repositoryRoot, 'out', 'main', 'modelHost.js');

/** `hostEntry`: a built host; without it, the TypeScript source through tsx (the development path). */
async function freshCore(dataDir: string, hostEntry?: string): Promise<Enclave> {
  return await startEnclave({
    // Encrypted, as the app's database is by default.
    keySources: { newPassphrase: () => Promise.resolve('enclave benchmark passphrase') },
    dataDir,
    version: 'bench',
    services: { launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' }, ...(hostEntry ? { entry: hostEntry } : {}) }) },
    inference: { threads, contextSize, gpuLayers: 0 },
    generation: { maxTokens: 1, temperature: 0 },
  });
}

/** Times one registry import into a fresh data directory; the directory is removed afterwards. */
async function timeImport(modelPath: string, mode: 'copy' | 'link'): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-import-'));
  const core = await freshCore(dataDir);
  try {
    const registry = core.registry;
    if (!registry) throw new Error(`core did not start: ${core.status.startupError?.message}`);
    let result: Awaited<ReturnType<typeof registry.importPaths>> | undefined;
    const elapsed = await seconds(async () => (result = await registry.importPaths([modelPath], mode)));
    if (result?.imported.length !== 1) throw new Error(`import failed: ${JSON.stringify(result?.failed)}`);
    await run('sync');
    return elapsed;
  } finally {
    await core.dispose();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timeSha256sum(modelPath: string): Promise<number> {
  return seconds(() => run('sha256sum', [modelPath]));
}

/** OpenSSL's SHA-256 (what Node's crypto uses): the speed limit of hashing here, printed for reference. */
async function timeOpenssl(modelPath: string): Promise<number> {
  return seconds(() => run('openssl', ['dgst', '-sha256', modelPath]));
}

async function timeCp(modelPath: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-cp-'));
  try {
    const elapsed = await seconds(() => run('cp', [modelPath, dir]));
    await run('sync');
    return elapsed;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function benchImport(modelPath: string): Promise<void> {
  const megabytes = fs.statSync(modelPath).size / 1e6;
  await run('sha256sum', [modelPath]); // into the page cache, for every side alike
  const times = { sha256sum: [] as number[], cp: [] as number[], openssl: [] as number[], copy: [] as number[], link: [] as number[] };
  for (let round = 0; round < runs; round++) {
    // Alternate which family goes first, so neither always meets the other's writeback.
    const plain = async () => {
      times.sha256sum.push(await timeSha256sum(modelPath));
      times.cp.push(await timeCp(modelPath));
      times.openssl.push(await timeOpenssl(modelPath));
    };
    const enclave = async () => {
      times.copy.push(await timeImport(modelPath, 'copy'));
      times.link.push(await timeImport(modelPath, 'link'));
    };
    if (round % 2 === 0) {
      await plain();
      await enclave();
    } else {
      await enclave();
      await plain();
    }
  }
  const rate = (values: number[]) => megabytes / median(values);
  const shaThenCp = megabytes / (median(times.sha256sum) + median(times.cp));
  const line = (label: string, mbPerSecond: number, values: number[]) =>
    console.log(`  ${label.padEnd(34)} ${format(mbPerSecond, 0).padStart(6)} MB/s   median ${format(median(values), 3)} s of [${values.map((value) => format(value, 3)).join(', ')}]`);
  console.log(`Import throughput: ${format(megabytes, 0)} MB, ${runs} rounds, page cache warm`);
  line('sha256sum', rate(times.sha256sum), times.sha256sum);
  line('cp', rate(times.cp), times.cp);
  console.log(`  ${'sha256sum then cp'.padEnd(34)} ${format(shaThenCp, 0).padStart(6)} MB/s`);
  line('openssl dgst -sha256 (reference)', rate(times.openssl), times.openssl);
  line('enclave import, copy mode', rate(times.copy), times.copy);
  line('enclave import, link mode (hash)', rate(times.link), times.link);
  verdict('copy ratio (enclave copy / sha256sum+cp)', rate(times.copy) / shaThenCp, '>=', 0.8);
  verdict('link ratio (enclave link / sha256sum)', rate(times.link) / rate(times.sha256sum), '>=', 0.8);
  console.log(`  ${'for reference: enclave link / openssl'.padEnd(42)} ${format(rate(times.link) / rate(times.openssl), 3)}`);
}

/**
 * The app's path to a first token: a fresh core (database, registry), then `chats.send` through the
 * IPC dispatcher, which starts the model host, estimates the fit, loads and generates.
 */
async function timeAppFirstToken(dataDir: string, modelId: string, hostEntry?: string): Promise<number> {
  const startedAt = performance.now();
  const core = await freshCore(dataDir, hostEntry);
  try {
    let onEvent: (event: unknown) => void = () => undefined;
    const firstToken = new Promise<number>((resolve, reject) => {
      onEvent = (event) => {
        const reply = event as ReplyEvent;
        if (reply.type === 'text') resolve(performance.now());
        if (reply.type === 'end' && reply.message.status !== 'complete') reject(new Error(reply.message.error?.message ?? reply.message.status));
      };
    });
    const chat = await dispatchRequest(core.handlers, 'chats.create', {});
    if (!chat.ok) throw new Error(chat.error.message);
    const chatId = (chat.value as { id: string }).id;
    const sent = await dispatchRequest(core.handlers, 'chats.send', { chatId, modelId, content: prompt }, onEvent);
    if (!sent.ok) throw new Error(sent.error.message);
    return (await firstToken) - startedAt;
  } finally {
    await core.dispose();
  }
}

/**
 * Bare node-llama-cpp in a fresh plain-Node process (no loader, as the built host runs), timed inside
 * it from importing node-llama-cpp to the first token. Same prompt tokens as the app: a chat with an
 * empty history (no default system prompt).
 */
const bareFirstTokenProgram = `
const [engineUrl, modelPath, contextSize, threads, prompt] = JSON.parse(process.argv[2]);
const startedAt = performance.now();
const { getLlama, LlamaChatSession } = await import(engineUrl);
const llama = await getLlama({ gpu: false, build: 'never', cmakeOptions: ${JSON.stringify(engineCmakeOptions)} });
const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
const context = await model.createContext({ contextSize, threads });
const session = new LlamaChatSession({ contextSequence: context.getSequence() });
session.setChatHistory([]);
let firstTokenAt;
await session.prompt(prompt, { maxTokens: 1, temperature: 0, onTextChunk: () => (firstTokenAt ??= performance.now()) });
console.log('first-token-ms ' + (firstTokenAt - startedAt));
await context.dispose();
await model.dispose();
await llama.dispose();
`;

async function timeBareFirstToken(modelPath: string): Promise<number> {
  // A file, not --eval: node-llama-cpp tests its binary in a child started with this process's arguments.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-bare-'));
  const program = path.join(dir, 'first-token.mjs');
  fs.writeFileSync(program, bareFirstTokenProgram);
  const parameters = JSON.stringify([import.meta.resolve('node-llama-cpp'), modelPath, contextSize, threads, prompt]);
  const { stdout } = await run(process.execPath, [program, parameters]).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  const milliseconds = Number(/^first-token-ms (\S+)$/m.exec(stdout)?.[1]);
  if (!Number.isFinite(milliseconds)) throw new Error(`bare run printed no time: ${stdout}`);
  return milliseconds;
}

async function benchFirstToken(modelPath: string): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-load-'));
  try {
    // Registered once (linked, hashed outside the timing); each round opens a fresh core over it.
    const setup = await freshCore(dataDir);
    const registry = setup.registry;
    if (!registry) throw new Error(`core did not start: ${setup.status.startupError?.message}`);
    const imported = await registry.importPaths([modelPath], 'link');
    const modelId = imported.imported[0]?.id;
    if (!modelId) throw new Error(`import failed: ${JSON.stringify(imported.failed)}`);
    registry.updateSettings(modelId, { contextSize, threads, gpuLayers: 0 });
    await setup.dispose();

    const built = builtHostProblem() === null ? builtHostEntry : undefined;
    // One discarded round each warms the page cache and the tsx cache.
    await timeBareFirstToken(modelPath);
    await timeAppFirstToken(dataDir, modelId);
    if (built) await timeAppFirstToken(dataDir, modelId, built);
    const times = { bare: [] as number[], dev: [] as number[], built: [] as number[] };
    for (let round = 0; round < loadRuns; round++) {
      times.bare.push(await timeBareFirstToken(modelPath));
      if (built) times.built.push(await timeAppFirstToken(dataDir, modelId, built));
      times.dev.push(await timeAppFirstToken(dataDir, modelId));
    }
    const line = (label: string, values: number[]) =>
      console.log(`  ${label.padEnd(44)} ${format(median(values), 0).padStart(6)} ms   [${values.map((value) => format(value, 0)).join(', ')}]`);
    console.log(`Load to first token: threads ${threads}, context ${contextSize}, CPU, ${loadRuns} rounds (+1 warm-up each)`);
    line('bare node-llama-cpp (fresh process)', times.bare);
    if (built) line('enclave, built host (out/main/modelHost.js)', times.built);
    line('enclave, dev host (TypeScript through tsx)', times.dev);
    if (built) verdict('ratio (enclave built host / bare)', median(times.built) / median(times.bare), '<=', 1.1);
    else console.log(`  no built host to measure the shipped path: ${builtHostProblem()}`);
    console.log(`  ${'for reference: enclave dev host / bare'.padEnd(42)} ${format(median(times.dev) / median(times.bare), 3)}`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Why `out/main/modelHost.js` cannot stand for the shipped host (missing, or older than its sources), or null. */
function builtHostProblem(): string | null {
  const built = fs.statSync(builtHostEntry, { throwIfNoEntry: false });
  if (!built) return 'out/main/modelHost.js does not exist; run "npm run build" first';
  const sources = [path.join(repositoryRoot, 'electron', 'core'), path.join(repositoryRoot, 'electron', 'shared')];
  const newest = Math.max(
    ...sources.flatMap((folder) =>
      fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((file) => fs.statSync(path.join(folder, file)).mtimeMs),
    ),
  );
  return newest > built.mtimeMs ? 'out/main/modelHost.js is older than electron/core; run "npm run build" first' : null;
}

function verdict(label: string, ratio: number, direction: '>=' | '<=', target: number): void {
  const met = direction === '>=' ? ratio >= target : ratio <= target;
  console.log(`  ${label.padEnd(42)} ${format(ratio, 3)}   target ${direction} ${target}   ${met ? 'MET' : 'NOT MET'}`);
}

async function main(): Promise<void> {
  console.log('Generating/locating the benchmark-shape model (first run writes ~600 MB)...');
  const modelPath = await ensureTestModel('bench-1b');
  console.log(`bench:models  model=${path.basename(modelPath)}  cpus=${os.availableParallelism()}  load average ${os.loadavg().map((value) => value.toFixed(1)).join(' ')}`);
  await benchImport(modelPath);
  await benchFirstToken(modelPath);
}

await main();
