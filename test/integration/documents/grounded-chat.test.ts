import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { listVectorIndexes, binaryTableName, int8TableName, vectorTableName } from '../../../electron/core/documents/store/vectorIndex.js';
import type { DocumentImportEvent, DocumentImportOutcome, DocumentImportProgress, MessageSource, ReindexEvent } from '../../../electron/shared/documents.js';
import { type DocumentFixtures, writeDocumentFixtures } from '../../../scripts/fixtures/documents.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { nextEvent, recordReply, startTestCore, type TestCore } from '../../support/core.js';
import { recordStream } from '../../support/streams.js';
import type { ReplyEvent } from '../../../electron/shared/replies.js';
import { defaultAppSettings } from '../../../electron/shared/domain.js';

/**
 * The documents feature through core's handlers, as the window and the CLI use it: a real database,
 * the real model host running the generated chat and embedding models, PDFs written by a PDF library.
 */
describe('chatting with documents: import, search, grounded answers, passages, re-index', () => {
  let root: string;
  let test: TestCore;
  let files: DocumentFixtures;
  let collectionId: string;
  let chatModelId: string;
  let embeddingModelId: string;
  let citedSource: MessageSource;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) =>
    runHandler(test.core.handlers, channel, payload);

  /** Every progress report the imports' own streams delivered. */
  const reports: DocumentImportProgress[] = [];

  async function importAndWait(paths: string[], into = collectionId): Promise<DocumentImportOutcome[]> {
    const stream = recordStream<DocumentImportEvent>();
    const grants = await test.grant(paths, 'documents');
    const job = await runHandler(test.core.handlers, 'documents.importPaths', { collectionId: into, grants }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    const end = await stream.end();
    expect(end.jobId).toBe(job.jobId);
    for (const event of stream.events) if (event.type === 'progress') reports.push(event.progress);
    return end.outcomes;
  }

  function vectorCount(): number {
    const db = test.core.db!;
    return listVectorIndexes(db).reduce(
      (sum, { dim }) =>
        sum +
        (db.prepare(`SELECT COUNT(*) FROM ${vectorTableName(dim)}`).pluck().get() as number) +
        (db.prepare(`SELECT COUNT(*) FROM ${binaryTableName(dim)}`).pluck().get() as number) +
        (db.prepare(`SELECT COUNT(*) FROM ${int8TableName(dim)}`).pluck().get() as number),
      0,
    );
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-grounded-'));
    test = await startTestCore(root, { inference: { contextSize: 2048 }, generation: { maxTokens: 24 } });
    fs.copyFileSync(await ensureTestModel('tiny-embedding'), path.join(test.modelsDir, 'tiny-embedding.gguf'));
    files = await writeDocumentFixtures(path.join(root, 'files'));
    const catalog = await request('models.list', {});
    chatModelId = catalog.models.find((model) => model.fileName === 'tiny-chat.gguf')!.id;
    embeddingModelId = catalog.models.find((model) => model.fileName === 'tiny-embedding.gguf')!.id;
    await request('settings.update', { embeddingModelId });
    collectionId = (await request('collections.create', { name: 'Contracts' })).id;
  });
  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('imports a batch in the background: good files indexed, bad ones failed with their reason, the same bytes once', async () => {
    const outcomes = await importAndWait([files.contractPdf, files.encryptedPdf, files.pdfNamedDocx]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['indexed', 'failed', 'failed']);
    expect(outcomes[1]).toMatchObject({ error: { code: 'document-encrypted' } });
    expect(reports.some((progress) => progress.page === 4)).toBe(true);
    expect((await importAndWait([files.contractPdf]))[0]!.status).toBe('duplicate');

    const documents = await request('documents.list', { collectionId });
    const contract = documents.find((document) => document.fileName === 'contract.pdf')!;
    expect(contract).toMatchObject({ status: 'ready', pageCount: 4, embeddingModelId, error: null });
    expect(documents.find((document) => document.fileName === 'report.pdf')).toMatchObject({
      status: 'error',
      chunkCount: 0,
      error: { code: 'document-encrypted' },
    });
    const [collection] = await request('collections.list', {});
    // A file refused before hashing (a PDF named .docx) is reported, not listed.
    expect(collection).toMatchObject({ name: 'Contracts', documentCount: 2, chatId: null });
  });

  it('imports every supported file of a folder, skipping hidden ones', async () => {
    const folder = path.join(root, 'folder');
    fs.mkdirSync(path.join(folder, '.hidden'), { recursive: true });
    fs.copyFileSync(files.markdown, path.join(folder, 'guide.md'));
    fs.copyFileSync(files.csv, path.join(folder, '.hidden', 'products.csv'));
    fs.writeFileSync(path.join(folder, 'ignored.bin'), 'x');
    const other = await request('collections.create', { name: 'Folder' });
    const outcomes = await importAndWait([folder], other.id);
    expect(outcomes).toEqual([expect.objectContaining({ filePath: path.join(folder, 'guide.md'), status: 'indexed' })]);
  });

  it('finds the termination clause on page 3 by meaning and words', async () => {
    const hits = await request('documents.search', { query: 'termination notice', collectionIds: [collectionId] });
    expect(hits[0]).toMatchObject({ fileName: 'contract.pdf', page: 3 });
    expect(hits[0]!.text).toContain('ninety days notice');
  });

  it('answers from an attached collection with numbered sources, and opens a cited passage on its page', async () => {
    const chat = await request('chats.create', {});
    expect((await request('chats.setCollections', { chatId: chat.id, collectionIds: [collectionId] })).collectionIds).toEqual([
      collectionId,
    ]);
    const stream = recordReply();
    const payload = { chatId: chat.id, modelId: chatModelId, content: 'What notice does the termination clause require?' };
    await runHandler(test.core.handlers, 'chats.send', payload, (event) => stream.listener(event as ReplyEvent));
    // Complete (possibly at the tiny test model's token limit).
    expect(await stream.next((event) => event.type === 'end')).toMatchObject({ message: { status: 'complete' } });
    // The passages reach the caller on the reply's own stream, before its text.
    const kinds = stream.events.map((event) => event.type);
    expect(kinds).toContain('sources');
    expect(kinds.indexOf('sources')).toBeLessThan(kinds.includes('text') ? kinds.indexOf('text') : kinds.length);

    const { messages } = await request('chats.get', { chatId: chat.id });
    const reply = messages.at(-1)!;
    expect(reply.sources[0]).toMatchObject({ number: 1, fileName: 'contract.pdf', page: 3 });
    expect(reply.sources.map((source) => source.number)).toEqual(reply.sources.map((_, index) => index + 1));
    // Whatever the tiny model wrote, no citation on screen names a passage it was not given.
    for (const match of reply.content.matchAll(/\[(\d+(?:,\s*\d+)*)\]/g)) {
      for (const number of match[1]!.split(',').map(Number)) expect(number).toBeLessThanOrEqual(reply.sources.length);
    }

    citedSource = reply.sources[0]!;
    const passage = await request('documents.passage', { chunkId: reply.sources[0]!.chunkId });
    expect(passage).toMatchObject({ fileName: 'contract.pdf', page: 3, pageCount: 4 });
    expect(passage.text).toContain('Section 3: Termination');
    expect(passage.text.slice(passage.highlightStart, passage.highlightEnd)).toBe(reply.sources[0]!.text);
  });

  it('keeps a chat without collections an ordinary chat', async () => {
    const chat = await request('chats.create', {});
    const finished = nextEvent(test.core, (event) => event.type === 'generation.finished' && event.chatId === chat.id);
    await request('chats.send', { chatId: chat.id, modelId: chatModelId, content: 'Hello' });
    await finished;
    const { messages } = await request('chats.get', { chatId: chat.id });
    expect(messages.at(-1)!.sources).toEqual([]);
  });

  it('re-indexes in the background when the embedding model changes, keeping pages and search working', async () => {
    const vectorsBefore = vectorCount();
    expect(vectorsBefore).toBeGreaterThan(0);
    // Changing the model starts the re-index in the background; a request for it follows that run on its own stream.
    await request('settings.update', { embeddingModelId: null });
    const keywordsOnly = recordStream<ReindexEvent>();
    await runHandler(test.core.handlers, 'documents.reindex', {}, (event) => keywordsOnly.listener(event as ReindexEvent));
    expect(await keywordsOnly.end()).toMatchObject({ embeddingModelId: null, failed: 0, error: null });
    expect(vectorCount()).toBe(0);
    expect((await request('documents.indexStatus', {})).staleDocuments).toBe(0);
    const byWords = await request('documents.search', { query: 'termination notice', collectionIds: [collectionId] });
    expect(byWords[0]).toMatchObject({ fileName: 'contract.pdf', page: 3 });

    await request('settings.update', { embeddingModelId });
    const embedded = recordStream<ReindexEvent>();
    await runHandler(test.core.handlers, 'documents.reindex', {}, (event) => embedded.listener(event as ReindexEvent));
    expect(await embedded.end()).toMatchObject({ embeddingModelId, failed: 0 });
    expect(vectorCount()).toBe(vectorsBefore);
    expect(embedded.events.some((event) => event.type === 'progress' && event.progress.documentsTotal >= 2)).toBe(true);
    // Every window hears only that the index changed, and reads its status again.
    expect(test.events.some((event) => event.type === 'documents.indexChanged')).toBe(true);
    expect((await request('documents.indexStatus', {})).lastReindex).toMatchObject({ embeddingModelId, failed: 0, error: null });
    const documents = await request('documents.list', { collectionId });
    expect(documents.find((document) => document.fileName === 'contract.pdf')).toMatchObject({ embeddingModelId, pageCount: 4 });

    // The earlier answer's source still opens: its chunk is gone, its document and offsets are not.
    const { chunkId, documentId, charStart, charEnd } = citedSource;
    await expect(request('documents.passage', { chunkId })).rejects.toMatchObject({ code: 'not-found' });
    const reopened = await request('documents.passage', { chunkId, documentId, charStart, charEnd });
    expect(reopened).toMatchObject({ fileName: 'contract.pdf', page: 3 });
    expect(reopened.text.slice(reopened.highlightStart, reopened.highlightEnd)).toBe(citedSource.text);
  });

  it('indexes files dropped into a chat into its own collection, deleted with the chat without orphans', async () => {
    const chat = await request('chats.create', {});
    const stream = recordStream<DocumentImportEvent>();
    const grants = await test.grant([files.html], 'documents');
    const job = await runHandler(test.core.handlers, 'chats.attachFiles', { chatId: chat.id, grants }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    expect(await stream.end()).toMatchObject({ jobId: job.jobId, outcomes: [{ status: 'indexed' }] });
    const own = (await request('collections.list', {})).find((collection) => collection.chatId === chat.id)!;
    expect(own.id).toBe(job.collectionId);
    expect((await request('chats.get', { chatId: chat.id })).chat.collectionIds).toEqual([own.id]);
    // Replacing the attached collections keeps the chat's own.
    await request('chats.setCollections', { chatId: chat.id, collectionIds: [collectionId] });
    expect((await request('chats.get', { chatId: chat.id })).chat.collectionIds.sort()).toEqual([collectionId, own.id].sort());

    const vectorsWithChat = vectorCount();
    await request('chats.delete', { chatId: chat.id });
    expect((await request('collections.list', {})).some((collection) => collection.id === own.id)).toBe(false);
    expect(vectorCount()).toBeLessThan(vectorsWithChat);
    const orphans = test.core.db!.prepare('SELECT COUNT(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)').pluck().get();
    expect(orphans).toBe(0);
  });

  it('gives a reply every passage of the files added to its chat when they fit, though no word of the question matches', async () => {
    const chat = await request('chats.create', {});
    const notes = path.join(root, 'files', 'ferry-timetable.md');
    const tides = path.join(root, 'files', 'tide-table.md');
    fs.writeFileSync(notes, '# Ferry timetable\n\nThe morning ferry to the island leaves the harbour at 07:40 every weekday.\n');
    fs.writeFileSync(tides, '# Tides\n\nHigh water at the harbour is at 11:02 on Monday.\n');
    const attach = async (paths: string[]) => {
      const stream = recordStream<DocumentImportEvent>();
      await runHandler(test.core.handlers, 'chats.attachFiles', { chatId: chat.id, grants: await test.grant(paths, 'documents') }, (event) =>
        stream.listener(event as DocumentImportEvent),
      );
      return (await stream.end()).outcomes.map((outcome) => outcome.status);
    };
    expect(await attach([notes])).toEqual(['indexed']);
    // A library collection attached too: its passages fill the slots the chat's files leave.
    await request('chats.setCollections', { chatId: chat.id, collectionIds: [collectionId] });
    const question = 'Summarise the main points of these documents.';
    const sources = (await test.core.documents!.sourcesForChat(chat.id, question))!;
    expect(sources.filter((source) => source.fileName === 'ferry-timetable.md')).toHaveLength(1);
    expect(sources.length).toBeLessThanOrEqual(defaultAppSettings.retrievalTopK);
    expect(sources.map((source) => source.number)).toEqual(sources.map((_, index) => index + 1));

    // More passages than a reply is given: the search alone chooses, as for any collection.
    await request('settings.update', { retrievalTopK: 1 });
    try {
      expect(await attach([tides])).toEqual(['indexed']);
      const searched = (await test.core.documents!.sourcesForChat(chat.id, 'When is high water?'))!;
      expect(searched.length).toBeLessThanOrEqual(1);
      expect(searched.every((source) => source.score > 0)).toBe(true);
    } finally {
      await request('settings.update', { retrievalTopK: defaultAppSettings.retrievalTopK });
      await request('chats.delete', { chatId: chat.id });
    }
  });

  it('removes a document and a collection with every chunk and vector', async () => {
    const [contract] = (await request('documents.list', { collectionId })).filter((document) => document.status === 'ready');
    await request('documents.remove', { documentId: contract!.id });
    await request('collections.delete', { collectionId });
    const db = test.core.db!;
    const folderCollection = (await request('collections.list', {}))[0]!;
    const remainingChunks = db.prepare('SELECT COUNT(*) FROM chunks').pluck().get() as number;
    // Each chunk has a float vector, a sign-bit code and an int8 copy, and nothing else is left.
    expect(vectorCount()).toBe(3 * remainingChunks);
    expect(folderCollection.name).toBe('Folder');
    await expect(request('documents.list', { collectionId })).rejects.toMatchObject({ code: 'not-found' });
  });
});
