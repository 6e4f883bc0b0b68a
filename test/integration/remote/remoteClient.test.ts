import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRemoteModels, type RemoteClientOptions, streamRemoteChat } from '../../../electron/core/remote/remoteClient.js';
import type { NetworkPolicy } from '../../../electron/shared/policy.js';
import { FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';

/**
 * The remote provider's client against a real OpenAI-compatible HTTP server on loopback, through the
 * real `openai` client: streaming, retries, and one specific error per failure.
 */
describe('remote chat completions against a loopback OpenAI-compatible server', () => {
  const server = new FakeOpenAiServer();
  let baseUrl: string;
  let network: NetworkPolicy;
  const options = (extra: Partial<RemoteClientOptions> = {}): RemoteClientOptions => ({
    network: () => network,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 1500 },
    ...extra,
  });
  const endpoint = () => ({ name: 'Test endpoint', baseUrl, apiKey: 'sk-test-secret' });
  const ask = (extra: Partial<RemoteClientOptions> = {}, signal = new AbortController().signal) => {
    const streamed: string[] = [];
    const result = streamRemoteChat(
      options(extra),
      { endpoint: endpoint(), model: 'gpt-test', turns: [{ role: 'user', content: 'Hi there' }], maxTokens: 32, temperature: 0 },
      { onText: (text) => streamed.push(text) },
      signal,
    );
    return { result, streamed };
  };

  beforeAll(async () => {
    baseUrl = await server.start();
    network = { mode: 'allowlist', endpoints: [baseUrl] } as NetworkPolicy;
  });
  afterAll(() => server.stop());

  it('lists models and streams a reply with reported usage, sending the key and nothing about the machine', async () => {
    expect(await listRemoteModels(options(), endpoint())).toEqual(['gpt-test', 'gpt-test-mini']);
    const { result, streamed } = ask();
    const reply = await result;
    expect(streamed.join('')).toBe('Hello from the endpoint.');
    expect(reply).toMatchObject({ text: 'Hello from the endpoint.', stopReason: 'end', tokensIn: 21, tokensOut: 4, usageReported: true, attempts: 1 });
    const sent = server.chatRequests().at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer sk-test-secret');
    expect(Object.keys(sent.headers).filter((name) => name.startsWith('x-stainless'))).toEqual([]);
    expect(sent.body).toMatchObject({ model: 'gpt-test', stream: true, messages: [{ role: 'user', content: 'Hi there' }] });
  });

  it('retries a 429 after the Retry-After the server asks for, and a 500, then answers', async () => {
    server.then({ kind: 'status', status: 429, retryAfter: '1' }, { kind: 'status', status: 503 });
    const before = server.chatRequests().length;
    const started = Date.now();
    const reply = await ask().result;
    expect(reply).toMatchObject({ text: 'Hello from the endpoint.', attempts: 3 });
    expect(server.chatRequests().length - before).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('gives up after the last attempt without a retry storm', async () => {
    server.then(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 500, message: 'boom' })));
    const before = server.chatRequests().length;
    await expect(ask().result).rejects.toMatchObject({ code: 'remote-server-error', message: expect.stringMatching(/500.*boom/) });
    expect(server.chatRequests().length - before).toBe(3);
  });

  it.each([
    [{ kind: 'status', status: 401, message: 'bad key' }, 'remote-auth', /refused the API key \(401\): bad key/],
    [{ kind: 'status', status: 403 }, 'remote-auth', /403/],
    [{ kind: 'status', status: 404, message: 'model not found' }, 'remote-not-found', /no model "gpt-test"/],
    [{ kind: 'status', status: 400, code: 'context_length_exceeded', message: 'maximum context length is 8192 tokens' }, 'remote-context-length', /too long/],
    [{ kind: 'malformed' }, 'remote-bad-response', /could not read/],
    [{ kind: 'error-event', message: 'overloaded' }, 'remote-bad-response', /reported an error in its reply: overloaded/],
    [{ kind: 'no-completion' }, 'remote-bad-response', /without a reply/],
  ] as const)('fails a %o with a specific error, once', async (behaviour, code, message) => {
    server.then(behaviour);
    const before = server.chatRequests().length;
    await expect(ask().result).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(server.chatRequests().length - before).toBe(1);
  });

  it('keeps the text so far when the stream is cut, and does not retry a reply that had started', async () => {
    server.then({ kind: 'cut', words: ['Partial', ' answer'] });
    const { result, streamed } = ask();
    await expect(result).rejects.toMatchObject({ code: 'remote-stream-cut' });
    expect(streamed.join('')).toBe('Partial answer');
  });

  it('times out an endpoint slow to answer, and a stream that goes silent', async () => {
    server.then({ kind: 'slow-headers', delayMs: 1500 });
    await expect(ask({ firstByteTimeoutMs: 300, retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 } }).result).rejects.toMatchObject({
      code: 'remote-timeout',
    });
    server.then({ kind: 'stall', words: ['Half'] });
    const { result, streamed } = ask({ idleTimeoutMs: 300 });
    await expect(result).rejects.toMatchObject({ code: 'remote-timeout', message: expect.stringMatching(/stopped sending/) });
    expect(streamed).toEqual(['Half']);
  });

  it('stops when the user stops, with the text so far', async () => {
    server.then({ kind: 'stall', words: ['Some', ' text'] });
    const controller = new AbortController();
    const { result } = ask({ idleTimeoutMs: 10_000 }, controller.signal);
    setTimeout(() => controller.abort(), 200);
    expect(await result).toMatchObject({ text: 'Some text', stopReason: 'aborted' });
  });

  it('reports an endpoint that is down, and one whose name does not resolve', async () => {
    const down = new FakeOpenAiServer();
    const downUrl = await down.start();
    await down.stop();
    const policy = { mode: 'allowlist', endpoints: [downUrl, 'http://enclave-test.invalid/v1'] } as NetworkPolicy;
    const attempt = (url: string) =>
      streamRemoteChat(
        { network: () => policy, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 5 } },
        { endpoint: { name: 'Down', baseUrl: url, apiKey: null }, model: 'm', turns: [{ role: 'user', content: 'x' }], maxTokens: 4, temperature: 0 },
        { onText: () => undefined },
        new AbortController().signal,
      );
    await expect(attempt(downUrl)).rejects.toMatchObject({ code: 'remote-unreachable', message: expect.stringMatching(/ECONNREFUSED/) });
    await expect(attempt('http://enclave-test.invalid/v1')).rejects.toMatchObject({ code: 'remote-unreachable', message: expect.stringMatching(/DNS/) });
  });

  it('says a redirect is a redirect, refused with where it pointed, and follows none', async () => {
    server.then({ kind: 'redirect', status: 302, location: 'https://elsewhere.example/v1/chat/completions' });
    const before = server.requests.length;
    await expect(ask({ retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 5 } }).result).rejects.toMatchObject({
      code: 'remote-redirected',
      message: expect.stringMatching(/answered with a redirect \(302\) to https:\/\/elsewhere\.example\/v1\/chat\/completions\. Enclave does not follow redirects/),
    });
    expect(server.requests.length).toBe(before + 1);
  });

  it('refuses an endpoint the policy does not allow before any socket opens', async () => {
    const before = server.requests.length;
    network = { mode: 'offline' };
    try {
      await expect(ask().result).rejects.toMatchObject({ code: 'remote-not-allowed', message: expect.stringMatching(/offline/) });
      network = { mode: 'allowlist', endpoints: [`${server.origin}/v2`] } as NetworkPolicy;
      await expect(listRemoteModels(options(), endpoint())).rejects.toMatchObject({ code: 'remote-not-allowed' });
    } finally {
      network = { mode: 'allowlist', endpoints: [baseUrl] } as NetworkPolicy;
    }
    expect(server.requests.length).toBe(before);
  });

  it('with the same options for every request (as the app keeps them), sends the key of each, and holds it to the policy in force', async () => {
    const shared = options();
    const send = (apiKey: string | null) =>
      streamRemoteChat(
        shared,
        { endpoint: { name: 'Test endpoint', baseUrl, apiKey }, model: 'gpt-test', turns: [{ role: 'user', content: 'Hi' }], maxTokens: 8, temperature: 0 },
        { onText: () => undefined },
        new AbortController().signal,
      );
    await send('sk-first');
    await send('sk-rotated');
    await send(null);
    await send('sk-first');
    expect(server.chatRequests().slice(-4).map((request) => request.headers.authorization)).toEqual([
      'Bearer sk-first',
      'Bearer sk-rotated',
      undefined,
      'Bearer sk-first',
    ]);
    const before = server.requests.length;
    network = { mode: 'offline' };
    try {
      await expect(send('sk-first')).rejects.toMatchObject({ code: 'remote-not-allowed' });
    } finally {
      network = { mode: 'allowlist', endpoints: [baseUrl] } as NetworkPolicy;
    }
    expect(server.requests.length).toBe(before);
  });
});
