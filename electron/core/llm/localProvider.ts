import {
  type AppSettings,
  defaultAppSettings,
  defaultModelSettings,
  type FitEstimate,
  type HardwareInfo,
  type LoadedModelInfo,
  type ModelInfo,
  type ModelSettings,
  type ProbeResult,
} from '../../shared/domain.js';
import { describeSchemaProblem } from '../../shared/jsonSchemaSupport.js';
import { samplingTuningSchema } from '../../shared/presets.js';
import { EnclaveError } from '../errors.js';
import { type Changes, withoutUndefined } from '../objects.js';
import type { HostLauncher } from './host/launcher.js';
import { ModelHostClient, type UnloadListener } from './host/modelHostClient.js';
import type { GenerateOptions, GenerationResult, LoadOptions, ModelRunOptions } from './host/protocol.js';
import { runKey } from './host/runKey.js';
import { defaultSequencesPerModel } from './host/sequencePool.js';
import { ProviderQueue, type RequestLane } from './providerQueue.js';
import type { ProviderChatRequest, ProviderEvents, ReplyWriter } from './provider.js';

export interface LocalInferenceSettings {
  /** Worker threads for llama.cpp when a model's threads are `auto`. Always explicit: an unset count can crawl on a busy machine. */
  threads: number;
  /**
   * The largest context `auto` chooses, or null for none; the model's trained context and the memory
   * budget cap it further.
   */
  contextSize: number | null;
  /** GPU layers when a model's setting is `auto`: `auto` lets llama.cpp offload what fits, 0 forces CPU. */
  gpuLayers: 'auto' | number;
  /** RAM models may use, in bytes, unless the app settings set a budget; null means what the OS reports free. */
  memoryBudgetBytes: number | null;
}

const minuteMs = 60_000;
/** The queue group of chunking and embedding requests: no model id holds a NUL, so none clashes with it. */
const embeddingGroup = '\u0000embeddings';

export type { RequestLane } from './providerQueue.js';

/** Hears a model come into memory: the catalog's model, and how it runs. */
export type LoadListener = (model: ModelInfo, info: LoadedModelInfo) => void;

/**
 * Runs GGUF models in the model-host process. Every request goes through one queue (providerQueue.ts):
 * replies on a model loaded as asked run together, one per sequence of its context, so llama.cpp
 * decodes them in one batch; everything that changes what is loaded (load, unload, probe, a reply
 * that needs its model loaded first) runs alone, so the host's native models have one owner. After
 * `idleUnloadMinutes` without a request the host process is stopped, which frees all model memory for
 * certain; the next request starts it again.
 */
export class LocalProvider implements ReplyWriter {
  private readonly host: ModelHostClient;
  private readonly queue = new ProviderQueue();
  private queued = 0;
  private appSettings: AppSettings = defaultAppSettings;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly loadListeners = new Set<LoadListener>();
  /** The run key (runKey.ts) each resident model was loaded with: a reply with the same key needs no load. */
  private readonly loadedKeys = new Map<string, string>();
  private sequencesWanted: () => number = () => defaultSequencesPerModel;

  constructor(
    launch: HostLauncher,
    private readonly settings: LocalInferenceSettings,
  ) {
    this.host = new ModelHostClient(launch);
    this.host.onUnloaded((modelId) => this.loadedKeys.delete(modelId));
  }

  /**
   * How many replies each chat model should be loaded for (its sequences), read at every load; a
   * resident model loaded for another count is reloaded by the next request on it. Capped by the
   * model host to what fits in memory beside the context the user set.
   */
  followSequences(wanted: () => number): void {
    this.sequencesWanted = wanted;
  }

  /**
   * Applies the app settings: how many models stay resident, when idle models are freed, and the
   * memory budget (which overrides `memoryBudgetBytes` when set). Fractional idle minutes work, for tests.
   */
  configure(settings: AppSettings): void {
    this.appSettings = { ...settings };
    this.scheduleIdleUnload();
    const extra = this.host.loaded().length - settings.maxResidentModels;
    if (extra > 0) {
      // The host evicts on the next load anyway; unloading now frees the memory the user just asked back.
      const oldest = this.host.loaded().slice(0, extra).map((info) => info.modelId);
      void this.enqueue(async () => {
        for (const modelId of oldest) await this.host.unload(modelId, 'evicted');
      }).catch(() => undefined);
    }
  }

  streamChat(request: ProviderChatRequest, events: ProviderEvents, signal: AbortSignal, lane: RequestLane = 'app'): Promise<GenerationResult> {
    let options: GenerateOptions;
    try {
      // Checked here, before the queue and the model load: the host ignores a message it cannot parse.
      options = generateOptions(request);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const { model } = request;
    let loaded: LoadedModelInfo | undefined;
    return this.track(
      this.queue.shared(lane, {
        group: model.id,
        limit: () => this.residentInfo(model.id)?.sequences ?? 1,
        ready: () => this.loadedKeys.get(model.id) === runKey(this.loadOptions(model)),
        prepare: async () => {
          loaded = await this.loadInHost(model, (progress) => events.onModelLoading?.(progress));
        },
        run: () => {
          const info = loaded ?? this.residentInfo(model.id);
          if (info) events.onModelLoaded?.(info);
          if (signal.aborted) return Promise.resolve(abortedBeforeStart());
          return this.host.generate(options, events.onText, signal, events.onThought);
        },
      }),
    );
  }

  /** Loads a model with its settings and adapters (or finds it resident), refusing one that would not fit. */
  load(model: ModelInfo, onProgress: (progress: number) => void = () => undefined): Promise<LoadedModelInfo> {
    return this.enqueue(() => this.loadInHost(model, onProgress));
  }

  /** Unloads one model, or every model; resolves with the ids that were resident. */
  unload(modelId?: string): Promise<string[]> {
    return this.enqueue(() => this.host.unload(modelId));
  }

  /** The resident models, least recently used first. */
  loaded(): LoadedModelInfo[] {
    return this.host.loaded();
  }

  /** The memory `model` would need with its settings (and `overrides`), without loading it. */
  estimate(model: ModelInfo, overrides: Changes<ModelSettings> = {}): Promise<FitEstimate> {
    return this.enqueue(() => this.host.estimate(this.runOptions(model, withoutUndefined(overrides))));
  }

  /**
   * Starts the model host and its llama.cpp backend ahead of the first message (about a second of
   * work), so a user's first reply waits only for the model itself. Failures surface at first use.
   */
  prewarm(): void {
    this.hardware().catch(() => undefined);
  }

  hardware(): Promise<HardwareInfo> {
    return this.enqueue(() => this.host.hardware());
  }

  /**
   * The exact prompt a reply to `turns` would give `model` (loaded first, as for the reply): its text,
   * special tokens written out, and its token ids. Sends nothing anywhere (`enclave prompt`).
   */
  renderPrompt(
    model: ModelInfo,
    request: Pick<ProviderChatRequest, 'turns' | 'passages' | 'maxTokens'>,
  ): Promise<{ prompt: string; tokens: number[] }> {
    return this.enqueue(async () => {
      const rendered = await this.loading(
        model,
        (options) => this.host.renderPrompt({ ...options, turns: request.turns, maxTokens: request.maxTokens, ...(model.settings.thinking ? {} : { thinking: false }), ...(request.passages ? { passages: request.passages } : {}) }, () => undefined),
        (done) => done.info,
      );
      return { prompt: rendered.prompt, tokens: rendered.tokens };
    });
  }

  /** Loads `model` and measures how fast it reads a fixed prompt and writes after it. */
  probe(model: ModelInfo, onProgress: (progress: number) => void = () => undefined): Promise<ProbeResult> {
    return this.enqueue(async () => {
      const probed = await this.loading(model, (options) => this.host.probe(options, onProgress), (done) => done.info);
      return probed.result;
    });
  }

  /**
   * Splits each text into chunks of at most `maxTokens` tokens of `model` (an embedding model), each
   * repeating about `overlap` tokens of the previous one: character offsets `[start, end)` into the
   * text, with token counts. Loads the model into the host's embedding slot if needed.
   */
  chunkTexts(
    model: ModelInfo,
    texts: string[],
    maxTokens: number,
    overlap: number,
    lane: RequestLane = 'app',
  ): Promise<{ start: number; end: number; tokenCount: number }[][]> {
    return this.embedding(lane, () => this.host.chunkTexts({ ...this.embeddingOptions(model), texts, maxTokens, overlapTokens: overlap }));
  }

  /** One unit-length vector per text from the embedding `model`; `signal` cancels with `import-cancelled`. */
  embed(model: ModelInfo, texts: string[], signal?: AbortSignal, lane: RequestLane = 'app'): Promise<Float32Array[]> {
    return this.embedding(lane, async () => {
      if (signal?.aborted) throw new EnclaveError('import-cancelled', 'Embedding was cancelled.');
      return this.host.embed({ ...this.embeddingOptions(model), texts }, signal);
    });
  }

  /**
   * Called whenever a chat model comes into memory (loaded for a request, a reply or a probe), not
   * when a request finds it resident. A listener that throws does not fail the load.
   */
  onLoaded(listener: LoadListener): () => void {
    this.loadListeners.add(listener);
    return () => this.loadListeners.delete(listener);
  }

  /** Called whenever a model leaves memory: requested, idle, evicted, or the host exited. */
  onUnloaded(listener: UnloadListener): () => void {
    return this.host.onUnloaded(listener);
  }

  /** For tests: kills the model host as a native crash would. */
  killHostForTesting(): void {
    this.host.killHostForTesting();
  }

  /** For tests and diagnostics: whether a model-host process is running now. */
  get hostRunning(): boolean {
    return this.host.isRunning;
  }

  dispose(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    return this.host.dispose();
  }

  private loadInHost(model: ModelInfo, onProgress: (progress: number) => void): Promise<LoadedModelInfo> {
    return this.loading(model, (options) => this.host.load(options, onProgress), (info) => info);
  }

  private residentInfo(modelId: string): LoadedModelInfo | undefined {
    return this.host.loaded().find((info) => info.modelId === modelId);
  }

  /**
   * Runs a host request that loads `model` or finds it resident, and tells the load listeners when it
   * came into memory: it was not resident, or the host replaced it on the way (other settings or adapters).
   * Remembers the options' run key, so replies on the model go on without a load.
   */
  private async loading<T>(model: ModelInfo, request: (options: LoadOptions) => Promise<T>, infoOf: (result: T) => LoadedModelInfo): Promise<T> {
    let fresh = !this.host.loaded().some((loaded) => loaded.modelId === model.id);
    const stopWatching = this.host.onUnloaded((modelId) => {
      if (modelId === model.id) fresh = true;
    });
    try {
      const options = this.loadOptions(model);
      const result = await request(options);
      this.loadedKeys.set(model.id, runKey(options));
      if (fresh) this.reportLoaded(model, infoOf(result));
      return result;
    } finally {
      stopWatching();
    }
  }

  private reportLoaded(model: ModelInfo, info: LoadedModelInfo): void {
    for (const listener of this.loadListeners) {
      try {
        listener(model, info);
      } catch {
        // The model is loaded either way; a listener's failure is its own (the audit trail's, say).
      }
    }
  }

  /** A request that runs alone: it changes what is loaded, or asks the host about itself. */
  private enqueue<T>(work: () => Promise<T>, lane: RequestLane = 'app'): Promise<T> {
    return this.track(this.queue.alone(lane, work));
  }

  /**
   * Chunking and embedding use the host's embedding model, which has contexts of its own: one such
   * request at a time, beside replies, as the host runs them.
   */
  private embedding<T>(lane: RequestLane, work: () => Promise<T>): Promise<T> {
    return this.track(
      this.queue.shared(lane, { group: embeddingGroup, limit: () => 1, ready: () => true, prepare: () => Promise.resolve(), run: work }),
    );
  }

  /** Counts a request from the moment it is queued until it ends, so the idle unload waits for it. */
  private track<T>(request: Promise<T>): Promise<T> {
    this.queued++;
    clearTimeout(this.idleTimer);
    return request.finally(() => {
      this.queued--;
      this.scheduleIdleUnload();
    });
  }

  private scheduleIdleUnload(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    const idleMs = this.appSettings.idleUnloadMinutes * minuteMs;
    if (idleMs <= 0 || this.queued > 0 || !this.host.isRunning) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.queued === 0) void this.enqueue(() => this.host.stop('idle'));
    }, idleMs);
    // Never keep the CLI (or a test run) alive just to unload later.
    this.idleTimer.unref();
  }

  private embeddingOptions(model: ModelInfo): { modelPath: string; threads: number } {
    const { threads } = { ...defaultModelSettings, ...model.settings };
    return { modelPath: model.path, threads: threads === 'auto' ? this.settings.threads : threads };
  }

  private loadOptions(model: ModelInfo): LoadOptions {
    return { ...this.runOptions(model, {}), maxResidentModels: this.appSettings.maxResidentModels };
  }

  private runOptions(model: ModelInfo, overrides: Partial<ModelSettings>): ModelRunOptions {
    // Spread over the defaults: a ModelInfo built before per-model settings existed has none.
    const settings: ModelSettings = { ...defaultModelSettings, ...model.settings, ...overrides };
    const budgetMb = this.appSettings.memoryBudgetMb;
    return {
      modelPath: model.path,
      modelId: model.id,
      gpuLayers: settings.gpuLayers === 'auto' ? this.settings.gpuLayers : settings.gpuLayers,
      contextSize: settings.contextSize,
      contextCap: this.settings.contextSize,
      threads: settings.threads === 'auto' ? this.settings.threads : settings.threads,
      batchSize: settings.batchSize,
      flashAttention: settings.flashAttention,
      adapters: model.adapters.map((adapter) => ({ id: adapter.id, filePath: adapter.path, scale: adapter.scale })),
      memoryBudgetBytes: budgetMb === null ? this.settings.memoryBudgetBytes : budgetMb * 1024 * 1024,
      sequences: this.sequencesWanted(),
      chatTemplate: settings.chatTemplate,
    };
  }
}

/** The host's generate request, with the sampling settings and schema checked first. */
function generateOptions(request: ProviderChatRequest): GenerateOptions {
  const { topP, topK, minP, repeatPenalty, seed } = request.sampling ?? {};
  // Only the tuning fields: a preset's whole settings object may be passed in.
  const tuning = samplingTuningSchema.safeParse(withoutUndefined({ topP, topK, minP, repeatPenalty, seed }));
  if (!tuning.success) {
    const issue = tuning.error.issues[0];
    throw new EnclaveError('invalid-request', `The sampling setting ${issue?.path.join('.') ?? ''} is out of range: ${issue?.message ?? 'invalid'}.`);
  }
  if (request.jsonSchema !== undefined) {
    const problem = describeSchemaProblem(request.jsonSchema);
    if (problem !== null) throw new EnclaveError('schema-invalid', problem);
  }
  return {
    modelId: request.model.id,
    turns: request.turns,
    maxTokens: request.maxTokens,
    temperature: request.temperature,
    ...(request.sampling ? { sampling: tuning.data } : {}),
    ...(request.jsonSchema ? { jsonSchema: request.jsonSchema } : {}),
    ...(request.passages ? { passages: request.passages } : {}),
    ...(request.stop?.length ? { stop: request.stop } : {}),
    ...(request.model.settings.thinking ? {} : { thinking: false }),
  };
}

function abortedBeforeStart(): GenerationResult {
  return { text: '', stopReason: 'aborted', tokensIn: 0, tokensOut: 0, timeToFirstTokenMs: null, durationMs: 0 };
}
