/**
 * Entry point of the model-host process. node-llama-cpp and llama.cpp live only here, so a native
 * crash, an out-of-memory kill or a bad model file takes down this process and never the window or
 * the CLI. Started by core through a HostLauncher (utilityProcess in Electron, fork in Node).
 */
import { toAppError } from '../../errors.js';
import { EmbeddingSlot } from './embeddings.js';
import { connectToParent } from './hostChannel.js';
import { LlamaRuntime } from './llamaRuntime.js';
import { type HostRequest, hostRequestSchema } from './protocol.js';
import { RequestScheduler, type ScheduleMode } from './requestScheduler.js';

// Ctrl-C in a terminal reaches the whole process group. The parent decides when a reply stops (and
// keeps it as "interrupted", with its token counts); the host must not die underneath it.
process.on('SIGINT', () => undefined);

const channel = connectToParent();
const runtime = new LlamaRuntime(process.env.ENCLAVE_GPU === 'off' ? false : 'auto', (modelId, reason) =>
  channel.send({ type: 'model-unloaded', modelId, reason }),
);
const embeddings = new EmbeddingSlot(() => runtime.getBackend());
const running = new Map<number, AbortController>();

// One owner of the native models and contexts. Replies on a loaded model run together, one per
// sequence, decoded in one batch; everything else (loads, unloads, probes, embeddings) runs alone,
// after the replies before it, in arrival order.
const scheduler = new RequestScheduler();

function scheduleMode(request: Exclude<HostRequest, { type: 'cancel' }>): ScheduleMode {
  if (request.type === 'generate') return { kind: 'shared', group: request.options.modelId, limit: runtime.sequencesOf(request.options.modelId) };
  // The embedding model has contexts of its own: a re-index goes on while a reply is written.
  if (request.type === 'embed' || request.type === 'tokenize-chunks') return { kind: 'shared', group: 'embeddings', limit: 1 };
  return { kind: 'exclusive' };
}

channel.onMessage((raw) => {
  const parsed = hostRequestSchema.safeParse(raw);
  if (!parsed.success) return; // Only core talks to this process; anything else is ignored.
  const request = parsed.data;
  if (request.type === 'cancel') {
    running.get(request.requestId)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(request.requestId, controller);
  void scheduler
    .run(scheduleMode(request), () => handle(request, controller.signal))
    .finally(() => running.delete(request.requestId));
});

async function handle(request: Exclude<HostRequest, { type: 'cancel' }>, signal: AbortSignal): Promise<void> {
  const { requestId } = request;
  const onProgress = (progress: number) => channel.send({ type: 'load-progress', requestId, progress });
  try {
    switch (request.type) {
      case 'load': {
        const info = await runtime.load(request.options, onProgress);
        channel.send({ type: 'loaded', requestId, info });
        return;
      }
      case 'generate': {
        const result = await runtime.generate(
          request.options,
          (text, segment) => channel.send({ type: 'token', requestId, text, ...(segment ? { segment } : {}) }),
          signal,
        );
        channel.send({ type: 'generated', requestId, result });
        return;
      }
      case 'unload': {
        const modelIds = await runtime.unload(request.modelId, request.reason);
        // Unloading everything frees the embedding model too; it reloads on the next chunk or embed request.
        if (request.modelId === undefined) await embeddings.dispose();
        channel.send({ type: 'unloaded', requestId, modelIds });
        return;
      }
      case 'estimate': {
        const estimate = await runtime.estimate(request.options);
        channel.send({ type: 'estimated', requestId, estimate });
        return;
      }
      case 'hardware': {
        const info = await runtime.hardware();
        channel.send({ type: 'hardware', requestId, info });
        return;
      }
      case 'probe': {
        const { result, info } = await runtime.probe(request.options, onProgress, signal);
        channel.send({ type: 'probed', requestId, result, info });
        return;
      }
      case 'render-prompt': {
        const { prompt, tokens, info } = await runtime.renderPrompt(request.options, onProgress);
        channel.send({ type: 'rendered', requestId, prompt, tokens, info });
        return;
      }
      case 'tokenize-chunks': {
        const { texts, maxTokens, overlapTokens, ...model } = request.options;
        const spans = await embeddings.chunkTexts(model, texts, maxTokens, overlapTokens);
        channel.send({ type: 'chunked', requestId, spans });
        return;
      }
      case 'embed': {
        const { texts, ...model } = request.options;
        const { dimensions, vectors } = await embeddings.embed(model, texts, signal);
        const bytes = Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength);
        channel.send({ type: 'embedded', requestId, count: texts.length, dimensions, vectors: bytes.toString('base64') });
        return;
      }
    }
  } catch (error) {
    channel.send({ type: 'failed', requestId, error: toAppError(error) });
  }
}

channel.send({ type: 'ready' });
