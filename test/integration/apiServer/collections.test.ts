import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApiServer } from '../../../electron/core/apiServer/httpServer.js';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import type { DocumentImportEvent } from '../../../electron/shared/documents.js';
import { writeDocumentFixtures } from '../../../scripts/fixtures/documents.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { startTestCore, type TestCore, testPolicy } from '../../support/core.js';
import { recordStream } from '../../support/streams.js';

interface GroundedSource {
  number: number;
  cited: boolean;
  file_name: string;
  page: number | null;
  text: string;
  score: number;
}
interface Grounding {
  citations: number[];
  sources: GroundedSource[];
}

/**
 * Enclave's extension of chat completions: `enclave.collections` answers from the user's documents,
 * and the answer says which passages it was given and which it cites (docs/local-api.md). Over plain
 * HTTP as any client sends it, whole and streamed.
 */
describe('answers from collections through the local API', () => {
  let root: string;
  let test: TestCore;
  let server: RunningApiServer;
  let token: string;
  let chatModelId: string;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);
  const post = (body: unknown) =>
    fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-api-docs-'));
    test = await startTestCore(root, { policy: testPolicy({ apiServer: { enabled: true } }), inference: { contextSize: 2048 }, generation: { maxTokens: 24 } });
    fs.copyFileSync(await ensureTestModel('tiny-embedding'), path.join(test.modelsDir, 'tiny-embedding.gguf'));
    const files = await writeDocumentFixtures(path.join(root, 'files'));
    const catalog = await request('models.list', {});
    chatModelId = catalog.models.find((model) => model.fileName === 'tiny-chat.gguf')!.id;
    await request('settings.update', { embeddingModelId: catalog.models.find((model) => model.fileName === 'tiny-embedding.gguf')!.id });
    const collection = await request('collections.create', { name: 'Contracts' });
    const stream = recordStream<DocumentImportEvent>();
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId: collection.id, grants: await test.grant([files.contractPdf], 'documents') }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    expect((await stream.end()).outcomes.map((outcome) => outcome.status)).toEqual(['indexed']);
    server = await test.core.apiServer!.start({ port: 0 });
    token = (await request('apiServer.addToken', { name: 'script' })).token;
  }, 120_000);

  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers whole with the passages it was given, their pages, and the numbers it cites', async () => {
    const response = await post({ model: chatModelId, messages: [{ role: 'user', content: 'What notice does the termination clause require?' }], temperature: 0, enclave: { collections: ['Contracts'] } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { choices: { message: { content: string } }[]; enclave: Grounding };
    const { sources, citations } = body.enclave;
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.map((source) => source.number)).toEqual(sources.map((_, index) => index + 1));
    expect(sources[0]).toMatchObject({ file_name: 'contract.pdf', page: 3 });
    expect(sources[0]!.text).toContain('ninety days notice');
    // Every citation names a passage that was given, and the flags agree.
    expect(citations.every((number) => sources.some((source) => source.number === number))).toBe(true);
    expect(sources.filter((source) => source.cited).map((source) => source.number)).toEqual(citations);
    // The reply's markers were checked: none names a passage beyond those given.
    const markers = [...body.choices[0]!.message.content.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
    expect(markers.every((number) => number <= sources.length)).toBe(true);
  }, 60_000);

  it('streams the answer and gives the grounding in the finishing chunk', async () => {
    const response = await post({ model: chatModelId, messages: [{ role: 'user', content: 'What notice does the termination clause require?' }], temperature: 0, stream: true, enclave: { collections: ['Contracts'] } });
    const events = (await response.text()).split('\n\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6));
    expect(events.at(-1)).toBe('[DONE]');
    const finishing = JSON.parse(events.at(-2)!) as { choices: { finish_reason: string }[]; enclave: Grounding };
    expect(finishing.choices[0]!.finish_reason).toMatch(/^(stop|length)$/);
    expect(finishing.enclave.sources[0]).toMatchObject({ file_name: 'contract.pdf', page: 3 });
  }, 60_000);

  it('refuses a collection that does not exist, by name, as 404', async () => {
    const response = await post({ model: chatModelId, messages: [{ role: 'user', content: 'Hi' }], enclave: { collections: ['Nope'] } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'collection_not_found', param: 'enclave.collections' } });
  });
});
