import type { LoadedModelInfo } from '../../../shared/domain.js';
import { EnclaveError } from '../../errors.js';
import type { HostExit, HostLauncher, HostProcess } from './launcher.js';
import {
  type GenerateOptions,
  type GenerationResult,
  type HostReply,
  hostReplySchema,
  type HostRequest,
  type LoadOptions,
} from './protocol.js';

interface Pending {
  resolve(reply: HostReply): void;
  reject(error: EnclaveError): void;
  onReply?: (reply: HostReply) => void;
}

/**
 * Core's side of the model host: starts it on first use, matches replies to requests, and turns the
 * host dying (native crash, OOM kill) into a `model-host-crashed` error for every request in flight.
 * The next request starts a fresh host, so one crash never blocks the next reply.
 */
export class ModelHostClient {
  private host: HostProcess | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextRequestId = 1;
  private disposed = false;

  constructor(private readonly launch: HostLauncher) {}

  async load(options: LoadOptions, onProgress: (progress: number) => void): Promise<LoadedModelInfo> {
    const reply = await this.request({ type: 'load', options }, (message) => {
      if (message.type === 'load-progress') onProgress(message.progress);
    });
    if (reply.type !== 'loaded') throw unexpected(reply);
    return reply.info;
  }

  async generate(options: GenerateOptions, onText: (text: string) => void, signal: AbortSignal): Promise<GenerationResult> {
    const reply = await this.request({ type: 'generate', options }, (message) => {
      if (message.type === 'token') onText(message.text);
    }, signal);
    if (reply.type !== 'generated') throw unexpected(reply);
    return reply.result;
  }

  async unload(): Promise<void> {
    if (!this.host) return;
    await this.request({ type: 'unload' });
  }

  /** Stops the host process; pending requests fail with `model-host-crashed`. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const host = this.host;
    if (!host) return;
    const exited = new Promise<void>((resolve) => host.onExit(() => resolve()));
    host.kill();
    await exited;
  }

  /** For tests and diagnostics: kills the host as a crash would. */
  killHostForTesting(): void {
    this.host?.kill();
  }

  get isRunning(): boolean {
    return this.host !== undefined;
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
    this.host?.send({ ...body, requestId } as HostRequest);
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
        if (parsed.data.type === 'ready') resolve();
        else this.route(parsed.data);
      });
      host.onExit((exit) => {
        if (this.host === host) {
          this.host = undefined;
          this.ready = undefined;
        }
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

  private route(reply: Exclude<HostReply, { type: 'ready' }>): void {
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
  | { type: 'unload' };

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
