/**
 * bench:chat — the app's full chat path (IPC contract dispatch, model-host process, database writes)
 * against a bare node-llama-cpp generation loop, on the benchmark-shape model (~1.1B parameters,
 * Q4_0), same threads, context and prompt, in the same run. Prints raw figures and the ratios the
 * targets are stated in: tokens/s ratio >= 0.97, time-to-first-token overhead <= 30 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getLlama, LlamaChatSession } from 'node-llama-cpp';
import { startEnclave } from '../../electron/core/enclave.js';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import { ensureTestModel } from '../generate-test-models.js';
import { format, median, type StreamTiming, streamTiming } from './stats.js';

const threads = Number(process.env.BENCH_THREADS ?? 2);
const contextSize = Number(process.env.BENCH_CONTEXT ?? 2048);
const maxTokens = Number(process.env.BENCH_TOKENS ?? 64);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const prompt = 'Summarise the main obligations of both parties in a standard services agreement.';

async function benchBare(modelPath: string): Promise<StreamTiming[]> {
  const llama = await getLlama({ gpu: false, build: 'never' });
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

async function benchApp(modelPath: string): Promise<StreamTiming[]> {
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
  const timings: StreamTiming[] = [];
  try {
    for (let run = 0; run <= runs; run++) {
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
      const sent = await dispatchRequest(core.handlers, 'chats.send', { chatId: chat.id, modelId: model.id, content: prompt }, onEvent);
      if (!sent.ok) throw new Error(sent.error.message);
      const { message } = await finished;
      if (message.status !== 'complete') throw new Error('generation failed');
      if (run > 0) timings.push(streamTiming(startedAt, tokenTimes, message.tokensOut ?? 0));
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

async function main(): Promise<void> {
  console.log('Generating/locating the benchmark-shape model (first run writes ~600 MB)...');
  const modelPath = await ensureTestModel('bench-1b');
  console.log(`bench:chat  model=${path.basename(modelPath)}  threads=${threads}  context=${contextSize}  tokens=${maxTokens}  runs=${runs} (+1 warm-up each)`);
  // Alternate the two sides so drift in machine load hits both alike.
  const bare: StreamTiming[] = [];
  const app: StreamTiming[] = [];
  for (let round = 0; round < 2; round++) {
    bare.push(...(await benchBare(modelPath)));
    app.push(...(await benchApp(modelPath)));
  }
  const bareSummary = summarise('bare node-llama-cpp (in-process)', bare);
  const appSummary = summarise('Enclave chat path (IPC+host+db)', app);
  const ratio = appSummary.tps / bareSummary.tps;
  const overhead = appSummary.ttft - bareSummary.ttft;
  console.log(`tokens/s ratio (app / bare):   ${format(ratio, 3)}   target >= 0.97   ${ratio >= 0.97 ? 'MET' : 'NOT MET'}`);
  console.log(`TTFT overhead (app - bare):    ${format(overhead, 1)} ms   target <= 30 ms   ${overhead <= 30 ? 'MET' : 'NOT MET'}`);
}

await main();
