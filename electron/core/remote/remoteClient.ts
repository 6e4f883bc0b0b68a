import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { NetworkPolicy } from '../../shared/policy.js';
import { EnclaveError } from '../errors.js';
import type { GenerationResult } from '../llm/host/protocol.js';
import type { ProviderEvents, ProviderTurn } from '../llm/provider.js';
import { isEndpointAllowed } from '../policy/endpoints.js';
import { guardedFetch } from './guardedFetch.js';
import { isApiError, toRemoteError } from './remoteErrors.js';
import { defaultRetryPolicy, isRetryableStatus, type RetryPolicy, retryDelayMs, sleep } from './retry.js';

/** An OpenAI-compatible endpoint as a request needs it; the key is read from its store just before use. */
export interface RemoteEndpointAccess {
  name: string;
  baseUrl: string;
  apiKey: string | null;
}

export interface RemoteClientOptions {
  /** The network part of the machine policy in force, read at each request. */
  network: () => NetworkPolicy;
  retry?: RetryPolicy;
  /** How long to wait for the response to start (headers); a slow endpoint fails with `remote-timeout`. */
  firstByteTimeoutMs?: number;
  /** How long a started stream may stay silent before it counts as stalled. */
  idleTimeoutMs?: number;
  /** For tests: the fetch underneath the policy guard. */
  fetch?: typeof fetch;
}

export interface RemoteChatRequest {
  endpoint: RemoteEndpointAccess;
  model: string;
  turns: ProviderTurn[];
  maxTokens: number;
  temperature: number;
  /** Sampling an OpenAI-compatible endpoint understands; the rest of a preset's settings are local-only. */
  topP?: number | undefined;
  seed?: number | undefined;
}

export interface RemoteGenerationResult extends GenerationResult {
  /** False when the endpoint reported no usage and the token counts are estimates (4 characters a token). */
  usageReported: boolean;
  attempts: number;
}

const defaultFirstByteTimeoutMs = 60_000;
const defaultIdleTimeoutMs = 60_000;

/** Clients already built, per options object, by endpoint address and key. */
const builtClients = new WeakMap<RemoteClientOptions, Map<string, OpenAI>>();
/** Endpoints (or keys) remembered per options object; the oldest is dropped beyond this. */
const clientsPerOptions = 8;

/**
 * The client for an endpoint. Building one costs more than the rest of a request's own work (the
 * SDK makes an object per API area), so it is built once per address and key and reused for as long
 * as the caller keeps the same options object; a changed key or address gets a new one (the key is
 * still read from its store before every request, which is what picks the client). The policy is
 * still checked here and, through `guardedFetch`, at every request.
 */
function client(options: RemoteClientOptions, endpoint: RemoteEndpointAccess): OpenAI {
  const decision = isEndpointAllowed(options.network(), endpoint.baseUrl);
  if (!decision.allowed) throw new EnclaveError('remote-not-allowed', decision.reason);
  let built = builtClients.get(options);
  if (!built) {
    built = new Map();
    builtClients.set(options, built);
  }
  const key = JSON.stringify([endpoint.baseUrl, endpoint.apiKey]);
  let openai = built.get(key);
  if (!openai) {
    openai = new OpenAI({
      baseURL: endpoint.baseUrl,
      // Explicit values, so nothing is picked up from OPENAI_* environment variables.
      apiKey: endpoint.apiKey ?? 'no-key',
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: options.firstByteTimeoutMs ?? defaultFirstByteTimeoutMs,
      fetch: guardedFetch(options.network, endpoint.apiKey !== null, options.fetch),
    });
    built.set(key, openai);
    if (built.size > clientsPerOptions) {
      const oldest = built.keys().next();
      if (!oldest.done) built.delete(oldest.value);
    }
  }
  return openai;
}

/** The model ids an endpoint serves (`GET /models`). */
export async function listRemoteModels(options: RemoteClientOptions, endpoint: RemoteEndpointAccess, signal?: AbortSignal): Promise<string[]> {
  try {
    const ids: string[] = [];
    for await (const model of client(options, endpoint).models.list({ signal })) ids.push(model.id);
    return ids.sort();
  } catch (error) {
    throw toRemoteError(unwrap(error), endpoint.name, '');
  }
}

/**
 * The body of a streamed chat completion request, built from turns already past data-loss
 * prevention: what `streamRemoteChat` sends and `enclave prompt --remote` prints. No key: that goes
 * in a header the SDK adds.
 */
export function chatCompletionBody(request: Omit<RemoteChatRequest, 'endpoint'>): ChatCompletionCreateParamsStreaming {
  return {
    model: request.model,
    messages: request.turns.map((turn) => ({ role: turn.role, content: turn.content })),
    // OpenAI deprecates `max_tokens` and `seed`, but OpenAI-compatible servers (llama.cpp,
    // vLLM, Ollama) read these names and not `max_completion_tokens`.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the name compatible servers read
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    ...(request.topP === undefined ? {} : { top_p: request.topP }),
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- still honoured by compatible servers
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    stream: true,
    stream_options: { include_usage: true },
  };
}

/**
 * Streams one chat completion. Failures before the first token (429, 5xx, a refused connection) are
 * retried with backoff, honouring Retry-After, at most `retry.maxAttempts` tries in all; a failure
 * after text has arrived is not retried (the reply would restart) and is thrown with the text so far
 * already delivered through `onText`. Aborting `signal` ends the reply as `aborted` with its text.
 */
export async function streamRemoteChat(
  options: RemoteClientOptions,
  request: RemoteChatRequest,
  events: Pick<ProviderEvents, 'onText' | 'onThought' | 'onPrompt'>,
  signal: AbortSignal,
): Promise<RemoteGenerationResult> {
  const retry = options.retry ?? defaultRetryPolicy;
  const openai = client(options, request.endpoint);
  const started = performance.now();
  let text = '';
  // A reasoning model's thoughts, as llama-server and vLLM stream them (`reasoning_content`), apart from the answer.
  let thought = '';
  let firstTokenAt: number | null = null;
  const body = chatCompletionBody(request);
  // The SDK sends the body as JSON.stringify writes it: this text is what the endpoint receives.
  events.onPrompt?.({ kind: 'remote-request', text: JSON.stringify(body), tokenCount: null });
  for (let attempt = 1; ; attempt++) {
    const attemptSignal = new StallGuard(signal, options.idleTimeoutMs ?? defaultIdleTimeoutMs);
    try {
      const stream = await openai.chat.completions.create(body, { signal: attemptSignal.signal });
      let finishReason: string | null = null;
      let usage: { prompt_tokens: number; completion_tokens: number } | null = null;
      attemptSignal.arm();
      for await (const chunk of stream) {
        attemptSignal.arm();
        // Typed as read, not as OpenAI's types promise: a compatible server may send a choice without a delta.
        const choice: StreamedChoice | undefined = chunk.choices[0];
        const thoughtDelta = choice?.delta?.reasoning_content;
        if (thoughtDelta) {
          firstTokenAt ??= performance.now();
          thought += thoughtDelta;
          events.onThought?.(thoughtDelta);
        }
        const delta = choice?.delta?.content;
        if (delta) {
          firstTokenAt ??= performance.now();
          text += delta;
          events.onText(delta);
        }
        finishReason = choice?.finish_reason ?? finishReason;
        if (chunk.usage) usage = chunk.usage;
      }
      attemptSignal.dispose();
      if (finishReason === null) {
        // The stream closed without saying it was done: cut off if text came, nonsense if nothing did.
        throw new EnclaveError(
          text ? 'remote-stream-cut' : 'remote-bad-response',
          text
            ? `The connection to ${request.endpoint.name} ended before the reply was complete; the text so far was kept.`
            : `${request.endpoint.name} answered without a reply (no completion in the response).`,
        );
      }
      return result(text, finishReason === 'length' ? 'max-tokens' : 'end', usage, request, started, firstTokenAt, attempt);
    } catch (error) {
      attemptSignal.dispose();
      if (signal.aborted) return result(text, 'aborted', null, request, started, firstTokenAt, attempt);
      const cause = attemptSignal.stalled
        ? new EnclaveError('remote-timeout', `${request.endpoint.name} stopped sending the reply; the text so far was kept.`)
        : unwrap(error);
      const status = isApiError(cause) ? cause.status : undefined;
      // Once anything was shown (answer or thoughts), a retry would show the reply twice.
      const retryable = text === '' && thought === '' && (isRetryableStatus(status) || isRefused(cause));
      if (!retryable || attempt >= retry.maxAttempts) throw toRemoteError(cause, request.endpoint.name, request.model);
      const headers = isApiError(cause) ? cause.headers : undefined;
      const waited = await sleep(retryDelayMs(retry, attempt, headers), signal);
      if (!waited) return result(text, 'aborted', null, request, started, firstTokenAt, attempt);
    }
  }
}

/** The part of a streamed chunk's choice that is read, each field as possibly missing. */
interface StreamedChoice {
  delta?: { content?: string | null; reasoning_content?: string | null };
  finish_reason?: string | null;
}

function result(
  text: string,
  stopReason: GenerationResult['stopReason'],
  usage: { prompt_tokens: number; completion_tokens: number } | null,
  request: RemoteChatRequest,
  started: number,
  firstTokenAt: number | null,
  attempts: number,
): RemoteGenerationResult {
  const promptChars = request.turns.reduce((sum, turn) => sum + turn.content.length, 0);
  return {
    text,
    stopReason,
    tokensIn: usage?.prompt_tokens ?? Math.ceil(promptChars / 4),
    tokensOut: usage?.completion_tokens ?? Math.ceil(text.length / 4),
    timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
    durationMs: performance.now() - started,
    usageReported: usage !== null,
    attempts,
  };
}

/** The policy guard's error comes back wrapped by the client as a connection error; unwrap it. */
function unwrap(error: unknown): unknown {
  let current = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof EnclaveError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return error;
}

function isRefused(error: unknown): boolean {
  return error instanceof OpenAI.APIConnectionError && !(error instanceof OpenAI.APIConnectionTimeoutError) && /ECONNREFUSED|ECONNRESET/.test(String(codeOf(error)));
}

function codeOf(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Aborts an attempt when the user stops it, or when a started stream stays silent too long. */
class StallGuard {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  stalled = false;
  private readonly forward = () => this.controller.abort();

  constructor(
    private readonly user: AbortSignal,
    private readonly idleTimeoutMs: number,
  ) {
    user.addEventListener('abort', this.forward, { once: true });
    if (user.aborted) this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** (Re)starts the silence timer: called when the response starts and at every chunk. */
  arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stalled = true;
      this.controller.abort();
    }, this.idleTimeoutMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.user.removeEventListener('abort', this.forward);
  }
}
