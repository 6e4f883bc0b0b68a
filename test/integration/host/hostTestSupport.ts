import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createForkLauncher } from '../../../electron/core/llm/host/forkLauncher.js';
import { type LocalInferenceSettings, LocalProvider } from '../../../electron/core/llm/localProvider.js';
import {
  type AdapterInfo,
  defaultModelSettings,
  type ModelInfo,
  type ModelSettings,
} from '../../../electron/shared/domain.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { stubModelInfo } from '../../support/modelInfo.js';

/**
 * A LocalProvider over a real model host (llama.cpp in a child process, GPU off, one thread), disposed
 * after each test. The context cap is above tiny-chat's trained 2,048 tokens so `auto` can choose it.
 */
export function useProvider(): (settings?: Partial<LocalInferenceSettings>) => LocalProvider {
  const started: LocalProvider[] = [];
  afterEach(async () => {
    for (const provider of started.splice(0)) await provider.dispose();
  });
  return (settings = {}) => {
    const provider = new LocalProvider(createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }), {
      threads: 1,
      contextSize: 4096,
      gpuLayers: 'auto',
      memoryBudgetBytes: null,
      ...settings,
    });
    started.push(provider);
    return provider;
  };
}

/**
 * One LocalProvider (as `useProvider` makes them) and one folder for all the tests of a file: starting a
 * model host costs seconds on a busy machine, and tests that only generate need no fresh one.
 */
export function useSharedProvider(settings: Partial<LocalInferenceSettings> = {}): () => { provider: LocalProvider; dir: string } {
  let shared: { provider: LocalProvider; dir: string } | undefined;
  beforeAll(() => {
    const provider = new LocalProvider(createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }), {
      threads: 1,
      contextSize: 4096,
      gpuLayers: 'auto',
      memoryBudgetBytes: null,
      ...settings,
    });
    shared = { provider, dir: fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-test-')) };
  });
  afterAll(async () => {
    await shared?.provider.dispose();
    if (shared) fs.rmSync(shared.dir, { recursive: true, force: true });
  });
  return () => {
    if (!shared) throw new Error('useSharedProvider: called outside a test');
    return shared;
  };
}

/**
 * The generated tiny-chat model copied into `dir` as `fileName`, described as the catalog would: copies
 * under different names stand in for different models.
 */
export async function tinyChatModel(
  dir: string,
  options: { fileName?: string; id?: string; settings?: Partial<ModelSettings>; adapters?: AdapterInfo[] } = {},
): Promise<ModelInfo> {
  const fileName = options.fileName ?? 'tiny-chat.gguf';
  const filePath = path.join(dir, fileName);
  if (!fs.existsSync(filePath)) fs.copyFileSync(await ensureTestModel('tiny-chat'), filePath);
  const sizeBytes = fs.statSync(filePath).size;
  return {
    ...stubModelInfo,
    id: options.id ?? path.basename(fileName, '.gguf'),
    name: 'Enclave Tiny Chat (generated)',
    fileName,
    path: filePath,
    parts: [filePath],
    sizeBytes,
    quantization: 'F32',
    settings: { ...defaultModelSettings, ...options.settings },
    adapters: options.adapters ?? [],
  };
}

/** One greedy reply, collected whole. */
export async function reply(provider: LocalProvider, model: ModelInfo, content: string, maxTokens = 24): Promise<string> {
  let streamed = '';
  const result = await provider.streamChat(
    { model, turns: [{ role: 'user', content }], maxTokens, temperature: 0 },
    { onText: (text) => (streamed += text) },
    new AbortController().signal,
  );
  if (result.text !== streamed) throw new Error('the streamed text differs from the result');
  return result.text;
}
