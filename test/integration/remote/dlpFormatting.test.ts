import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import type { EnclaveEvent } from '../../../electron/shared/domain.js';
import { nextEvent, startTestCore, type TestCore, testPolicy } from '../../support/core.js';
import { FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';

/**
 * Values written to slip past a pattern (other scripts' digits, invisible characters) are checked on the
 * real remote send path: through core's handlers, the machine policy's DLP actions, and a loopback
 * OpenAI-compatible server that records every request it receives.
 */
describe('DLP on the remote send path, with formatted values', () => {
  const server = new FakeOpenAiServer();
  let root: string;
  let test: TestCore;
  let endpointId: string;
  const remote = () => ({ endpointId, model: 'gpt-4o-mini' });
  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  beforeAll(async () => {
    server.models = ['gpt-4o-mini'];
    const baseUrl = await server.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-dlp-formatting-'));
    test = await startTestCore(root, {
      withModel: false,
      policy: testPolicy({ network: { mode: 'allowlist', endpoints: [baseUrl] }, dlp: { actions: { ssn: 'block', email: 'redact', creditCard: 'block' } } }),
      allowKeyFile: true,
    });
    endpointId = (await request('endpoints.add', { name: 'Loopback', baseUrl, apiKey: 'sk-local-test' })).id;
    // The send checks the model name against the endpoint's list first (a GET with no content in it);
    // listed once here, so a blocked send below makes no request at all.
    await request('endpoints.models', { endpointId });
  });
  afterAll(async () => {
    await test.core.dispose();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['full-width digits', 'My SSN is １２３－４５－６７８９, file it.'],
    ['Arabic-Indic digits and no-break spaces', 'My SSN is ١٢٣\u00A0٤٥\u00A0٦٧٨٩, file it.'],
    ['dots and a zero-width space', 'My SSN is 123.4\u200B5.6789, file it.'],
  ])('blocks an SSN written in %s before anything reaches the server', async (_formatting, content) => {
    const before = server.requests.length;
    const chat = await request('chats.create', {});
    await expect(request('chats.send', { chatId: chat.id, content, remote: remote() })).rejects.toMatchObject({
      code: 'dlp-blocked',
      message: expect.stringMatching(/social security numbers/i),
    });
    expect(server.requests.length).toBe(before);
    expect(server.chatRequests()).toEqual([]);
    expect(JSON.stringify(server.requests.map((received) => received.body))).not.toMatch(/6789|٦٧٨٩|６７８９/);
    expect((await request('chats.get', { chatId: chat.id })).messages).toEqual([]);
    expect((await request('usage.requests', {}))[0]).toMatchObject({ outcome: 'blocked', dlp: { byDetector: { ssn: 1 } } });
  });

  it('blocks a card number in mathematical digits with en dashes', async () => {
    const before = server.requests.length;
    const chat = await request('chats.create', {});
    const card = '𝟒𝟏𝟏𝟏–𝟏𝟏𝟏𝟏–𝟏𝟏𝟏𝟏–𝟏𝟏𝟏𝟏';
    await expect(request('chats.send', { chatId: chat.id, content: `Charge ${card} now`, remote: remote() })).rejects.toMatchObject({ code: 'dlp-blocked' });
    expect(server.requests.length).toBe(before);
  });

  it('redacts a whole e-mail address with a zero-width space inside, and restores it in the reply', async () => {
    server.then({ kind: 'ok', words: ['Done: ', '[EMAIL_1]', ' is on the list.'] });
    const chat = await request('chats.create', {});
    const address = 'john.smith\u200B.doe@example.com';
    const finished = nextEvent(test.core, (event) => event.type === 'generation.finished' && event.chatId === chat.id);
    const sent = await request('chats.send', { chatId: chat.id, content: `Add ${address} to the list.`, remote: remote() });
    expect(((await finished) as Extract<EnclaveEvent, { type: 'generation.finished' }>).status).toBe('complete');

    const body = JSON.stringify(server.chatRequests().at(-1)?.body);
    expect(body).toContain('Add [EMAIL_1] to the list.');
    for (const part of ['john', 'smith', 'doe', 'example', '\\u200b', '\u200B']) expect(body).not.toContain(part);
    const { messages } = await request('chats.get', { chatId: chat.id });
    expect(messages.find((message) => message.id === sent.assistantMessage.id)?.content).toBe(`Done: ${address} is on the list.`);
  });
});
