import type { HostLauncher } from './host/launcher.js';
import { ModelHostClient } from './host/modelHostClient.js';
import type { GenerationResult } from './host/protocol.js';
import type { ChatProvider, ProviderChatRequest, ProviderEvents } from './provider.js';

export interface LocalInferenceSettings {
  /** Worker threads for llama.cpp. Always explicit: an unset count can crawl on a busy machine. */
  threads: number;
  /** Upper bound on the context window; the model's trained context caps it further. */
  contextSize: number;
  gpuLayers: 'auto' | number;
  /** RAM a load may use, in bytes; null means what the OS reports free. */
  memoryBudgetBytes: number | null;
}

/** Runs GGUF models in the model-host process, loading the requested model on demand. */
export class LocalProvider implements ChatProvider {
  readonly kind = 'local';
  private readonly host: ModelHostClient;
  // One model and one context sequence: replies are written one after another.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    launch: HostLauncher,
    private readonly settings: LocalInferenceSettings,
  ) {
    this.host = new ModelHostClient(launch);
  }

  streamChat(request: ProviderChatRequest, events: ProviderEvents, signal: AbortSignal): Promise<GenerationResult> {
    const run = this.queue.then(() => this.run(request, events, signal));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(request: ProviderChatRequest, events: ProviderEvents, signal: AbortSignal): Promise<GenerationResult> {
    const info = await this.host.load(
      {
        modelPath: request.model.path,
        modelId: request.model.id,
        contextSize: Math.min(this.settings.contextSize, request.model.contextLength ?? this.settings.contextSize),
        threads: this.settings.threads,
        gpuLayers: this.settings.gpuLayers,
        memoryBudgetBytes: this.settings.memoryBudgetBytes,
      },
      (progress) => events.onModelLoading?.(progress),
    );
    events.onModelLoaded?.(info);
    if (signal.aborted) return abortedBeforeStart();
    return this.host.generate(
      { turns: request.turns, maxTokens: request.maxTokens, temperature: request.temperature },
      events.onText,
      signal,
    );
  }

  /** For tests: kills the model host as a native crash would. */
  killHostForTesting(): void {
    this.host.killHostForTesting();
  }

  dispose(): Promise<void> {
    return this.host.dispose();
  }
}

function abortedBeforeStart(): GenerationResult {
  return { text: '', stopReason: 'aborted', tokensIn: 0, tokensOut: 0, timeToFirstTokenMs: null, durationMs: 0 };
}
