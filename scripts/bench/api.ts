/**
 * bench:api — the local OpenAI-compatible API server (electron/core/apiServer, docs/local-api.md):
 * 1. what it adds to a request, p50 and p95, against calling core directly on the same small work:
 *    `GET /v1/models` against `servedModels(registry)`, and a whole (unstreamed) one-token greedy chat
 *    completion on tiny-chat against `provider.streamChat` with the same request. The HTTP side goes
 *    through everything a client's request does (token check, route, fair gate, audit entry). Target:
 *    added p95 <= 5 ms;
 * 2. aggregate decode tokens/s with 1, 4 and 16 concurrent streaming clients on the benchmark-shape
 *    model (~1.1B parameters, Q4_0), against llama.cpp's own `llama-server` on the same model, threads
 *    and context per sequence, with the same clients. Target: ratio >= 0.9 at each level.
 *
 * Clients: part 1 uses plain `fetch` (Node's undici, which keeps connections alive), the lightest
 * client there is, so the added time is the server's; part 2 uses the `openai` SDK, as real clients do,
 * against both servers alike. Tokens are counted as each server's usage reports them.
 *
 * Knobs: BENCH_THREADS (2), BENCH_CONTEXT (context per sequence, 1024), BENCH_REQUESTS (latency requests
 * per side, 200), BENCH_TOKENS (tokens per streaming client, 32), BENCH_RUNS (rounds per concurrency
 * level, 1; 3 for steadier figures), BENCH_CONCURRENCY (levels, "1,4,16"; empty: part 1 only). A smoke run:
 *   BENCH_REQUESTS=20 BENCH_TOKENS=8 BENCH_RUNS=1 BENCH_CONCURRENCY=1,4 npm run bench:api
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { servedModels } from '../../electron/core/apiServer/servedModels.js';
import { type Enclave, startEnclave } from '../../electron/core/enclave.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import type { ProviderChatRequest } from '../../electron/core/llm/provider.js';
import type { LoadedPolicy } from '../../electron/core/policy/loadPolicy.js';
import { PolicyHolder } from '../../electron/core/policy/policyHolder.js';
import { policySchema } from '../../electron/shared/policy.js';
import { ensureTestModel } from '../generate-test-models.js';
import { startLlamaServer } from './llamaServer.js';
import { format, median, percentile } from './stats.js';

const threads = Number(process.env.BENCH_THREADS ?? 2);
const contextSize = Number(process.env.BENCH_CONTEXT ?? 1024);
const latencyRequests = Number(process.env.BENCH_REQUESTS ?? 200);
const maxTokens = Number(process.env.BENCH_TOKENS ?? 32);
/** One round by default: 16 clients served one at a time take minutes on two cores. */
const runs = Number(process.env.BENCH_RUNS ?? 1);
/** Empty (BENCH_CONCURRENCY=) measures the added latency only. */
const concurrencyLevels = (process.env.BENCH_CONCURRENCY ?? '1,4,16').split(',').filter((level) => level.trim() !== '').map(Number);
/** Requests on each side before measuring: the model loads, connections open, code paths warm up. */
const warmUpRequests = 5;
/** About 40 tokens; each request gets its own number first, so no server answers from a cached prompt. */
const prompt = 'Summarise the main obligations of both parties in a standard services agreement: payment terms, confidentiality, liability, termination, and how disputes are resolved.';

/** The policy in force: the API server enabled, at most `maxConcurrentRequests` requests running at once. */
function apiPolicy(maxConcurrentRequests: number): LoadedPolicy {
  const policy = policySchema.parse({ apiServer: { enabled: true, maxConcurrentRequests } });
  // The hash is what tells the holder the policy changed (policyHolder.ts).
  return { policy, source: { path: 'bench', origin: 'environment', status: 'loaded' }, sha256: `bench-${maxConcurrentRequests}` };
}

interface BenchCore {
  core: Enclave;
  policies: PolicyHolder;
  /** The API server's base URL and a client token. */
  baseUrl: string;
  token: string;
  /** Catalog id by model file, as the bench copied them. */
  modelIds: Map<string, string>;
  dispose(): Promise<void>;
}

async function startBenchCore(modelPaths: Record<string, string>): Promise<BenchCore> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-api-'));
  const modelsDir = path.join(root, 'models');
  fs.mkdirSync(modelsDir);
  for (const [name, modelPath] of Object.entries(modelPaths)) fs.symlinkSync(modelPath, path.join(modelsDir, `${name}.gguf`));
  // Also when a signal ends the run (llamaServer.ts exits at once): no copy of the data left behind.
  process.once('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const policies = new PolicyHolder(apiPolicy(Math.max(1, ...concurrencyLevels)));
  const core = await startEnclave({
    // Encrypted, as the app's database (and so its audit trail, written at every request) is by default.
    keySources: { newPassphrase: () => Promise.resolve('enclave benchmark passphrase') },
    dataDir: path.join(root, 'data'),
    bundledModelsDir: modelsDir,
    version: 'bench',
    services: { launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }) },
    inference: { threads, contextSize },
    policy: policies,
  });
  const dispose = async () => {
    await core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    const { models } = await core.handlers['models.list']({});
    const modelIds = new Map(models.map((model) => [path.basename(model.fileName, '.gguf'), model.id]));
    if (!core.apiServer) throw new Error(`core started without its API server: ${core.status.startupError?.message ?? 'no reason given'}`);
    const server = await core.apiServer.start({ port: 0 });
    const { token } = await core.handlers['apiServer.addToken']({ name: 'bench' });
    return { core, policies, baseUrl: server.url, token, modelIds, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

interface Latencies {
  direct: number[];
  http: number[];
}

/** Times `direct` and `http` alternately (so drift in the machine's load hits both alike), after a warm-up. */
async function timeAlternately(direct: () => Promise<unknown>, http: () => Promise<unknown>): Promise<Latencies> {
  const latencies: Latencies = { direct: [], http: [] };
  const timed = async (work: () => Promise<unknown>, into: number[]) => {
    const startedAt = performance.now();
    await work();
    into.push(performance.now() - startedAt);
  };
  for (let index = 0; index < warmUpRequests; index++) {
    await direct();
    await http();
  }
  for (let index = 0; index < latencyRequests; index++) {
    const directFirst = index % 2 === 0;
    await timed(directFirst ? direct : http, directFirst ? latencies.direct : latencies.http);
    await timed(directFirst ? http : direct, directFirst ? latencies.http : latencies.direct);
  }
  return latencies;
}

function printLatencies(label: string, { direct, http }: Latencies): void {
  const [directP50, directP95, httpP50, httpP95] = [percentile(direct, 50), percentile(direct, 95), percentile(http, 50), percentile(http, 95)];
  const addedP95 = httpP95 - directP95;
  console.log(`${label.padEnd(32)} direct p50 ${format(directP50).padStart(7)} p95 ${format(directP95).padStart(7)} ms   HTTP p50 ${format(httpP50).padStart(7)} p95 ${format(httpP95).padStart(7)} ms`);
  console.log(
    `${''.padEnd(32)} added  p50 ${format(httpP50 - directP50).padStart(7)} p95 ${format(addedP95).padStart(7)} ms   target p95 <= 5 ms   ${addedP95 <= 5 ? 'MET' : 'NOT MET'}`,
  );
}

/** Part 1: the server's own cost per request, on work small enough that it shows. */
async function benchAddedLatency(bench: BenchCore): Promise<void> {
  const { core, baseUrl, token } = bench;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const registry = core.registry;
  const modelId = bench.modelIds.get('tiny-chat');
  if (!registry || !modelId) throw new Error('the bench core has no catalog or no tiny-chat model');
  console.log(
    `\nAdded latency per request: HTTP minus direct, per percentile (${latencyRequests} requests per side, alternating, after ${warmUpRequests} warm-up;` +
      ' client: fetch, keep-alive; noise can make a difference negative)',
  );

  const models = await timeAlternately(
    () => servedModels(registry),
    async () => {
      const response = await fetch(`${baseUrl}/models`, { headers });
      if (!response.ok) throw new Error(`GET /v1/models answered ${response.status}`);
      return response.json();
    },
  );
  printLatencies('GET /v1/models', models);

  // One thread: a one-token reply on a tiny model is mostly the threads meeting at each step, and on a
  // shared two-core machine a second thread waiting for a busy core stretches the tail (p95) of both
  // sides by hundreds of ms, which would drown the few ms measured here.
  await core.handlers['models.updateSettings']({ modelId, settings: { threads: 1 } });
  const content = 'Say hello.';
  const direct: ProviderChatRequest = { model: await registry.resolveForLoad(modelId), turns: [{ role: 'user', content }], maxTokens: 1, temperature: 0, sampling: {} };
  const body = JSON.stringify({ model: modelId, messages: [{ role: 'user', content }], max_completion_tokens: 1, temperature: 0 });
  const chat = await timeAlternately(
    () => core.provider.streamChat(direct, { onText: () => undefined }, new AbortController().signal, 'api'),
    async () => {
      const response = await fetch(`${baseUrl}/chat/completions`, { method: 'POST', headers, body });
      if (!response.ok) throw new Error(`POST /v1/chat/completions answered ${response.status}: ${await response.text()}`);
      return response.json();
    },
  );
  printLatencies('chat completion, 1 token', chat);
}

/** One streaming client's request: the completion tokens its usage reports. */
async function streamCompletion(client: OpenAI, model: string, requestNumber: number): Promise<number> {
  const stream = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: `Request ${requestNumber}. ${prompt}` }],
    max_completion_tokens: maxTokens,
    temperature: 0,
    stream: true,
    stream_options: { include_usage: true },
  });
  let tokens = 0;
  for await (const chunk of stream) if (chunk.usage) tokens = chunk.usage.completion_tokens;
  if (tokens === 0) throw new Error('a stream ended with no usage or no tokens');
  return tokens;
}

let requestCounter = 0;

/** `concurrency` clients at once: total completion tokens over the wall time from first request to last finish. */
async function aggregateTokensPerSecond(client: OpenAI, model: string, concurrency: number): Promise<{ tokensPerSecond: number; tokens: number }> {
  const startedAt = performance.now();
  const counts = await Promise.all(Array.from({ length: concurrency }, () => streamCompletion(client, model, ++requestCounter)));
  const tokens = counts.reduce((sum, count) => sum + count, 0);
  return { tokensPerSecond: tokens / ((performance.now() - startedAt) / 1000), tokens };
}

/** Part 2: throughput under concurrent clients, Enclave against llama-server, level by level. */
async function benchConcurrency(bench: BenchCore, modelPath: string): Promise<void> {
  const modelId = bench.modelIds.get('bench-1b');
  if (!modelId) throw new Error('the bench core has no bench-1b model');
  const enclave = new OpenAI({ baseURL: bench.baseUrl, apiKey: bench.token, maxRetries: 0 });
  console.log(
    `\nAggregate decode tokens/s, concurrent streaming clients (${path.basename(modelPath)}, ${threads} threads, context ${contextSize} per sequence,` +
      ` ${maxTokens} tokens per client, temperature 0, median of ${runs} round(s); client: openai SDK)`,
  );
  for (const concurrency of concurrencyLevels) {
    bench.policies.replace(apiPolicy(concurrency));
    // With -np N, llama-server gives each slot -c / N of the context (its KV cache is split, not unified,
    // when the slot count is given; --no-kv-unified says so outright): -c N * context is `contextSize` each,
    // as Enclave's one sequence has. Everything else is llama-server's default (repacking, flash attention).
    const peer = await startLlamaServer(modelPath, ['-t', String(threads), '-c', String(concurrency * contextSize), '-np', String(concurrency), '--no-kv-unified', '--no-webui']);
    try {
      const llama = new OpenAI({ baseURL: peer.baseUrl, apiKey: 'none', maxRetries: 0 });
      await aggregateTokensPerSecond(enclave, modelId, 1);
      await aggregateTokensPerSecond(llama, 'bench-1b', 1);
      const enclaveRuns: number[] = [];
      const llamaRuns: number[] = [];
      let tokens = { enclave: 0, llama: 0 };
      for (let run = 0; run < runs; run++) {
        const mine = await aggregateTokensPerSecond(enclave, modelId, concurrency);
        const theirs = await aggregateTokensPerSecond(llama, 'bench-1b', concurrency);
        enclaveRuns.push(mine.tokensPerSecond);
        llamaRuns.push(theirs.tokensPerSecond);
        tokens = { enclave: mine.tokens, llama: theirs.tokens };
      }
      const ratio = median(enclaveRuns) / median(llamaRuns);
      console.log(
        `${String(concurrency).padStart(2)} client(s): Enclave ${format(median(enclaveRuns)).padStart(7)} tok/s (${tokens.enclave} tokens)   llama-server (${peer.variant}) ${format(median(llamaRuns)).padStart(7)} tok/s (${tokens.llama} tokens)` +
          `   ratio ${format(ratio, 3)}   target >= 0.9   ${ratio >= 0.9 ? 'MET' : 'NOT MET'}`,
      );
    } finally {
      await peer.stop();
    }
  }
}

async function main(): Promise<void> {
  console.log('Generating/locating the test models (the first run of bench-1b writes ~600 MB)...');
  const modelPaths = { 'tiny-chat': await ensureTestModel('tiny-chat'), 'bench-1b': await ensureTestModel('bench-1b') };
  console.log(`bench:api  threads=${threads}  context=${contextSize}  requests=${latencyRequests}  tokens=${maxTokens}  runs=${runs}  clients=${concurrencyLevels.join(',')}`);
  // This machine is shared: the load says how far to trust the figures.
  console.log(`load average at start: ${os.loadavg().map((load) => format(load)).join(' ')} on ${os.availableParallelism()} cores`);
  const bench = await startBenchCore(modelPaths);
  try {
    await benchAddedLatency(bench);
    if (concurrencyLevels.length > 0) await benchConcurrency(bench, modelPaths['bench-1b']);
    console.log(`load average at end: ${os.loadavg().map((load) => format(load)).join(' ')}`);
  } finally {
    await bench.dispose();
  }
}

await main();
