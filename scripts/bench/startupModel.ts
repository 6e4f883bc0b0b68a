/**
 * bench:startup's model side: one model-host start (spawn, ready, load, first token) through the same
 * fork launcher the CLI uses, and the same steps done by a bare Node process with node-llama-cpp.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { engineCmakeOptions } from '../../electron/core/llm/host/engineBuild.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import type { HostRequest } from '../../electron/core/llm/host/protocol.js';

/** Each phase of a model start, in ms, each measured from the end of the one before. */
export interface ModelStartTiming {
  /** Process spawn until it can take requests (for bare Node: until node-llama-cpp is imported). */
  readyMs: number;
  /** Backend start, model load and context creation. */
  loadedMs: number;
  /**
   * A one-turn prompt until its first token. The phases split differently on each side (the host works
   * out the chat format while the context is allocated, bare node-llama-cpp when it first prompts):
   * compare the totals.
   */
  firstTokenMs: number;
}

/** node-llama-cpp as this checkout resolves it, for bare scripts written outside the checkout. */
export const nodeLlamaCppUrl = pathToFileURL(createRequire(import.meta.url).resolve('node-llama-cpp')).href;

const contextSize = 512;
const prompt = 'Say hello.';

/** Wall-clock ms with sub-ms precision, comparable across processes (unlike performance.now alone). */
function now(): number {
  return performance.timeOrigin + performance.now();
}

export async function measureHostStart(modelPath: string, threads: number): Promise<ModelStartTiming> {
  const host = createForkLauncher({ env: { ENCLAVE_GPU: 'off' } })();
  const marks: number[] = [now()];
  const finished = new Promise<void>((resolve, reject) => {
    host.onExit((exit) => reject(new Error(`model host exited early: ${JSON.stringify(exit)}`)));
    host.onMessage((raw) => {
      const message = raw as { type: string; error?: { message: string } };
      if (message.type === 'failed') reject(new Error(message.error?.message ?? 'model host request failed'));
      if (message.type === 'ready') {
        marks.push(now());
        host.send({ type: 'load', requestId: 1, options: loadOptions(modelPath, threads) });
      }
      if (message.type === 'loaded') {
        marks.push(now());
        host.send({ type: 'generate', requestId: 2, options: { modelId: 'bench', turns: [{ role: 'user', content: prompt }], maxTokens: 4, temperature: 0 } });
      }
      if (message.type === 'token' && marks.length === 3) {
        marks.push(now());
        resolve();
      }
    });
  });
  try {
    await finished;
  } finally {
    host.kill();
  }
  return timingFrom(marks);
}

function loadOptions(modelPath: string, threads: number): Extract<HostRequest, { type: 'load' }>['options'] {
  return {
    modelPath,
    modelId: 'bench',
    gpuLayers: 0,
    contextSize,
    contextCap: null,
    threads,
    batchSize: 'auto',
    flashAttention: false,
    adapters: [],
    memoryBudgetBytes: null,
    maxResidentModels: 1,
  };
}

/** The same start in plain Node: import, getLlama, load, context, first token; the child reports its marks. */
export function measureBareModelStart(modelPath: string, threads: number, scriptsDir: string): ModelStartTiming {
  const script = `
    const now = () => performance.timeOrigin + performance.now();
    const { getLlama, LlamaChatSession } = await import(${JSON.stringify(nodeLlamaCppUrl)});
    const imported = now();
    const llama = await getLlama({ gpu: false, build: 'never', cmakeOptions: ${JSON.stringify(engineCmakeOptions)} });
    const model = await llama.loadModel({ modelPath: ${JSON.stringify(modelPath)}, gpuLayers: 0 });
    const context = await model.createContext({ contextSize: ${contextSize}, threads: ${threads} });
    const loaded = now();
    const session = new LlamaChatSession({ contextSequence: context.getSequence() });
    let firstToken;
    const stop = new AbortController();
    await session.prompt(${JSON.stringify(prompt)}, { maxTokens: 4, temperature: 0, signal: stop.signal, stopOnAbortSignal: true,
      onTextChunk: () => { firstToken ??= now(); stop.abort(); } });
    console.log(JSON.stringify([imported, loaded, firstToken]));
    process.exit(0);
  `;
  // A file, not `-e` or standard input: the binding test node-llama-cpp forks inherits this process's execArgv.
  const file = path.join(scriptsDir, 'model-start.mjs');
  fs.writeFileSync(file, script);
  const startedAt = now();
  const result = spawnSync(process.execPath, [file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bare node-llama-cpp start failed: ${result.stderr}`);
  const marks = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '[]') as number[];
  return timingFrom([startedAt, ...marks]);
}

function timingFrom(marks: readonly number[]): ModelStartTiming {
  const [spawned = Number.NaN, ready = Number.NaN, loaded = Number.NaN, firstToken = Number.NaN] = marks;
  return { readyMs: ready - spawned, loadedMs: loaded - ready, firstTokenMs: firstToken - loaded };
}
