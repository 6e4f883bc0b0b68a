import type { ModelInfo } from '../../../shared/models.js';
import { invalidRequest } from '../apiErrors.js';
import type { ApiResponse } from '../apiResponse.js';
import type { ApiServices, RouteOutcome } from '../apiServices.js';
import { describeRequestProblem, type EmbeddingRequest, embeddingRequest } from '../openaiRequests.js';
import { resolveServedModel } from '../servedModels.js';

/** The longest input an embedding context reads (model-host embeddings.ts caps its context there). */
const embeddingContextCap = 2048;

/**
 * `POST /v1/embeddings`: one unit-length vector per input text, from a local embedding model, as
 * floats or (what the `openai` SDK asks for by default) base64 of little-endian float32. An input
 * longer than the model reads is refused with its token count, never cut short unseen.
 */
export async function embeddings(services: ApiServices, body: unknown, response: ApiResponse, signal: AbortSignal): Promise<RouteOutcome> {
  const request = parseRequest(body);
  const texts = typeof request.input === 'string' ? [request.input] : (request.input as string[]);
  const model = await resolveServedModel(services.models(), request.model, 'embedding');
  const promptTokens = await countTokens(services, model, texts);
  const vectors = await services.provider.embed(model, texts, signal, 'api');
  const dimensions = vectors[0]?.length ?? 0;
  if (request.dimensions !== undefined && request.dimensions !== dimensions) {
    throw invalidRequest(`${model.name} writes vectors of ${dimensions} dimensions; it cannot shorten them to ${request.dimensions}.`, 'dimensions');
  }
  const base64 = request.encoding_format === 'base64';
  response.json(200, {
    object: 'list',
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? littleEndianBase64(vector) : Array.from(vector) })),
    model: model.id,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
  return { model: model.id, stream: false, promptTokens, completionTokens: 0, inputs: texts.length };
}

function parseRequest(body: unknown): EmbeddingRequest {
  const parsed = embeddingRequest.safeParse(body);
  if (!parsed.success) {
    const { message, param } = describeRequestProblem(parsed.error);
    throw invalidRequest(message, param);
  }
  const { input } = parsed.data;
  if (Array.isArray(input) && input.some((item) => typeof item !== 'string')) {
    throw invalidRequest('Give "input" as text (a string or an array of strings); token arrays are not read by this server.', 'input');
  }
  return parsed.data;
}

/** Tokens per text, by the model's own tokenizer; a text longer than its context is refused by number. */
async function countTokens(services: ApiServices, model: ModelInfo, texts: readonly string[]): Promise<number> {
  const limit = Math.min(model.contextLength ?? embeddingContextCap, embeddingContextCap);
  const spans = await services.provider.chunkTexts(model, [...texts], limit, 0, 'api');
  let total = 0;
  for (const [index, chunks] of spans.entries()) {
    if (chunks.length > 1) {
      throw invalidRequest(
        `Input ${index} is longer than ${model.name} reads at once (${limit} tokens); split it, as Enclave splits documents into passages.`,
        'input',
        'context_length_exceeded',
      );
    }
    total += chunks[0]?.tokenCount ?? 0;
  }
  return total;
}

/** The vector's float32 values as little-endian bytes, in base64, as OpenAI's `encoding_format: base64`. */
function littleEndianBase64(vector: Float32Array): string {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes.toString('base64');
}
