import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { type DocumentImportEvent, describePassageFit } from '../../../electron/shared/documents.js';
import type { ChatMessage } from '../../../electron/shared/domain.js';
import type { ReplyEvent } from '../../../electron/shared/replies.js';
import { recordReply, startTestCore, type TestCore } from '../../support/core.js';
import { recordStream } from '../../support/streams.js';

/** Eight long sections that all match the question: more passages than a small context holds. */
function handbook(): string {
  return Array.from({ length: 8 }, (_, index) => {
    const filler = Array.from({ length: 14 }, (_, line) => `Rule ${index}.${line} of the staff handbook applies to every office.`);
    return `Section ${index + 1}: Termination notice\n\nThe termination notice for grade ${index} is ${index + 30} days. ${filler.join(' ')}`;
  }).join('\n\n');
}

/**
 * `chats.send` over a collection whose retrieved passages outgrow the model's context: the reply is
 * written with as many passages as fit (the generated tiny model, keyword search, 6 passages retrieved),
 * says how many it used, and keeps only those as its sources.
 */
describe.each([512, 2048])('answering from documents with a %i-token context', (contextSize) => {
  let root: string;
  let test: TestCore;
  let collectionId: string;
  let chatModelId: string;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) =>
    runHandler(test.core.handlers, channel, payload);

  async function ask(content: string): Promise<ChatMessage> {
    const chat = await request('chats.create', {});
    await request('chats.setCollections', { chatId: chat.id, collectionIds: [collectionId] });
    const stream = recordReply();
    await runHandler(test.core.handlers, 'chats.send', { chatId: chat.id, modelId: chatModelId, content }, (event) =>
      stream.listener(event as ReplyEvent),
    );
    await stream.next((event) => event.type === 'end');
    return (await request('chats.get', { chatId: chat.id })).messages.at(-1)!;
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-fit-passages-'));
    test = await startTestCore(root, { inference: { contextSize }, generation: { maxTokens: 24 } });
    chatModelId = (await request('models.list', {})).models.find((model) => model.fileName === 'tiny-chat.gguf')!.id;
    collectionId = (await request('collections.create', { name: 'Handbook' })).id;
    const file = path.join(root, 'handbook.txt');
    fs.writeFileSync(file, handbook());
    const stream = recordStream<DocumentImportEvent>();
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId, grants: await test.grant([file], 'documents') }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    expect((await stream.end()).outcomes).toMatchObject([{ status: 'indexed' }]);
  });
  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers with the passages that fit, and says how many of those retrieved it used', async () => {
    const reply = await ask('What termination notice applies?');
    expect(reply).toMatchObject({ status: 'complete', error: null, contextSize });
    expect(reply.passageFit).not.toBeNull();
    const { retrieved, shortened } = reply.passageFit!;
    expect(retrieved).toBe(6);
    expect(reply.sources.length).toBeGreaterThan(0);
    expect(reply.sources.length).toBeLessThan(retrieved);
    // The sources kept are the best-ranked, numbered from 1; a shortened one is the last of them.
    expect(reply.sources.map((source) => source.number)).toEqual(reply.sources.map((_, index) => index + 1));
    if (shortened !== null) expect(shortened).toBe(reply.sources.length);
    // What the reply's details (the window's facts, `enclave ask`'s sources line) say.
    const said = describePassageFit(reply.sources.length, reply.passageFit, reply.contextSize);
    expect(said).toMatch(new RegExp(`^${reply.sources.length} of 6 passages used \\(context ${contextSize.toLocaleString('en-US')} tokens\\)`));
    if (shortened !== null) expect(said).toContain(`; passage ${shortened} shortened`);
    for (const match of reply.content.matchAll(/\[(\d+)\]/g)) expect(Number(match[1])).toBeLessThanOrEqual(reply.sources.length);
  });

  it('refuses a question that leaves no room for a passage, naming the fix, with no sources kept', async () => {
    const reply = await ask(`What termination notice applies ${'to this grade and that office '.repeat(contextSize / 8)}?`);
    expect(reply.status).toBe('error');
    expect(reply.error).toMatchObject({ code: 'context-too-small', message: expect.stringMatching(/shorter question, or use a model with a larger context/) });
    expect(reply.sources).toEqual([]);
    expect(reply.passageFit).toBeNull();
  });
});
