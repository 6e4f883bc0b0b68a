import type { EnclaveEvent, FitEstimate, HardwareInfo, LoadedModelInfo, ProbeResult } from '../../../shared/domain.js';
import { EnclaveError } from '../../errors.js';
import type { HostExit, HostLauncher, HostProcess } from './launcher.js';
import {
  type ChunkTextsOptions,
  type EmbedOptions,
  type GenerateOptions,
  type GenerationResult,
  type HostReply,
  hostReplySchema,
  type HostUnloadReason,
  type LoadOptions,
  type ModelRunOptions,
  type RenderPromptOptions,
} from './protocol.js';

/** Why a model left memory, as the `model.unloaded` event reports it. */
export type ModelUnloadReason = Extract<EnclaveEvent, { type: 'model.unloaded' }>['reason'];
export type UnloadListener = (modelId: string, reason: ModelUnloadReason) => void;

interface Pending {
  resolve(reply: HostReply): void;
  reject(error: EnclaveError): void;
  onReply?: (reply: HostReply) => void;
}

/**
 * Core's side of the model host: starts it on first use, matches replies to requests, keeps track of
 * which models are resident, and turns the host dying (native crash, OOM kill) into a
 * `model-host-crashed` error for every request in flight. The next request starts a fresh host, so
 * one crash never blocks the next reply.
 */
export class ModelHostClient {
  private host: HostProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Resident models, least recently used first, mirroring the host's own order. */
  private readonly resident = new Map<string, LoadedModelInfo>();
  private readonly unloadListeners = new Set<UnloadListener>();
  /** Hosts stopped on purpose, and what their models' unload should be reported as. */
  private readonly expectedExits = new WeakMap<HostProcess, ModelUnloadReason>();
  private nextRequestId = 1;
  private disposed = false;

  constructor(private readonly launch: HostLauncher) {}

  async load(options: LoadOptions, onProgress: (progress: number) => void): Promise<LoadedModelInfo> {
    const reply = await this.request({ type: 'load', options }, (message) => {
      if (message.type === 'load-progress') onProgress(message.progress);
    });
    if (reply.type !== 'loaded') throw unexpected(reply);
    this.markUsed(reply.info);
    return reply.info;
  }

  /** Streams a reply: its answer to `onText`, a reasoning model's thoughts to `onThought`. */
  async generate(
    options: GenerateOptions,
    onText: (text: string) => void,
    signal: AbortSignal,
    onThought: (text: string) => void = () => undefined,
  ): Promise<GenerationResult> {
    const reply = await this.request(
      { type: 'generate', options },
      (message) => {
        if (message.type !== 'token') return;
        if (message.segment === 'thought') onThought(message.text);
        else onText(message.text);
      },
      signal,
    );
    if (reply.type !== 'generated') throw unexpected(reply);
    const info = this.resident.get(options.modelId);
    if (info) this.markUsed(info);
    return reply.result;
  }

  /** Unloads one model, or all; returns the ids that were resident. Starts no host to do it. */
  async unload(modelId?: string, reason: HostUnloadReason = 'requested'): Promise<string[]> {
    if (!this.host) return [];
    const reply = await this.request({ type: 'unload', reason, ...(modelId === undefined ? {} : { modelId }) });
    if (reply.type !== 'unloaded') throw unexpected(reply);
    return reply.modelIds;
  }

  async estimate(options: ModelRunOptions): Promise<FitEstimate> {
    const reply = await this.request({ type: 'estimate', options });
    if (reply.type !== 'estimated') throw unexpected(reply);
    return reply.estimate;
  }

  async hardware(): Promise<HardwareInfo> {
    const reply = await this.request({ type: 'hardware' });
    if (reply.type !== 'hardware') throw unexpected(reply);
    return reply.info;
  }

  async probe(
    options: LoadOptions,
    onProgress: (progress: number) => void,
    signal?: AbortSignal,
  ): Promise<{ result: ProbeResult; info: LoadedModelInfo }> {
    const reply = await this.request(
      { type: 'probe', options },
      (message) => {
        if (message.type === 'load-progress') onProgress(message.progress);
      },
      signal,
    );
    if (reply.type !== 'probed') throw unexpected(reply);
    this.markUsed(reply.info);
    return { result: reply.result, info: reply.info };
  }

  /** Per text, its chunks as character offsets with token counts, by the embedding model's tokenizer. */
  /** The exact prompt `options.turns` give the model (loading it first, as a reply would). */
  async renderPrompt(options: RenderPromptOptions, onProgress: (progress: number) => void): Promise<{ prompt: string; tokens: number[]; info: LoadedModelInfo }> {
    const reply = await this.request({ type: 'render-prompt', options }, (message) => {
      if (message.type === 'load-progress') onProgress(message.progress);
    });
    if (reply.type !== 'rendered') throw unexpected(reply);
    this.markUsed(reply.info);
    return { prompt: reply.prompt, tokens: reply.tokens, info: reply.info };
  }

  async chunkTexts(options: ChunkTextsOptions): Promise<{ start: number; end: number; tokenCount: number }[][]> {
    const reply = await this.request({ type: 'tokenize-chunks', options });
    if (reply.type !== 'chunked') throw unexpected(reply);
    return reply.spans;
  }

  /** One unit-length vector per text; `signal` cancels between texts with `import-cancelled`. */
  async embed(options: EmbedOptions, signal?: AbortSignal): Promise<Float32Array[]> {
    const reply = await this.request({ type: 'embed', options }, undefined, signal);
    if (reply.type !== 'embedded') throw unexpected(reply);
    const { count, dimensions } = reply;
    const bytes = Buffer.from(reply.vectors, 'base64');
    if (count !== options.texts.length || bytes.length !== count * dimensions * 4) {
      throw new EnclaveError('internal', `The model process sent ${bytes.length} bytes for ${options.texts.length} embeddings.`);
    }
    // One aligned copy, then a view per text.
    const packed = new Float32Array(count * dimensions);
    new Uint8Array(packed.buffer).set(bytes);
    return Array.from({ length: count }, (_, index) => packed.subarray(index * dimensions, (index + 1) * dimensions));
  }

  /** The resident models, least recently used first. */
  loaded(): LoadedModelInfo[] {
    return [...this.resident.values()];
  }

  onUnloaded(listener: UnloadListener): () => void {
    this.unloadListeners.add(listener);
    return () => this.unloadListeners.delete(listener);
  }

  /**
   * Stops the host process, which frees every byte the models held; the next request starts a new
   * one. Resident models are reported unloaded with `reason`.
   */
  async stop(reason: ModelUnloadReason): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.expectedExits.set(host, reason);
    await killAndWait(host);
  }

  /** Stops the host process; pending requests fail with `model-host-crashed`. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const host = this.host;
    if (host) await killAndWait(host);
  }

  /** For tests and diagnostics: kills the host as a crash would. */
  killHostForTesting(): void {
    this.host?.kill();
  }

  get isRunning(): boolean {
    return this.host !== undefined;
  }

  private markUsed(info: LoadedModelInfo): void {
    this.resident.delete(info.modelId);
    this.resident.set(info.modelId, info);
  }

  private markUnloaded(modelId: string, reason: ModelUnloadReason): void {
    if (!this.resident.delete(modelId) || this.disposed) return;
    for (const listener of this.unloadListeners) listener(modelId, reason);
  }

  private async request(
    body: HostRequestBody,
    onReply?: (reply: HostReply) => void,
    signal?: AbortSignal,
  ): Promise<HostReply> {
    if (this.disposed) throw new EnclaveError('model-host-crashed', 'The model process has been shut down.');
    await this.ensureStarted();
    const requestId = this.nextRequestId++;
    const done = new Promise<HostReply>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject, ...(onReply ? { onReply } : {}) });
    });
    const cancel = () => this.host?.send({ type: 'cancel', requestId });
    signal?.addEventListener('abort', cancel, { once: true });
    this.host?.send({ ...body, requestId });
    try {
      return await done;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  private ensureStarted(): Promise<void> {
    if (this.host && this.ready) return this.ready;
    const host = this.launch();
    this.host = host;
    this.ready = new Promise<void>((resolve, reject) => {
      host.onMessage((raw) => {
        const parsed = hostReplySchema.safeParse(raw);
        if (!parsed.success) return;
        const reply = parsed.data;
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'model-unloaded') this.markUnloaded(reply.modelId, reply.reason);
        else this.route(reply);
      });
      host.onExit((exit) => {
        if (this.host === host) {
          this.host = undefined;
          this.ready = undefined;
        }
        const reason = this.expectedExits.get(host) ?? 'host-exited';
        for (const modelId of [...this.resident.keys()]) this.markUnloaded(modelId, reason);
        const error = crashError(exit);
        reject(error);
        for (const [requestId, pending] of this.pending) {
          this.pending.delete(requestId);
          pending.reject(error);
        }
      });
    });
    return this.ready;
  }

  private route(reply: Exclude<HostReply, { type: 'ready' | 'model-unloaded' }>): void {
    const pending = this.pending.get(reply.requestId);
    if (!pending) return;
    if (reply.type === 'load-progress' || reply.type === 'token') {
      pending.onReply?.(reply);
      return;
    }
    this.pending.delete(reply.requestId);
    if (reply.type === 'failed') pending.reject(new EnclaveError(reply.error.code, reply.error.message));
    else pending.resolve(reply);
  }
}

type HostRequestBody =
  | { type: 'load'; options: LoadOptions }
  | { type: 'generate'; options: GenerateOptions }
  | { type: 'unload'; modelId?: string; reason?: HostUnloadReason }
  | { type: 'estimate'; options: ModelRunOptions }
  | { type: 'hardware' }
  | { type: 'probe'; options: LoadOptions }
  | { type: 'tokenize-chunks'; options: ChunkTextsOptions }
  | { type: 'embed'; options: EmbedOptions }
  | { type: 'render-prompt'; options: RenderPromptOptions };

function killAndWait(host: HostProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => host.onExit(() => resolve()));
  host.kill();
  return exited;
}

function crashError(exit: HostExit): EnclaveError {
  const how = exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
  return new EnclaveError(
    'model-host-crashed',
    `The model process stopped unexpectedly (${how}). Any partial reply was kept; send again to restart the model.`,
  );
}

function unexpected(reply: HostReply): EnclaveError {
  return new EnclaveError('internal', `The model process sent an unexpected reply (${reply.type}).`);
}
