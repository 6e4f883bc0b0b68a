import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import type { DocumentImportEvent } from '../../../electron/shared/documents.js';
import type { EnclaveEvent } from '../../../electron/shared/domain.js';
import { writeDocumentFixtures } from '../../../scripts/fixtures/documents.js';
import { nextEvent, startTestCore, type TestCore, testPolicy } from '../../support/core.js';
import { FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';
import { recordStream } from '../../support/streams.js';

/**
 * Remote chats through core's handlers, as the window and the CLI use them: a real database, the
 * machine policy allowing one loopback endpoint, DLP checking every outgoing text, the record of
 * each remote request, and usage with prices.
 */
describe('chatting with a remote endpoint under policy and DLP', () => {
  const server = new FakeOpenAiServer();
  let root: string;
  let test: TestCore;
  let endpointId: string;
  let localModelId: string;
  let baseUrl: string;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  async function sendAndWait(chatId: string, content: string, extra: Record<string, unknown> = {}) {
    const finished = nextEvent(test.core, (event) => event.type === 'generation.finished' && event.chatId === chatId);
    const sent = await request('chats.send', { chatId, content, remote: { endpointId, model: 'gpt-4o-mini' }, ...extra });
    const event = (await finished) as Extract<EnclaveEvent, { type: 'generation.finished' }>;
    const { messages } = await request('chats.get', { chatId });
    return { sent, event, reply: messages.find((message) => message.id === sent.assistantMessage.id)! };
  }

  beforeAll(async () => {
    server.models = ['gpt-4o', 'gpt-4o-mini'];
    baseUrl = await server.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-remote-chat-'));
    test = await startTestCore(root, {
      policy: testPolicy({
        network: { mode: 'allowlist', endpoints: [baseUrl] },
        dlp: { actions: { email: 'redact', creditCard: 'block', phone: 'warn', ipAddress: 'redact', customTerm: 'redact' }, customTerms: ['Project Falcon'] },
      }),
      remoteClient: { retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 } },
      allowKeyFile: true,
    });
    endpointId = (await request('endpoints.add', { name: 'Loopback', baseUrl, apiKey: 'sk-local-test' })).id;
    localModelId = (await request('models.list', {})).models[0]!.id;
  });
  afterAll(async () => {
    await test.core.dispose();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows what policy allows, and lists the endpoint with its models', async () => {
    const status = await request('policy.status', {});
    expect(status).toMatchObject({ networkMode: 'allowlist', allowDocumentPassages: false, source: { status: 'loaded' } });
    expect(status.locks.settings.length).toBeGreaterThan(0);
    expect(await request('endpoints.list', {})).toEqual([expect.objectContaining({ name: 'Loopback', allowed: true, keyStorage: 'file' })]);
    expect((await request('endpoints.models', { endpointId })).models).toContain('gpt-4o-mini');
    // The CLI's key file is owner-only.
    expect(fs.statSync(path.join(test.dataDir, 'endpoint-keys.json')).mode & 0o077).toBe(0);
  });

  it('refuses to add an endpoint the policy does not list', async () => {
    await expect(request('endpoints.add', { name: 'Elsewhere', baseUrl: 'https://api.openai.com/v1' })).rejects.toMatchObject({
      code: 'remote-not-allowed',
    });
  });

  it('streams a remote reply, stores who wrote it, and records the request with its usage', async () => {
    const chat = await request('chats.create', {});
    const { reply, event } = await sendAndWait(chat.id, 'Summarise the meeting.');
    expect(event.status).toBe('complete');
    expect(reply).toMatchObject({
      content: 'Hello from the endpoint.',
      provider: 'remote',
      endpointName: 'Loopback',
      modelName: 'gpt-4o-mini',
      tokensIn: 21,
      tokensOut: 4,
      redactions: [],
    });
    expect(reply.routeReason).toMatch(/Sent to Loopback \(gpt-4o-mini\)/);
    expect(server.chatRequests().at(-1)!.headers.authorization).toBe('Bearer sk-local-test');
    const [record] = await request('usage.requests', {});
    expect(record).toMatchObject({ endpointName: 'Loopback', model: 'gpt-4o-mini', outcome: 'complete', tokensIn: 21, usageReported: true });
  });

  it('redacts e-mail addresses and custom terms before sending, and restores them in the reply shown here', async () => {
    server.then({ kind: 'ok', words: ['I will write to ', '[EMA', 'IL_1]', ' about [TER', 'M_1].'] });
    const chat = await request('chats.create', {});
    const { reply } = await sendAndWait(chat.id, 'Draft a note to jane.doe@example.com about Project Falcon.');
    const sent = server.chatRequests().at(-1)!.body as { messages: { content: string }[] };
    const outgoing = JSON.stringify(sent.messages);
    expect(outgoing).not.toContain('jane.doe@example.com');
    expect(outgoing).not.toMatch(/Project Falcon/i);
    expect(outgoing).toMatch(/\[EMAIL_1\]/);
    expect(reply.content).toBe('I will write to jane.doe@example.com about Project Falcon.');
    expect(reply.redactions.map((redaction) => [redaction.detector, redaction.original])).toEqual(
      expect.arrayContaining([
        ['email', 'jane.doe@example.com'],
        ['customTerm', 'Project Falcon'],
      ]),
    );
    const [record] = await request('usage.requests', {});
    expect(record!.dlp).toMatchObject({ total: 2, byDetector: { email: 1, customTerm: 1 } });
    expect(JSON.stringify(record)).not.toContain('jane.doe');
  });

  it('blocks a message the policy forbids: nothing sent, nothing stored, the block recorded', async () => {
    const chat = await request('chats.create', {});
    const before = server.chatRequests().length;
    await expect(
      request('chats.send', { chatId: chat.id, content: 'Card 4111 1111 1111 1111 please', remote: { endpointId, model: 'gpt-4o-mini' } }),
    ).rejects.toMatchObject({ code: 'dlp-blocked', message: expect.stringMatching(/credit card numbers/) });
    expect(server.chatRequests().length).toBe(before);
    expect((await request('chats.get', { chatId: chat.id })).messages).toEqual([]);
    expect((await request('usage.requests', {}))[0]).toMatchObject({ outcome: 'blocked', dlp: { byDetector: { creditCard: 1 } } });
  });

  it('asks to confirm a warned finding, previewing it, and sends once confirmed', async () => {
    const chat = await request('chats.create', {});
    const content = 'Call me on +44 20 7946 0958 tomorrow.';
    const preview = await request('chats.preview', { chatId: chat.id, content, remote: { endpointId, model: 'gpt-4o-mini' } });
    expect(preview).toMatchObject({ route: 'remote', verdict: 'warn', needsConfirmation: true, findings: [{ detector: 'phone', location: 'prompt' }] });
    expect(preview.findings[0]!.masked).not.toContain('7946');
    await expect(request('chats.send', { chatId: chat.id, content, remote: { endpointId, model: 'gpt-4o-mini' } })).rejects.toMatchObject({
      code: 'dlp-confirmation-needed',
    });
    const { reply } = await sendAndWait(chat.id, content, { confirmSensitive: true });
    expect(reply.provider).toBe('remote');
    expect(JSON.stringify(server.chatRequests().at(-1)!.body)).toContain('7946 0958');
  });

  it('previews an edit and a regeneration on the branch they would send, not the one shown', async () => {
    const chat = await request('chats.create', {});
    const remote = { endpointId, model: 'gpt-4o-mini' };
    const { sent } = await sendAndWait(chat.id, 'Call me on +44 20 7946 0958 tomorrow.', { confirmSensitive: true });
    // Another answer sends the same question again: the phone number would leave again, so it asks again.
    const regenerated = await request('chats.preview', { chatId: chat.id, remote, regenerateOf: sent.assistantMessage.id });
    expect(regenerated).toMatchObject({ route: 'remote', needsConfirmation: true, findings: [{ detector: 'phone' }] });
    await expect(request('chats.regenerate', { chatId: chat.id, messageId: sent.assistantMessage.id, remote })).rejects.toMatchObject({
      code: 'dlp-confirmation-needed',
    });
    // The edit replaces that message: what leaves is only the new text, which is clean.
    const edited = await request('chats.preview', { chatId: chat.id, remote, content: 'Write to me instead.', editOf: sent.userMessage.id });
    expect(edited).toMatchObject({ route: 'remote', verdict: 'clean', needsConfirmation: false, findings: [] });
    // A plain message after the reply carries the number in its history.
    const appended = await request('chats.preview', { chatId: chat.id, remote, content: 'Thanks.' });
    expect(appended).toMatchObject({ needsConfirmation: true, findings: [{ detector: 'phone', location: 'history' }] });
    await expect(request('chats.preview', { chatId: chat.id, remote })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('keeps a chat over documents local when the policy does not allow passages out, saying why', async () => {
    const files = await writeDocumentFixtures(path.join(root, 'files'));
    const collection = await request('collections.create', { name: 'Contracts' });
    const imported = recordStream<DocumentImportEvent>();
    const grants = await test.grant([files.contractPdf], 'documents');
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId: collection.id, grants }, (event) =>
      imported.listener(event as DocumentImportEvent),
    );
    await imported.end();
    // Two passages keep the tiny local model's prompt short.
    await request('settings.update', { retrievalTopK: 2 });
    const chat = await request('chats.create', {});
    await request('chats.setCollections', { chatId: chat.id, collectionIds: [collection.id] });
    const before = server.chatRequests().length;
    const { reply } = await sendAndWait(chat.id, 'What notice does termination require?');
    expect(server.chatRequests().length).toBe(before);
    expect(reply).toMatchObject({ provider: 'local', modelId: localModelId });
    expect(reply.routeReason).toMatch(/keeps document passages on this machine/);
    expect(reply.sources[0]).toMatchObject({ fileName: 'contract.pdf', page: 3 });
  });

  it('sends only a model name the endpoint lists: a made-up name carrying data is refused, nothing sent', async () => {
    const chat = await request('chats.create', {});
    const before = server.chatRequests().length;
    const smuggled = { endpointId, model: 'gpt-4o 078-05-1120 4111111111111111' };
    await expect(request('chats.send', { chatId: chat.id, content: 'Hello', remote: smuggled })).rejects.toMatchObject({
      code: 'remote-not-found',
      message: expect.stringMatching(/does not list a model named .*nothing was sent\. It lists gpt-4o, gpt-4o-mini\./),
    });
    expect(server.chatRequests().length).toBe(before);
    await expect(request('chats.preview', { chatId: chat.id, content: 'Hello', remote: smuggled })).rejects.toMatchObject({
      code: 'remote-not-found',
    });
  });

  it('reads an API key from an environment variable only when the machine policy names it, for a window', async () => {
    await expect(
      request('endpoints.add', { name: 'Env from window', baseUrl, apiKeyEnv: 'AWS_SECRET_ACCESS_KEY' }),
    ).rejects.toMatchObject({ code: 'remote-not-allowed', message: expect.stringMatching(/does not name \$AWS_SECRET_ACCESS_KEY/) });
    expect((await request('endpoints.list', {})).map((endpoint) => endpoint.name)).not.toContain('Env from window');
  });

  it('keeps the partial reply of a cut stream, marked interrupted', async () => {
    server.then({ kind: 'cut', words: ['The first', ' half'] });
    const chat = await request('chats.create', {});
    const { reply, event } = await sendAndWait(chat.id, 'Tell me a story.');
    expect(event.status).toBe('interrupted');
    expect(reply).toMatchObject({ content: 'The first half', status: 'interrupted', error: { code: 'remote-stream-cut' } });
    expect((await request('usage.requests', {}))[0]).toMatchObject({ outcome: 'interrupted', errorCode: 'remote-stream-cut' });
  });

  it('reports usage per day and model with the remote spend and what local tokens would have cost', async () => {
    await request('usage.setPrice', { model: 'gpt-4o-mini', inputPerMillion: 1, outputPerMillion: 2 });
    const report = await request('usage.report', { comparisonModel: 'gpt-4o' });
    const remote = report.rows.find((row) => row.provider === 'remote' && row.model === 'gpt-4o-mini')!;
    expect(remote.cost).toBeCloseTo((remote.tokensIn * 1 + remote.tokensOut * 2) / 1e6, 10);
    expect(report.totals.localTokens).toBeGreaterThan(0);
    expect(report.totals.localEquivalentCost).toBeGreaterThan(0);
    const { csv } = await request('usage.csv', {});
    expect(csv.split('\r\n')[0]).toBe('day,provider,endpoint,model,messages,tokens_in,tokens_out,cost_usd');
    expect(csv).toMatch(/remote,Loopback,gpt-4o-mini,/);
  });

  it('switching a chat between remote and local keeps its history', async () => {
    const chat = await request('chats.create', {});
    await sendAndWait(chat.id, 'First, remotely.');
    const finished = nextEvent(test.core, (event) => event.type === 'generation.finished' && event.chatId === chat.id);
    await request('chats.send', { chatId: chat.id, modelId: localModelId, content: 'Then locally.' });
    await finished;
    const { messages } = await request('chats.get', { chatId: chat.id });
    expect(messages.map((message) => [message.role, message.provider])).toEqual([
      ['user', 'local'],
      ['assistant', 'remote'],
      ['user', 'local'],
      ['assistant', 'local'],
    ]);
  });
});
