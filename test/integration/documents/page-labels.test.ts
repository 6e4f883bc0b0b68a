import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passageLocation } from '../../../electron/cli/documentText.js';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { type DocumentImportEvent, pageCitation } from '../../../electron/shared/documents.js';
import type { ReplyEvent } from '../../../electron/shared/replies.js';
import { recordReply, startTestCore, type TestCore } from '../../support/core.js';
import { recordStream } from '../../support/streams.js';

/** The first 6 pages of Octave's liboctave manual (test/fixtures/documents/README.md): labels T-1, T-2, i, ii, 1, 2. */
const manual = fileURLToPath(new URL('../../fixtures/documents/octave-liboctave-pages-1-6.pdf', import.meta.url));

/** A real pdfTeX manual with printed page labels: stored at import, shown in citations beside the PDF page. */
describe('printed page labels in citations', () => {
  let root: string;
  let test: TestCore;
  let collectionId: string;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) =>
    runHandler(test.core.handlers, channel, payload);

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-page-labels-'));
    test = await startTestCore(root, { inference: { contextSize: 2048 }, generation: { maxTokens: 16 } });
    collectionId = (await request('collections.create', { name: 'Manuals' })).id;
    const stream = recordStream<DocumentImportEvent>();
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId, grants: await test.grant([manual], 'documents') }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    expect((await stream.end()).outcomes).toMatchObject([{ status: 'indexed' }]);
  });
  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('finds a passage on PDF page 5 and cites it by its printed page, 1', async () => {
    const [hit] = await request('documents.search', { query: 'Contributors to Octave', collectionIds: [collectionId] });
    expect(hit).toMatchObject({ page: 5, pageLabel: '1' });
    expect(pageCitation(hit!)).toBe('p. 1 (PDF page 5)');
    expect(passageLocation(hit!)).toBe('octave-liboctave-pages-1-6.pdf, p. 1 (PDF page 5)');
    const contents = (await request('documents.search', { query: 'Table of Contents', collectionIds: [collectionId] })).find(
      (candidate) => candidate.page === 3,
    );
    expect(contents && pageCitation(contents)).toBe('p. i (PDF page 3)');
    const passage = await request('documents.passage', { chunkId: hit!.chunkId });
    expect(passage).toMatchObject({ page: 5, pageLabel: '1', pageCount: 6 });
  });

  it("keeps the label in an answer's sources", async () => {
    const chat = await request('chats.create', {});
    await request('chats.setCollections', { chatId: chat.id, collectionIds: [collectionId] });
    const stream = recordReply();
    await runHandler(test.core.handlers, 'chats.send', { chatId: chat.id, modelId: (await request('models.list', {})).models[0]!.id, content: 'Who are the contributors to Octave?' }, (event) =>
      stream.listener(event as ReplyEvent),
    );
    await stream.next((event) => event.type === 'end');
    const reply = (await request('chats.get', { chatId: chat.id })).messages.at(-1)!;
    const source = reply.sources.find((candidate) => candidate.page === 5);
    expect(source).toMatchObject({ pageLabel: '1' });
    expect(pageCitation(source!)).toBe('p. 1 (PDF page 5)');
  });

  it('says "page N" as before where the label is the page number or there is none', () => {
    expect(pageCitation({ page: 3, pageLabel: '3' })).toBe('page 3');
    expect(pageCitation({ page: 3, pageLabel: null })).toBe('page 3');
    expect(pageCitation({ page: 3 })).toBe('page 3');
    expect(pageCitation({ page: null, pageLabel: 'iv' })).toBeNull();
  });
});
