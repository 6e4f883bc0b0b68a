import os from 'node:os';
import path from 'node:path';
import {
  getLlama,
  GgufInsights,
  InsufficientMemoryError,
  type Llama,
  LlamaChatSession,
  type ChatHistoryItem,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaLogLevel,
  type LlamaModel,
  readGgufFileInfo,
} from 'node-llama-cpp';
import type { LoadedModelInfo } from '../../../shared/domain.js';
import { EnclaveError } from '../../errors.js';
import { inspectModelFile } from '../modelFile.js';
import type { GenerateOptions, GenerationResult, LoadOptions } from './protocol.js';

interface LoadedModel {
  key: string;
  model: LlamaModel;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  info: LoadedModelInfo;
}

/** llama.cpp only explains a failed load in its log; keep the recent lines to quote them. */
const recentLogLimit = 20;

/**
 * The one owner of llama.cpp inside the model-host process: the Llama backend, the loaded model and
 * its context. Callers serialise through the host's request queue, so nothing here runs twice at once.
 */
export class LlamaRuntime {
  private llama: Llama | undefined;
  private loaded: LoadedModel | undefined;
  private readonly recentLogs: string[] = [];

  constructor(private readonly gpu: 'auto' | false) {}

  async load(options: LoadOptions, onProgress: (progress: number) => void): Promise<LoadedModelInfo> {
    const key = loadKey(options);
    if (this.loaded?.key === key) return this.loaded.info;
    await this.unload();

    const fileName = path.basename(options.modelPath);
    // Validate the file ourselves first: llama.cpp's own errors for a bad file are generic.
    await inspectModelFile(options.modelPath);
    const llama = await this.getBackend();
    const gpuLayers = llama.gpu === false ? 0 : options.gpuLayers;
    const contextSize = await this.checkMemory(llama, options, fileName);

    let model: LlamaModel | undefined;
    try {
      this.recentLogs.length = 0;
      model = await this.loadWithCpuFallback(llama, options.modelPath, gpuLayers, onProgress);
      const context = await model.createContext({ contextSize, threads: options.threads });
      const sequence = context.getSequence();
      const info: LoadedModelInfo = {
        modelId: options.modelId,
        gpu: llama.gpu,
        gpuLayers: model.gpuLayers,
        contextSize: context.contextSize,
        threads: options.threads,
      };
      this.loaded = { key, model, context, sequence, info };
      return info;
    } catch (error) {
      await model?.dispose();
      throw this.describeLoadError(error, fileName);
    }
  }

  /**
   * GPU offload is tried first when a GPU backend is present; if the GPU cannot take the model (too
   * little VRAM, a driver error), the same model loads on the CPU instead of failing.
   */
  private async loadWithCpuFallback(
    llama: Llama,
    modelPath: string,
    gpuLayers: LoadOptions['gpuLayers'],
    onProgress: (progress: number) => void,
  ): Promise<LlamaModel> {
    try {
      return await llama.loadModel({ modelPath, gpuLayers, onLoadProgress: onProgress });
    } catch (error) {
      if (llama.gpu === false || gpuLayers === 0) throw error;
      this.remember(`GPU load failed, retrying on CPU: ${error instanceof Error ? error.message : String(error)}`);
      return llama.loadModel({ modelPath, gpuLayers: 0, onLoadProgress: onProgress });
    }
  }

  async generate(
    options: GenerateOptions,
    onText: (text: string) => void,
    signal: AbortSignal,
  ): Promise<GenerationResult> {
    const loaded = this.loaded;
    if (!loaded) throw new EnclaveError('model-not-selected', 'No model is loaded; pick a model and send again.');
    const last = options.turns.at(-1);
    if (last?.role !== 'user') {
      throw new EnclaveError('invalid-request', 'A reply can only be generated after a user message.');
    }

    const session = new LlamaChatSession({ contextSequence: loaded.sequence, autoDisposeSequence: false });
    try {
      session.setChatHistory(options.turns.slice(0, -1).map(toHistoryItem));
      const started = performance.now();
      let firstTokenAt: number | null = null;
      let tokensOut = 0;
      const response = await session.promptWithMeta(last.content, {
        maxTokens: options.maxTokens,
        temperature: options.temperature,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        signal,
        stopOnAbortSignal: true,
        onToken: (tokens) => {
          tokensOut += tokens.length;
        },
        onTextChunk: (text) => {
          firstTokenAt ??= performance.now();
          onText(text);
        },
      });
      const durationMs = performance.now() - started;
      const tokensInContext = loaded.sequence.nextTokenIndex;
      return {
        text: response.responseText,
        stopReason: toStopReason(response.stopReason),
        tokensIn: Math.max(0, tokensInContext - tokensOut),
        tokensOut,
        timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
        durationMs,
      };
    } catch (error) {
      throw describeGenerationError(error);
    } finally {
      session.dispose({ disposeSequence: false });
    }
  }

  async unload(): Promise<void> {
    const loaded = this.loaded;
    this.loaded = undefined;
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
  }

  async dispose(): Promise<void> {
    await this.unload();
    await this.llama?.dispose();
    this.llama = undefined;
  }

  private async getBackend(): Promise<Llama> {
    // build 'never': an air-gapped machine must never try to download or compile llama.cpp.
    this.llama ??= await getLlama({
      gpu: this.gpu,
      build: 'never',
      logLevel: 'warn' as LlamaLogLevel,
      logger: (_level, message) => this.remember(message),
    });
    return this.llama;
  }

  private remember(message: string): void {
    this.recentLogs.push(message.trim());
    if (this.recentLogs.length > recentLogLimit) this.recentLogs.shift();
  }

  /**
   * Estimates RAM for the weights that stay on the CPU plus the context, and refuses a load that
   * would not fit, with the numbers, instead of letting the OS kill the process halfway.
   */
  private async checkMemory(llama: Llama, options: LoadOptions, fileName: string): Promise<number> {
    const insights = await GgufInsights.from(await readGgufFileInfo(options.modelPath), llama);
    const contextSize = Math.min(options.contextSize, insights.trainContextSize ?? options.contextSize);
    const gpuLayers = llama.gpu === false || options.gpuLayers === 'auto' ? 0 : options.gpuLayers;
    const modelNeeds = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
    const contextNeeds = await insights.estimateContextResourceRequirementsV2({
      contextSize,
      modelGpuLayers: gpuLayers,
    });
    const needed = modelNeeds.cpuRam + contextNeeds.cpuRam;
    const budget = options.memoryBudgetBytes ?? os.freemem();
    // With GPU offload on auto most weights may leave RAM, so only a CPU-only load can be judged here.
    const cpuOnly = llama.gpu === false || gpuLayers === 0;
    if (cpuOnly && needed > budget) {
      throw new EnclaveError(
        'model-too-large',
        `${fileName} needs about ${formatBytes(needed)} of memory with a ${contextSize}-token context, ` +
          `but only ${formatBytes(budget)} is available. Close other programs, or pick a smaller model or context size.`,
      );
    }
    return contextSize;
  }

  private describeLoadError(error: unknown, fileName: string): EnclaveError {
    if (error instanceof EnclaveError) return error;
    if (error instanceof InsufficientMemoryError) {
      return new EnclaveError('model-too-large', `${fileName} does not fit in memory: ${error.message}.`, { cause: error });
    }
    const reason = this.recentLogs.findLast((line) => /error|failed|invalid/i.test(line));
    const detail = reason ?? (error instanceof Error ? error.message : String(error));
    return new EnclaveError('model-load-failed', `llama.cpp could not load ${fileName}: ${detail}`, { cause: error });
  }
}

function loadKey(options: LoadOptions): string {
  return JSON.stringify([options.modelPath, options.contextSize, options.threads, options.gpuLayers]);
}

function toHistoryItem(turn: GenerateOptions['turns'][number]): ChatHistoryItem {
  if (turn.role === 'system') return { type: 'system', text: turn.content };
  if (turn.role === 'user') return { type: 'user', text: turn.content };
  return { type: 'model', response: [turn.content] };
}

function toStopReason(reason: string): GenerationResult['stopReason'] {
  if (reason === 'abort') return 'aborted';
  if (reason === 'maxTokens') return 'max-tokens';
  return 'end';
}

function describeGenerationError(error: unknown): EnclaveError {
  if (error instanceof EnclaveError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EnclaveError('generation-failed', `The model stopped with an error: ${detail}`, { cause: error });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
