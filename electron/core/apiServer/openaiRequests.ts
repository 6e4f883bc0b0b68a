import { z } from 'zod';

/**
 * The request bodies the server accepts, as OpenAI's API defines them. Fields Enclave cannot honour
 * are refused by name (tools, several choices, images) rather than ignored: a client should not get
 * an answer to a question it did not ask. Fields that change nothing here (user, metadata, store,
 * penalties at their defaults) are accepted and ignored, as OpenAI-compatible servers do.
 */

const textPart = z.object({ type: z.literal('text'), text: z.string() }).loose();
const messageContent = z.union([z.string(), z.array(z.union([textPart, z.object({ type: z.string() }).loose()]))]);

const chatMessage = z
  .object({
    role: z.string(),
    content: messageContent.nullable().optional(),
    name: z.string().optional(),
  })
  .loose();

const jsonSchemaFormat = z.object({
  type: z.literal('json_schema'),
  json_schema: z
    .object({
      name: z.string().max(64).optional(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    })
    .loose(),
});

const responseFormat = z.discriminatedUnion('type', [z.object({ type: z.literal('text') }), z.object({ type: z.literal('json_object') }), jsonSchemaFormat]);

/** Enclave's extension: answer from the user's document collections, with citations (docs/local-api.md). */
export const enclaveChatExtension = z
  .object({
    collections: z.array(z.string().min(1).max(200)).min(1).max(20),
  })
  .strict();

export const chatCompletionRequest = z
  .object({
    model: z.string().min(1).max(300),
    messages: z.array(chatMessage).min(1).max(10_000),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().gt(0).max(1).nullable().optional(),
    seed: z.number().int().nullable().optional(),
    stop: z.union([z.string().min(1), z.array(z.string().min(1)).max(16)]).nullable().optional(),
    n: z.number().int().nullable().optional(),
    response_format: responseFormat.nullable().optional(),
    frequency_penalty: z.number().nullable().optional(),
    presence_penalty: z.number().nullable().optional(),
    tools: z.array(z.unknown()).nullable().optional(),
    functions: z.array(z.unknown()).nullable().optional(),
    logprobs: z.boolean().nullable().optional(),
    enclave: enclaveChatExtension.optional(),
  })
  .loose();
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;
export type ChatCompletionMessage = z.infer<typeof chatMessage>;

export const embeddingRequest = z
  .object({
    model: z.string().min(1).max(300),
    input: z.union([z.string(), z.array(z.string()).min(1).max(2048), z.array(z.number()), z.array(z.array(z.number()))]),
    encoding_format: z.enum(['float', 'base64']).optional(),
    dimensions: z.number().int().positive().optional(),
  })
  .loose();
export type EmbeddingRequest = z.infer<typeof embeddingRequest>;

/** The first problem zod found, as one sentence naming the field (OpenAI's `param`). */
export function describeRequestProblem(error: z.ZodError): { message: string; param: string | null } {
  const issue = error.issues[0];
  if (!issue) return { message: 'The request body is not valid.', param: null };
  const param = issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  return { message: param ? `Invalid "${param}": ${issue.message}.` : `Invalid request: ${issue.message}.`, param };
}
