/**
 * bench:chat — the app's full chat path (IPC contract dispatch, model-host process, database writes)
 * on the benchmark-shape model (~1.1B parameters, Q4_0), same threads, context and prompt, in the
 * same run, against two peers:
 * - the physical limit: llama.cpp's own `llama-bench`, built from the source node-llama-cpp bundles
 *   (llamaTools.ts), for decode (tg), prompt processing (pp512) and the time to a first token after a
 *   1,000-token prompt (pp1000 plus one decoded token). Targets: decode and pp512 >= 0.9 of it;
 * - a bare node-llama-cpp generation loop in-process, which isolates the app's own cost (IPC, host
 *   process, database): tokens/s ratio >= 0.97, time-to-first-token overhead <= 30 ms.
 * Then the same decode comparison on a real chat model with its own template, SmolLM2-135M-Instruct
 * (`npm run models:fetch`; skipped with a note when absent), where a small model makes the app's
 * per-token cost show most. `BENCH_CHAT_MODELS=smollm2` (or `bench-1b`) runs one part only;
 * `BENCH_SKIP_LLAMA_BENCH=1` leaves llama-bench out of the SmolLM2 part (it is built from source once, several minutes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LlamaChatSession } from 'node-llama-cpp';
import { startEnclave } from '../../electron/core/enclave.js';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import { ensureTestModel } from '../generate-test-models.js';
import { realModelsDir } from '../models/fetch.js';
import { benchLlama, engineLabel } from './benchLlama.js';
import { type LlamaBenchFigures, llamaBenchFigures } from './llamaBench.js';
import { longPrompts, type PromptTiming, promptTiming } from './longPrompts.js';
import { format, median, type StreamTiming, streamTiming } from './stats.js';

const threads = Number(process.env.BENCH_THREADS ?? 2);
const contextSize = Number(process.env.BENCH_CONTEXT ?? 2048);
const maxTokens = Number(process.env.BENCH_TOKENS ?? 64);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const promptRuns = Number(process.env.BENCH_PROMPT_RUNS ?? 3);
const prompt = 'Summarise the main obligations of both parties in a standard services agreement.';
const models = process.env.BENCH_CHAT_MODELS ?? 'bench-1b,smollm2';
const skipLlamaBench = process.env.BENCH_SKIP_LLAMA_BENCH === '1';
/** The prompt lengths, in tokens as the model counts them, whose first-token times are compared with llama-bench's. */
const promptLengths = [512, 1000] as const;

async function benchBare(modelPath: string): Promise<StreamTiming[]> {
  const llama = await benchLlama();
  console.log(`llama.cpp binary (app and bare loop): ${engineLabel(llama)}`);
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize, threads });
  const sequence = context.getSequence();
  const timings: StreamTiming[] = [];
  // The first generation after a load is slower (warm-up): run it, then discard it.
  for (let run = 0; run <= runs; run++) {
    const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    const tokenTimes: number[] = [];
    let tokens = 0;
    const startedAt = performance.now();
    await session.prompt(prompt, {
      maxTokens,
      temperature: 0,
      onToken: (chunk) => (tokens += chunk.length),
      onTextChunk: () => tokenTimes.push(performance.now()),
    });
    session.dispose({ disposeSequence: false });
    if (run > 0) timings.push(streamTiming(startedAt, tokenTimes, tokens));
  }
  await context.dispose();
  await model.dispose();
  await llama.dispose();
  return timings;
}

interface AppTimings {
  decode: StreamTiming[];
  /** By prompt length in tokens: each long prompt's time to the first token. */
  prompts: Map<number, PromptTiming[]>;
}

async function benchApp(modelPath: string, prompts: ReadonlyMap<number, readonly string[]>): Promise<AppTimings> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-'));
  const modelsDir = path.join(root, 'models');
  fs.mkdirSync(modelsDir);
  fs.symlinkSync(modelPath, path.join(modelsDir, path.basename(modelPath)));
  const core = await startEnclave({
    // Encrypted, as the app's database is by default.
    keySources: { newPassphrase: () => Promise.resolve('enclave benchmark passphrase') },
    dataDir: path.join(root, 'data'),
    bundledModelsDir: modelsDir,
    version: 'bench',
    services: { launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }) },
    inference: { threads, contextSize },
    generation: { maxTokens, temperature: 0 },
  });
  const { models } = await core.handlers['models.list']({});
  const model = models[0];
  if (!model) throw new Error('benchmark model not found in the catalog');
  /** One message in a new chat (nothing cached from an earlier one): its reply's token times. */
  async function send(content: string) {
    if (!model) throw new Error('benchmark model not found in the catalog');
    const chat = await core.handlers['chats.create']({});
    const tokenTimes: number[] = [];
    let ended: (event: Extract<ReplyEvent, { type: 'end' }>) => void = () => undefined;
    const finished = new Promise<Extract<ReplyEvent, { type: 'end' }>>((resolve) => (ended = resolve));
    const onEvent = (event: unknown) => {
      const reply = event as ReplyEvent;
      if (reply.type === 'text') tokenTimes.push(performance.now());
      if (reply.type === 'end') ended(reply);
    };
    const startedAt = performance.now();
    const sent = await dispatchRequest(core.handlers, 'chats.send', { chatId: chat.id, modelId: model.id, content }, onEvent);
    if (!sent.ok) throw new Error(sent.error.message);
    const { message } = await finished;
    if (message.status !== 'complete') throw new Error('generation failed');
    return { startedAt, tokenTimes, message };
  }

  const timings: AppTimings = { decode: [], prompts: new Map() };
  try {
    for (let run = 0; run <= runs; run++) {
      const { startedAt, tokenTimes, message } = await send(prompt);
      if (run > 0) timings.decode.push(streamTiming(startedAt, tokenTimes, message.tokensOut ?? 0));
    }
    for (const [length, contents] of prompts) {
      const runsOfLength: PromptTiming[] = [];
      for (const content of contents) {
        const { startedAt, tokenTimes, message } = await send(content);
        runsOfLength.push(promptTiming(startedAt, tokenTimes, message.tokensIn ?? 0));
      }
      timings.prompts.set(length, runsOfLength);
    }
  } finally {
    await core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
  return timings;
}

function summarise(label: string, timings: StreamTiming[]) {
  const tps = median(timings.map((timing) => timing.tokensPerSecond));
  const ttft = median(timings.map((timing) => timing.timeToFirstTokenMs));
  const tokens = median(timings.map((timing) => timing.tokens));
  console.log(`${label.padEnd(34)} ${format(tps).padStart(8)} tok/s   TTFT ${format(ttft, 1).padStart(8)} ms   ${tokens} tokens`);
  return { tps, ttft };
}

/** Enclave against llama-bench: decode, prompt processing, and the first token after each long prompt. */
function compareWithLlamaBench(reference: LlamaBenchFigures, appDecode: number, prompts: Map<number, PromptTiming[]>): void {
  console.log(
    `llama-bench (${reference.variant} build, llama.cpp ${reference.commit})  tg${maxTokens} ${format(reference.decodeTokensPerSecond)} tok/s` +
      Array.from(reference.promptTokensPerSecond, ([length, rate]) => `   pp${length} ${format(rate)} tok/s`).join(''),
  );
  const decodeRatio = appDecode / reference.decodeTokensPerSecond;
  console.log(`decode ratio (Enclave / llama-bench):           ${format(decodeRatio, 3)}   target >= 0.9   ${decodeRatio >= 0.9 ? 'MET' : 'NOT MET'}`);
  for (const [length, runsOfLength] of prompts) {
    const benchRate = reference.promptTokensPerSecond.get(length) ?? Number.NaN;
    const tokens = median(runsOfLength.map((timing) => timing.promptTokens));
    const firstTokenMs = median(runsOfLength.map((timing) => timing.timeToFirstTokenMs));
    // llama-bench's time for the same work: the prompt at its pp rate, then one decoded token.
    const benchFirstTokenMs = (tokens / benchRate + 1 / reference.decodeTokensPerSecond) * 1000;
    const appRate = tokens / ((firstTokenMs - 1000 / reference.decodeTokensPerSecond) / 1000);
    const rateRatio = appRate / benchRate;
    console.log(
      `${String(length).padStart(5)}-token prompt (${tokens} with the template): first token ${format(firstTokenMs, 0)} ms, llama-bench ${format(benchFirstTokenMs, 0)} ms;` +
        ` prompt ${format(appRate, 1)} tok/s, ratio ${format(rateRatio, 3)}${length === 512 ? `   target >= 0.9   ${rateRatio >= 0.9 ? 'MET' : 'NOT MET'}` : ''}`,
    );
  }
}

async function benchBenchShape(): Promise<void> {
  console.log('Generating/locating the benchmark-shape model (first run writes ~600 MB)...');
  const modelPath = await ensureTestModel('bench-1b');
  console.log(`bench:chat  model=${path.basename(modelPath)}  threads=${threads}  context=${contextSize}  tokens=${maxTokens}  runs=${runs} (+1 warm-up each)`);
  const reference = llamaBenchFigures(modelPath, { threads, decodeTokens: maxTokens, promptLengths, log: console.log });
  const prompts = await longPrompts(modelPath, promptLengths, promptRuns);
  // Alternate the two sides so drift in machine load hits both alike.
  const bare: StreamTiming[] = [];
  const app: AppTimings = { decode: [], prompts: new Map() };
  for (let round = 0; round < 2; round++) {
    bare.push(...(await benchBare(modelPath)));
    const appRound = await benchApp(modelPath, round === 0 ? prompts : new Map());
    app.decode.push(...appRound.decode);
    for (const [length, timings] of appRound.prompts) app.prompts.set(length, [...(app.prompts.get(length) ?? []), ...timings]);
  }
  const bareSummary = summarise('bare node-llama-cpp (in-process)', bare);
  const appSummary = summarise('Enclave chat path (IPC+host+db)', app.decode);
  const ratio = appSummary.tps / bareSummary.tps;
  const overhead = appSummary.ttft - bareSummary.ttft;
  console.log(`tokens/s ratio (app / bare):   ${format(ratio, 3)}   target >= 0.97   ${ratio >= 0.97 ? 'MET' : 'NOT MET'}`);
  console.log(`TTFT overhead (app - bare):    ${format(overhead, 1)} ms   target <= 30 ms   ${overhead <= 30 ? 'MET' : 'NOT MET'}`);
  compareWithLlamaBench(reference, appSummary.tps, app.prompts);
}

/** Decode on SmolLM2-135M-Instruct: Enclave's chat path against the bare loop (and llama-bench's tg). */
async function benchSmolLm2(): Promise<void> {
  const modelPath = path.join(realModelsDir, 'SmolLM2-135M-Instruct.Q4_1.gguf');
  if (!fs.existsSync(modelPath)) {
    console.log(`SmolLM2-135M-Instruct: skipped, ${path.relative(process.cwd(), modelPath)} is absent (npm run models:fetch)`);
    return;
  }
  console.log(`bench:chat  model=${path.basename(modelPath)}  threads=${threads}  context=${contextSize}  tokens=${maxTokens}  runs=${runs} (+1 warm-up each)`);
  const bare: StreamTiming[] = [];
  const app: StreamTiming[] = [];
  for (let round = 0; round < 2; round++) {
    bare.push(...(await benchBare(modelPath)));
    app.push(...(await benchApp(modelPath, new Map())).decode);
  }
  const bareSummary = summarise('SmolLM2 bare node-llama-cpp', bare);
  const appSummary = summarise('SmolLM2 Enclave chat path', app);
  const ratio = appSummary.tps / bareSummary.tps;
  console.log(`SmolLM2 tokens/s ratio (app / bare):   ${format(ratio, 3)}   target >= 0.97   ${ratio >= 0.97 ? 'MET' : 'NOT MET'}`);
  if (skipLlamaBench) {
    console.log('SmolLM2 llama-bench: skipped (BENCH_SKIP_LLAMA_BENCH=1)');
    return;
  }
  const reference = llamaBenchFigures(modelPath, { threads, decodeTokens: maxTokens, promptLengths: [512], log: console.log });
  const benchRatio = appSummary.tps / reference.decodeTokensPerSecond;
  console.log(`SmolLM2 llama-bench (${reference.variant}) tg${maxTokens} ${format(reference.decodeTokensPerSecond)} tok/s; decode ratio (Enclave / llama-bench) ${format(benchRatio, 3)}`);
}

if (models.includes('bench-1b')) await benchBenchShape();
if (models.includes('smollm2')) await benchSmolLm2();
