import os from 'node:os';
import path from 'node:path';
import {
  getLlama,
  InsufficientMemoryError,
  type Llama,
  LlamaLogLevel,
  type LlamaModel,
} from 'node-llama-cpp';
import type { FitEstimate, HardwareInfo, LoadedModelInfo, ProbeResult } from '../../../shared/domain.js';
import type { ReplySegment } from '../../../shared/replyThought.js';
import { EnclaveError } from '../../errors.js';
import { inspectModelFile } from '../modelFile.js';
import { checkAdapters } from './adapterCheck.js';
import { chooseChatWrapper } from './chooseChatWrapper.js';
import { estimateFit, type MemoryBudget, readFileInfoCached, tooLargeError } from './fitEstimate.js';
import { estimateWithSequences, type SequencedEstimate } from './sequenceFit.js';
import { describeGenerationError, generateReply } from './generateReply.js';
import { readingWithThinking, renderPrompt } from './promptFitting.js';
import { readHardware } from './hardware.js';
import { measureSpeed } from './probe.js';
import type { GenerateOptions, GenerationResult, HostUnloadReason, LoadOptions, ModelRunOptions, RenderPromptOptions } from './protocol.js';
import { type ResidentModel, ResidentModels } from './residentModels.js';
import { engineCmakeOptions } from './engineBuild.js';
import { runKey } from './runKey.js';
import { SequencePool } from './sequencePool.js';

/** llama.cpp only explains a failed load in its log; keep the recent lines to quote them. */
const recentLogLimit = 20;

/**
 * The one owner of llama.cpp inside the model-host process: the Llama backend and the resident
 * models, each with its own context. Callers order requests through the host's scheduler: loads,
 * unloads and probes run alone; replies on one model run together, one per sequence of its context.
 */
export class LlamaRuntime {
  private llama: Llama | undefined;
  private readonly resident = new ResidentModels();
  private readonly recentLogs: string[] = [];

  constructor(
    private readonly gpu: 'auto' | false,
    private readonly onUnloaded: (modelId: string, reason: HostUnloadReason) => void = () => undefined,
  ) {}

  async load(options: LoadOptions, onProgress: (progress: number) => void): Promise<LoadedModelInfo> {
    return (await this.ensureResident(options, onProgress)).info;
  }

  async generate(options: GenerateOptions, onText: (text: string, segment?: ReplySegment) => void, signal: AbortSignal): Promise<GenerationResult> {
    const resident = this.resident.use(options.modelId);
    if (!resident) throw new EnclaveError('model-not-selected', 'That model is not loaded; send again to load it.');
    const turns = options.turns.map((turn) => turn.content);
    // All sequences busy: wait for one (the host runs no more replies at once than the model has sequences).
    const sequence = await resident.sequences.acquire(turns, signal);
    if (!sequence) return abortedWhileWaiting();
    let answered: string[] = [];
    try {
      const result = await generateReply(resident, sequence, options, onText, signal);
      answered = withReply(options, turns, result.text);
      return result;
    } finally {
      resident.sequences.release(sequence, answered);
    }
  }

  /** How many replies may run at once on a resident model; 1 for a model not loaded (its reply fails at once). */
  sequencesOf(modelId: string): number {
    return this.resident.peek(modelId)?.sequences.size ?? 1;
  }

  /** Loads the model as `load` does, then measures its speed on a fixed prompt. */
  async probe(
    options: LoadOptions,
    onProgress: (progress: number) => void,
    signal: AbortSignal,
  ): Promise<{ result: ProbeResult; info: LoadedModelInfo }> {
    const resident = await this.ensureResident(options, onProgress);
    const result = await measureSpeed(resident, signal).catch((error: unknown) => {
      throw describeGenerationError(error);
    });
    return { result, info: resident.info };
  }

  /** Loads the model as `load` does, then renders the exact prompt the turns would give it (`enclave prompt`). */
  async renderPrompt(options: RenderPromptOptions, onProgress: (progress: number) => void): Promise<{ prompt: string; tokens: number[]; info: LoadedModelInfo }> {
    const { turns, passages, maxTokens, thinking, ...load } = options;
    const resident = readingWithThinking(await this.ensureResident(load, onProgress), thinking);
    try {
      return { ...renderPrompt(resident, { turns, maxTokens, ...(passages ? { passages } : {}) }), info: resident.info };
    } catch (error) {
      throw describeGenerationError(error);
    }
  }

  /** What `options` would need, against the budget or the RAM the OS reports free. */
  async estimate(options: ModelRunOptions): Promise<FitEstimate> {
    await inspectModelFile(options.modelPath);
    const llama = await this.getBackend();
    const vramBytes = await this.freeVram(llama);
    return (await estimateWithSequences(llama, options, { ramBytes: options.memoryBudgetBytes ?? os.freemem(), vramBytes })).estimate;
  }

  async hardware(): Promise<HardwareInfo> {
    return readHardware(await this.getBackend());
  }

  /** Unloads one model, or all of them; returns the ids that were loaded. */
  async unload(modelId?: string, reason: HostUnloadReason = 'requested'): Promise<string[]> {
    const ids = modelId === undefined ? this.resident.ids() : [modelId];
    const unloaded: string[] = [];
    for (const id of ids) {
      if (await this.resident.remove(id)) {
        unloaded.push(id);
        this.onUnloaded(id, reason);
      }
    }
    return unloaded;
  }

  async dispose(): Promise<void> {
    for (const id of this.resident.ids()) await this.resident.remove(id);
    await this.llama?.dispose();
    this.llama = undefined;
  }

  private async ensureResident(options: LoadOptions, onProgress: (progress: number) => void): Promise<ResidentModel> {
    const key = runKey(options);
    const current = this.resident.use(options.modelId);
    if (current?.key === key) return current;
    // Other settings or adapters: free the old copy before the new one takes its memory.
    if (current && (await this.resident.remove(options.modelId))) this.onUnloaded(options.modelId, 'requested');

    const fileName = path.basename(options.modelPath);
    // Validate the file ourselves first: llama.cpp's own errors for a bad file are generic. The
    // backend starts and the header is parsed for the estimate meanwhile: they do not depend on it.
    const [llama] = await Promise.all([
      this.getBackend(),
      inspectModelFile(options.modelPath),
      checkAdapters(options.modelPath, options.adapters),
      readFileInfoCached(options.modelPath).catch(() => undefined),
    ]);
    let model: LlamaModel | undefined;
    try {
      this.recentLogs.length = 0;
      const gpuLayers = llama.gpu === false ? 0 : options.gpuLayers;
      let fit: SequencedEstimate;
      if (llama.gpu === false && this.resident.size === 0) {
        // On the CPU the weights are memory-mapped from the file: mapping them commits no memory, so
        // the estimate runs while they map, and the verdict still comes before the context (the
        // memory that can run out) is allocated. A refusal unloads the mapped model at once.
        const loading = this.loadWithCpuFallback(llama, options.modelPath, 0, onProgress);
        fit = await this.makeRoom(llama, options).catch(async (error: unknown) => {
          await loading.then((loaded) => loaded.dispose(), () => undefined);
          throw error;
        });
        model = await loading;
      } else {
        // With a GPU, loading commits VRAM: decide first.
        fit = await this.makeRoom(llama, options);
        model = await this.loadWithCpuFallback(llama, options.modelPath, gpuLayers, onProgress);
      }
      const contextCreated = model.createContext({
        // Per sequence: every reply keeps the whole context the user set.
        contextSize: fit.estimate.contextSize,
        sequences: fit.sequences,
        threads: options.threads,
        flashAttention: options.flashAttention,
        ...(options.batchSize === 'auto' ? {} : { batchSize: options.batchSize }),
        ...(options.adapters.length === 0
          ? {}
          : { lora: { adapters: options.adapters.map(({ filePath, scale }) => ({ filePath, scale })) } }),
      });
      // Working out the chat format is plain JavaScript: do it while llama.cpp allocates the context.
      const chatWrapper = chooseChatWrapper(model, options.chatTemplate);
      const context = await contextCreated;
      const info: LoadedModelInfo = {
        modelId: options.modelId,
        gpu: llama.gpu,
        gpuLayers: model.gpuLayers,
        totalLayers: model.fileInsights.totalLayers,
        contextSize: context.contextSize,
        threads: options.threads,
        batchSize: context.batchSize,
        flashAttention: options.flashAttention,
        adapterIds: options.adapters.map((adapter) => adapter.id),
        sequences: context.totalSequences,
      };
      const resident: ResidentModel = {
        key,
        model,
        context,
        sequences: new SequencePool(Array.from({ length: context.totalSequences }, () => context.getSequence())),
        chatWrapper,
        info,
        ramBytes: fit.estimate.ramBytes,
      };
      this.resident.add(resident);
      return resident;
    } catch (error) {
      await model?.dispose();
      throw this.describeLoadError(error, fileName);
    }
  }

  /**
   * Refuses a model that would not fit even alone, with the numbers, instead of letting the OS kill
   * the process halfway; otherwise unloads least recently used models until it fits beside the rest.
   * The context is chosen as if the model were alone, so it does not depend on what else is loaded.
   */
  private async makeRoom(llama: Llama, options: LoadOptions): Promise<SequencedEstimate> {
    while (this.resident.size >= options.maxResidentModels) await this.evictLeastRecentlyUsed();
    const vramBytes = await this.freeVram(llama);
    const alone = await estimateWithSequences(llama, options, this.budget(options, vramBytes, 'alone'));
    if (!alone.estimate.fits) throw tooLargeError(alone.estimate, options);
    const chosen: ModelRunOptions = { ...options, contextSize: alone.estimate.contextSize, sequences: alone.sequences };
    for (;;) {
      if (this.resident.size === 0) return alone;
      const beside = await estimateFit(llama, chosen, this.budget(options, await this.freeVram(llama), 'beside'));
      if (beside.fits) return { estimate: beside, sequences: alone.sequences };
      await this.evictLeastRecentlyUsed();
    }
  }

  /**
   * A fixed budget is shared by every resident model. Without one, the OS's free RAM already has the
   * resident models taken out; counting them back in says whether the model fits on its own.
   */
  private budget(options: ModelRunOptions, vramBytes: number, mode: 'alone' | 'beside'): MemoryBudget {
    const residentBytes = this.resident.ramBytes();
    if (options.memoryBudgetBytes !== null) {
      const ramBytes = mode === 'alone' ? options.memoryBudgetBytes : Math.max(0, options.memoryBudgetBytes - residentBytes);
      return { ramBytes, vramBytes };
    }
    return { ramBytes: os.freemem() + (mode === 'alone' ? residentBytes : 0), vramBytes };
  }

  private async evictLeastRecentlyUsed(): Promise<void> {
    const oldest = this.resident.leastRecentlyUsed();
    if (!oldest) return;
    await this.resident.remove(oldest.info.modelId);
    this.onUnloaded(oldest.info.modelId, 'evicted');
  }

  private async freeVram(llama: Llama): Promise<number> {
    return llama.gpu === false ? 0 : (await llama.getVramState()).free;
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

  /** The llama.cpp backend, started once; shared with the embedding slot. */
  async getBackend(): Promise<Llama> {
    // build 'never': an air-gapped machine must never try to download or compile llama.cpp.
    this.llama ??= await getLlama({
      gpu: this.gpu,
      build: 'never',
      // Enclave's own build for this CPU where `npm run engine:build` made one; the prebuilt binaries otherwise.
      cmakeOptions: { ...engineCmakeOptions },
      logLevel: LlamaLogLevel.warn,
      logger: (_level, message) => this.remember(message),
    });
    return this.llama;
  }

  private remember(message: string): void {
    this.recentLogs.push(message.trim());
    if (this.recentLogs.length > recentLogLimit) this.recentLogs.shift();
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

/**
 * The conversation a sequence holds after a reply: the turns and the reply, the way the next turn of
 * the same chat sends them back (a continued reply is one assistant turn, its old and new text).
 */
function withReply(options: GenerateOptions, turns: string[], reply: string): string[] {
  if (options.turns.at(-1)?.role === 'assistant') return [...turns.slice(0, -1), `${turns.at(-1) ?? ''}${reply}`];
  return [...turns, reply];
}

/** A reply cancelled before a sequence was free: nothing was read or written. */
function abortedWhileWaiting(): GenerationResult {
  return { text: '', stopReason: 'aborted', tokensIn: 0, tokensOut: 0, timeToFirstTokenMs: null, durationMs: 0 };
}
