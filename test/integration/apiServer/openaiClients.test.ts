import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../electron/core/apiServer/httpServer.js';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { startTestCore, type TestCore, testPolicy } from '../../support/core.js';

/** Put in prompts: it must never reach the audit trail. */
const canary = 'CANARY-api-5d21';

/**
 * The local OpenAI-compatible API as its real clients use it: the `openai` SDK and LangChain's
 * OpenAI chat model and embeddings, against the server core starts, on the generated models in the
 * real model host. Tests run in order over one server.
 */
describe('the local API server with the openai SDK and LangChain', () => {
  let root: string;
  let test: TestCore;
  let server: RunningApiServer;
  let token: string;
  let client: OpenAI;
  let chatModelId: string;
  let embeddingModelId: string;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);
  const auditRows = () =>
    test.core.db!.prepare("SELECT type, actor, details FROM audit_events WHERE type LIKE 'api.%' ORDER BY seq").all() as { type: string; actor: string; details: string }[];

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-api-'));
    test = await startTestCore(root, { policy: testPolicy({ apiServer: { enabled: true, maxConcurrentRequests: 2 } }), inference: { threads: 1, contextSize: 1024 } });
    fs.copyFileSync(await ensureTestModel('tiny-embedding'), path.join(test.modelsDir, 'tiny-embedding.gguf'));
    const catalog = await request('models.list', {});
    chatModelId = catalog.models.find((model) => model.purpose === 'chat')!.id;
    embeddingModelId = catalog.models.find((model) => model.purpose === 'embedding')!.id;
    server = await test.core.apiServer!.start({ port: 0 });
    token = (await request('apiServer.addToken', { name: 'Notebook 1' })).token;
    client = new OpenAI({ baseURL: server.url, apiKey: token, maxRetries: 0 });
  }, 120_000);

  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('lists the local chat and embedding models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model);
    expect(models.map((model) => model.id).sort()).toEqual([chatModelId, embeddingModelId].sort());
    expect(models.find((model) => model.id === chatModelId)).toMatchObject({ object: 'model', owned_by: 'enclave', purpose: 'chat' });
    expect(await client.models.retrieve(embeddingModelId)).toMatchObject({ id: embeddingModelId, purpose: 'embedding' });
  });

  it('answers a chat completion whole, with usage, and the same text streamed, usage in the last chunk', async () => {
    const messages = [{ role: 'user' as const, content: `Say hello. ${canary}` }];
    // Older clients send `max_tokens`, newer ones `max_completion_tokens`: both are read.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the field older clients still send
    const whole = await client.chat.completions.create({ model: chatModelId, messages, max_tokens: 12, temperature: 0 });
    expect(whole.object).toBe('chat.completion');
    expect(whole.choices).toHaveLength(1);
    const answer = whole.choices[0]!.message.content ?? '';
    expect(answer.length).toBeGreaterThan(0);
    expect(whole.choices[0]!.finish_reason).toMatch(/^(stop|length)$/);
    expect(whole.usage?.completion_tokens).toBeGreaterThan(0);
    expect(whole.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(whole.usage?.total_tokens).toBe(whole.usage!.prompt_tokens + whole.usage!.completion_tokens);

    const stream = await client.chat.completions.create({ model: chatModelId, messages, max_completion_tokens: 12, temperature: 0, stream: true, stream_options: { include_usage: true } });
    let streamed = '';
    const chunks = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      streamed += chunk.choices[0]?.delta.content ?? '';
    }
    expect(streamed).toBe(answer);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe(whole.choices[0]!.finish_reason);
    expect(chunks.at(-1)!.choices).toEqual([]);
    expect(chunks.at(-1)!.usage).toEqual(whole.usage);
    // The SDK's own helper reads the stream the same way.
    const final = await client.chat.completions.stream({ model: chatModelId, messages, max_completion_tokens: 12, temperature: 0 }).finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe(answer);
  }, 60_000);

  it('stops at a stop text, and holds a reply to a JSON schema', async () => {
    const free = await client.chat.completions.create({ model: chatModelId, messages: [{ role: 'user', content: 'Count.' }], max_completion_tokens: 16, temperature: 0 });
    const text = free.choices[0]!.message.content!;
    const stopAt = text.trim().split(/\s+/)[2];
    expect(stopAt, `three words in "${text}"`).toBeDefined();
    const stopped = await client.chat.completions.create({ model: chatModelId, messages: [{ role: 'user', content: 'Count.' }], max_completion_tokens: 16, temperature: 0, stop: [stopAt!] });
    expect(stopped.choices[0]!.message.content).toBe(text.slice(0, text.indexOf(stopAt!)));
    expect(stopped.choices[0]!.finish_reason).toBe('stop');

    // The generated model babbles: the string gets a maxLength so the grammar ends it.
    const schema = { type: 'object', properties: { city: { type: 'string', maxLength: 20 }, visitors: { type: 'integer' } }, required: ['city', 'visitors'], additionalProperties: false };
    const structured = await client.chat.completions.create({
      model: chatModelId,
      messages: [{ role: 'user', content: 'Which city, and how many visitors?' }],
      max_completion_tokens: 200,
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'visit', schema, strict: true } },
    });
    const parsed = JSON.parse(structured.choices[0]!.message.content!) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['city', 'visitors']);
    expect(typeof parsed.city).toBe('string');
    expect(Number.isInteger(parsed.visitors)).toBe(true);
  }, 60_000);

  it('embeds a batch, as base64 (the SDK default) and as floats, unit length, in order', async () => {
    const inputs = ['the ferry leaves at nine', 'discharge the patient', 'the ferry leaves at nine'];
    const asBase64 = await client.embeddings.create({ model: embeddingModelId, input: inputs });
    const asFloats = await client.embeddings.create({ model: embeddingModelId, input: inputs, encoding_format: 'float' });
    expect(asBase64.data.map((item) => item.index)).toEqual([0, 1, 2]);
    for (const [index, item] of asFloats.data.entries()) {
      const decoded = asBase64.data[index]!.embedding;
      expect(decoded.length).toBe(item.embedding.length);
      decoded.forEach((value, dimension) => expect(value).toBeCloseTo(item.embedding[dimension]!, 6));
      expect(Math.hypot(...item.embedding)).toBeCloseTo(1, 4);
    }
    expect(asFloats.data[0]!.embedding).toEqual(asFloats.data[2]!.embedding);
    expect(asFloats.usage.prompt_tokens).toBeGreaterThan(0);
    const single = await client.embeddings.create({ model: embeddingModelId, input: 'the ferry leaves at nine', encoding_format: 'float' });
    expect(single.data[0]!.embedding).toEqual(asFloats.data[0]!.embedding);
  }, 60_000);

  it('answers errors in the OpenAI shape, with the status the SDK turns into its error classes', async () => {
    const notFound = await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(OpenAI.NotFoundError);
    expect((notFound as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');

    const wrongPurpose = await client.embeddings.create({ model: chatModelId, input: 'x' }).catch((error: unknown) => error);
    expect(wrongPurpose).toBeInstanceOf(OpenAI.BadRequestError);
    expect((wrongPurpose as Error).message).toContain('/v1/chat/completions');

    const tools = await client.chat.completions
      .create({ model: chatModelId, messages: [{ role: 'user', content: 'Hi' }], tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] })
      .catch((error: unknown) => error);
    expect(tools).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tools as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('tools');

    const badField = await client.chat.completions.create({ model: chatModelId, messages: [], temperature: 0 }).catch((error: unknown) => error);
    expect(badField).toBeInstanceOf(OpenAI.BadRequestError);
    expect((badField as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('messages');

    const image = await client.chat.completions
      .create({ model: chatModelId, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }] })
      .catch((error: unknown) => error);
    expect(image).toBeInstanceOf(OpenAI.BadRequestError);

    const stranger = new OpenAI({ baseURL: server.url, apiKey: 'enclave-not-a-token', maxRetries: 0 });
    const refused = await stranger.models.list().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);

    const raw = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{"model": ' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    const unknownRoute = await fetch(`${server.url}/completions`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{}' });
    expect(unknownRoute.status).toBe(404);
  });

  it('refuses web pages from origins the policy does not list, and a Host that is not this server', async () => {
    const fromPage = await fetch(`${server.url}/models`, { headers: { Authorization: `Bearer ${token}`, Origin: 'https://evil.example' } });
    expect(fromPage.status).toBe(403);
    expect(fromPage.headers.get('access-control-allow-origin')).toBeNull();
    const { request: httpRequest } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const rebinding = httpRequest({ host: '127.0.0.1', port: server.port, path: '/v1/models', headers: { Host: `attacker.example:${server.port}`, Authorization: `Bearer ${token}` } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      rebinding.on('error', reject);
      rebinding.end();
    });
    expect(status).toBe(403);
  });

  it('serves LangChain JS: ChatOpenAI invoke and stream, OpenAIEmbeddings', async () => {
    const configuration = { baseURL: server.url };
    const chat = new ChatOpenAI({ model: chatModelId, apiKey: token, configuration, temperature: 0, maxTokens: 12, maxRetries: 0 });
    const reply = await chat.invoke('Say hello.');
    expect(typeof reply.content).toBe('string');
    expect((reply.content as string).length).toBeGreaterThan(0);
    let streamed = '';
    for await (const chunk of await chat.stream('Say hello.')) streamed += chunk.content as string;
    expect(streamed).toBe(reply.content);

    const embedder = new OpenAIEmbeddings({ model: embeddingModelId, apiKey: token, configuration, maxRetries: 0 });
    const [vector] = await embedder.embedDocuments(['the ferry leaves at nine']);
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 4);
  }, 60_000);

  it('records every request as the client, with figures and never the text, and refusals too', () => {
    const rows = auditRows();
    expect(rows.map((row) => row.type)).toContain('api.started');
    expect(rows.map((row) => row.type)).toContain('api.tokenAdded');
    const requests = rows.filter((row) => row.type === 'api.request');
    expect(requests.length).toBeGreaterThanOrEqual(10);
    expect(new Set(requests.map((row) => row.actor))).toEqual(new Set(['api:Notebook 1']));
    const chat = requests.map((row) => JSON.parse(row.details) as Record<string, unknown>).find((details) => details.route === 'POST /v1/chat/completions' && details.outcome === 'ok');
    expect(chat).toMatchObject({ model: chatModelId, status: 200 });
    expect(chat!.completionTokens).toBeGreaterThan(0);
    const refusals = rows.filter((row) => row.type === 'api.refused').map((row) => JSON.parse(row.details) as Record<string, unknown>);
    expect(refusals.map((details) => details.reason)).toEqual(expect.arrayContaining(['invalid_api_key', 'origin_not_allowed', 'host_not_allowed']));
    expect(JSON.stringify(rows)).not.toContain(canary);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('a revoked token stops working at once; a stopped server answers nothing', async () => {
    expect((await request('apiServer.status', {})).tokens.map((listed) => listed.name)).toEqual(['Notebook 1']);
    await request('apiServer.revokeToken', { name: 'notebook 1' });
    expect(await client.models.list().catch((error: unknown) => error)).toBeInstanceOf(OpenAI.AuthenticationError);
    await test.core.apiServer!.stop();
    expect(await fetch(`${server.url}/models`).catch((error: unknown) => error)).toBeInstanceOf(Error);
    expect((await request('apiServer.status', {})).running).toBe(false);
  });
});
