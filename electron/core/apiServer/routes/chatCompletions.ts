import { randomBytes } from 'node:crypto';
import type { MessageSource } from '../../../shared/documents.js';
import type { ModelInfo } from '../../../shared/models.js';
import { resolveCitations } from '../../chat/citations.js';
import { fencedPassages, groundedInstructions, groundedSystemPrompt } from '../../chat/groundedPrompt.js';
import { withGrounding } from '../../chat/turns.js';
import type { GenerationResult } from '../../llm/host/protocol.js';
import type { ProviderChatRequest, ProviderTurn } from '../../llm/provider.js';
import { ApiError, invalidRequest } from '../apiErrors.js';
import type { ApiResponse } from '../apiResponse.js';
import type { ApiServices, RouteOutcome } from '../apiServices.js';
import { type ChatCompletionMessage, type ChatCompletionRequest, chatCompletionRequest, describeRequestProblem } from '../openaiRequests.js';
import { resolveServedModel } from '../servedModels.js';

/** OpenAI's default temperature, which its clients assume when they send none. */
const defaultTemperature = 1;

/**
 * `POST /v1/chat/completions`: one reply from a local model, streamed as server-sent events or
 * answered whole, in OpenAI's shapes. With Enclave's `enclave.collections`, the reply is grounded in
 * passages of those collections and says which it cites (docs/local-api.md). Nothing is stored as a
 * chat: the API is stateless, as OpenAI's is; the audit trail records that the request was made.
 */
export async function chatCompletions(services: ApiServices, body: unknown, response: ApiResponse, signal: AbortSignal): Promise<RouteOutcome> {
  const request = parseRequest(body);
  const model = await resolveServedModel(services.models(), request.model, 'chat');
  const outcome: RouteOutcome = { model: model.id, stream: request.stream === true, promptTokens: 0, completionTokens: 0 };
  const sources = request.enclave ? await retrieveSources(services, request) : null;
  const providerRequest = buildProviderRequest(services, request, model, sources);
  const completion = { id: `chatcmpl-${randomBytes(12).toString('base64url')}`, created: Math.floor(Date.now() / 1000), model: model.id };

  let result: GenerationResult;
  if (request.stream === true) {
    response.startEvents();
    const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}) => ({
      ...completion,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
      ...extra,
    });
    response.event(chunk({ role: 'assistant', content: '' }, null));
    // A reasoning model's thoughts go in `reasoning_content`, never in `content`, as llama-server sends them.
    const events = {
      onText: (text: string) => response.event(chunk({ content: text }, null)),
      onThought: (text: string) => response.event(chunk({ reasoning_content: text }, null)),
    };
    result = await services.provider.streamChat(providerRequest, events, signal, 'api');
    Object.assign(outcome, usageOf(result));
    const grounding = sources ? { enclave: citationsOf(result, sources).enclave } : {};
    response.event(chunk({}, finishReason(result), grounding));
    if (request.stream_options?.include_usage) response.event({ ...completion, object: 'chat.completion.chunk', choices: [], usage: openAiUsage(result) });
    response.endEvents();
  } else {
    result = await services.provider.streamChat(providerRequest, { onText: () => undefined }, signal, 'api');
    Object.assign(outcome, usageOf(result));
    const cited = sources ? citationsOf(result, sources) : null;
    response.json(200, {
      ...completion,
      object: 'chat.completion',
      choices: [{ index: 0, message: replyMessage(cited?.text ?? result.text, result), finish_reason: finishReason(result), logprobs: null }],
      usage: openAiUsage(result),
      ...(cited ? { enclave: cited.enclave } : {}),
    });
  }
  outcome.finish = result.stopReason;
  return outcome;
}

/** The assistant message of a whole reply: its thoughts, if any, in `reasoning_content` as llama-server writes them. */
function replyMessage(content: string, result: GenerationResult): Record<string, unknown> {
  return { role: 'assistant', content, ...(result.thought ? { reasoning_content: result.thought.text } : {}), refusal: null };
}

function parseRequest(body: unknown): ChatCompletionRequest {
  const parsed = chatCompletionRequest.safeParse(body);
  if (!parsed.success) {
    const { message, param } = describeRequestProblem(parsed.error);
    throw invalidRequest(message, param);
  }
  const request = parsed.data;
  if ((request.n ?? 1) !== 1) throw invalidRequest('Enclave writes one choice per request: leave "n" out or set it to 1.', 'n');
  if ((request.tools?.length ?? 0) > 0 || (request.functions?.length ?? 0) > 0) {
    throw invalidRequest('Tool and function calling is not supported by this server; send the request without "tools".', 'tools');
  }
  if (request.logprobs === true) throw invalidRequest('Log probabilities are not supported by this server.', 'logprobs');
  return request;
}

function buildProviderRequest(services: ApiServices, request: ChatCompletionRequest, model: ModelInfo, sources: MessageSource[] | null): ProviderChatRequest {
  let turns = request.messages.map(toTurn);
  let passages: ProviderChatRequest['passages'];
  if (sources) {
    // As a chat over documents does (chat/replyRunner.ts): the passages go apart from the turns, so the
    // host keeps as many as the model's context holds.
    turns = sources.length === 0 ? withGrounding(turns, groundedSystemPrompt(sources)) : withGrounding(turns, groundedInstructions(sources.length));
    if (sources.length > 0) passages = fencedPassages(sources);
  }
  const stop = request.stop === undefined || request.stop === null ? undefined : [request.stop].flat();
  const format = request.response_format;
  const jsonSchema =
    format?.type === 'json_schema' ? (format.json_schema.schema ?? { type: 'object' }) : format?.type === 'json_object' ? { type: 'object' } : undefined;
  return {
    model,
    turns,
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? services.defaultMaxTokens,
    temperature: request.temperature ?? defaultTemperature,
    sampling: {
      ...(request.top_p === undefined || request.top_p === null ? {} : { topP: request.top_p }),
      ...(request.seed === undefined || request.seed === null ? {} : { seed: request.seed }),
    },
    ...(jsonSchema ? { jsonSchema } : {}),
    ...(passages ? { passages } : {}),
    ...(stop ? { stop } : {}),
  };
}

const roles: Readonly<Record<string, ProviderTurn['role']>> = { system: 'system', developer: 'system', user: 'user', assistant: 'assistant' };

function toTurn(message: ChatCompletionMessage, index: number): ProviderTurn {
  const role = Object.hasOwn(roles, message.role) ? roles[message.role] : undefined;
  if (!role) {
    throw invalidRequest(`A message's role must be system, developer, user or assistant; "${message.role}" is not supported here.`, `messages.${index}.role`);
  }
  return { role, content: messageText(message, index) };
}

function messageText(message: ChatCompletionMessage, index: number): string {
  const { content } = message;
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type === 'text' && 'text' in part && typeof part.text === 'string') return part.text;
      throw invalidRequest(`Only text content can be read by Enclave's local models; a "${part.type}" part cannot.`, `messages.${index}.content`);
    })
    .join('');
}

/** The passages for the question (the last user message), numbered for citing. */
async function retrieveSources(services: ApiServices, request: ChatCompletionRequest): Promise<MessageSource[]> {
  const documents = services.documents();
  const collectionIds = (request.enclave?.collections ?? []).map((reference) => {
    const collection = documents.findCollection(reference);
    if (!collection) {
      throw new ApiError(404, 'not_found_error', `No collection is named "${reference}". "enclave collections list" shows them.`, 'collection_not_found', 'enclave.collections');
    }
    return collection.id;
  });
  const question = [...request.messages].reverse().find((message) => message.role === 'user');
  if (!question) throw invalidRequest('An answer from collections needs a user message to search for.', 'messages');
  const hits = await documents.search(messageText(question, request.messages.indexOf(question)), collectionIds);
  return hits.map((hit, index) => ({ ...hit, number: index + 1, cited: false }));
}

/** The reply with citations of passages the model was not given removed, and the passages it was given. */
function citationsOf(result: GenerationResult, sources: readonly MessageSource[]): { text: string; enclave: Record<string, unknown> } {
  const given = sources.slice(0, Math.min(sources.length, result.passagesUsed ?? sources.length));
  const { text, cited } = resolveCitations(result.text, given.length);
  return {
    text,
    enclave: {
      citations: cited,
      sources: given.map((source) => ({
        number: source.number,
        cited: cited.includes(source.number),
        document_id: source.documentId,
        file_name: source.fileName,
        page: source.page,
        page_label: source.pageLabel ?? null,
        section: source.section,
        score: source.score,
        text: source.text,
      })),
    },
  };
}

function finishReason(result: GenerationResult): 'stop' | 'length' {
  return result.stopReason === 'max-tokens' ? 'length' : 'stop';
}

function usageOf(result: GenerationResult): Pick<RouteOutcome, 'promptTokens' | 'completionTokens'> {
  return { promptTokens: result.tokensIn, completionTokens: result.tokensOut };
}

function openAiUsage(result: GenerationResult): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: result.tokensIn, completion_tokens: result.tokensOut, total_tokens: result.tokensIn + result.tokensOut };
}
