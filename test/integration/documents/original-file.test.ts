import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOriginalPdf } from '../../../electron/core/documents/originalFile.js';
import { dispatchRequest, runHandler } from '../../../electron/core/ipc/dispatch.js';
import type { DocumentImportEvent } from '../../../electron/shared/documents.js';
import { startTestCore, type TestCore } from '../../support/core.js';
import { recordStream } from '../../support/streams.js';

/** The first 6 pages of Octave's liboctave manual (test/fixtures/documents/README.md). */
const manual = fileURLToPath(new URL('../../fixtures/documents/octave-liboctave-pages-1-6.pdf', import.meta.url));
const manualSha256 = '7bdfa2fbef36f2100c3c463942d9ec6a35469ea389c4eec78c640e2e893edfd8';

/**
 * `documents.original` and `documents.openOriginal`: a document's own file, named by the document's
 * id, read from where the user imported it only while it is still the file that was indexed.
 */
describe('the original file of a document', () => {
  let root: string;
  let test: TestCore;
  let collectionId: string;
  /** Copies of the fixtures in a folder of the test's own, which the tests change and remove. */
  let files: string;

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  async function importFile(filePath: string): Promise<string> {
    const stream = recordStream<DocumentImportEvent>();
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId, grants: await test.grant([filePath], 'documents') }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    const [outcome] = (await stream.end()).outcomes;
    if (outcome?.status !== 'indexed') throw new Error(`not indexed: ${JSON.stringify(outcome)}`);
    return outcome.documentId;
  }

  /** A fresh copy of the manual under its own name, imported. */
  async function importManualCopy(name: string): Promise<{ documentId: string; filePath: string }> {
    const filePath = path.join(files, name);
    fs.copyFileSync(manual, filePath);
    // The same bytes are one document per collection: each copy goes to a collection of its own.
    collectionId = (await request('collections.create', { name })).id;
    return { documentId: await importFile(filePath), filePath };
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-original-file-'));
    files = path.join(root, 'files');
    fs.mkdirSync(files);
    test = await startTestCore(root, { withModel: false });
  });
  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('gives the PDF as it was indexed, byte for byte, by the document id', async () => {
    const { documentId } = await importManualCopy('unchanged.pdf');
    const original = await request('documents.original', { documentId });
    expect(original.fileName).toBe('unchanged.pdf');
    expect(original.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(original.bytes).equals(fs.readFileSync(manual))).toBe(true);
    expect(createHash('sha256').update(original.bytes).digest('hex')).toBe(manualSha256);
  });

  it('refuses a file changed since it was indexed, in words the viewer shows', async () => {
    const { documentId, filePath } = await importManualCopy('changed.pdf');
    const bytes = fs.readFileSync(filePath);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 10) ^ 0xff, bytes.length - 10);
    fs.writeFileSync(filePath, bytes);
    const answer = await dispatchRequest(test.core.handlers, 'documents.original', { documentId });
    expect(answer).toMatchObject({ ok: false, error: { code: 'document-changed' } });
    if (answer.ok) return;
    expect(answer.error.message).toMatch(/^The file has moved or changed since it was indexed; showing the text Enclave stored\./);
    expect(answer.error.message).toContain(filePath);
    // Nor is it opened in the system viewer (there is none here; the check comes first).
    await expect(test.core.documents!.originalPath(documentId)).rejects.toMatchObject({ code: 'document-changed' });
  });

  it('refuses a file moved or deleted since, and a folder put in its place', async () => {
    const { documentId, filePath } = await importManualCopy('moved.pdf');
    fs.renameSync(filePath, path.join(files, 'elsewhere.pdf'));
    await expect(dispatchRequest(test.core.handlers, 'documents.original', { documentId })).resolves.toMatchObject({
      ok: false,
      error: { code: 'document-changed', message: expect.stringMatching(/^The file has moved or changed since it was indexed/) as unknown },
    });
    fs.mkdirSync(filePath);
    await expect(dispatchRequest(test.core.handlers, 'documents.original', { documentId })).resolves.toMatchObject({ ok: false, error: { code: 'document-changed' } });
    await expect(test.core.documents!.originalPath(documentId)).rejects.toMatchObject({ code: 'document-changed' });
  });

  it('gives no pages of a document that is not a PDF', async () => {
    const notes = path.join(files, 'notes.txt');
    fs.writeFileSync(notes, 'Minutes of the meeting: the termination clause needs ninety days notice.\n');
    const documentId = await importFile(notes);
    await expect(dispatchRequest(test.core.handlers, 'documents.original', { documentId })).resolves.toMatchObject({
      ok: false,
      error: { code: 'document-unsupported', message: 'notes.txt is not a PDF: its pages cannot be shown, only the text Enclave stored.' },
    });
    // The system viewer opens any format (here: none is offered, as in the CLI).
    await expect(test.core.documents!.originalPath(documentId)).resolves.toBe(notes);
  });

  it('takes a document id only: another kind of id is not found, a path is refused before any handler', async () => {
    const chat = await request('chats.create', {});
    await expect(dispatchRequest(test.core.handlers, 'documents.original', { documentId: chat.id })).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    await expect(dispatchRequest(test.core.handlers, 'documents.original', { documentId: collectionId })).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    await expect(dispatchRequest(test.core.handlers, 'documents.original', { documentId: manual })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await expect(dispatchRequest(test.core.handlers, 'documents.original', { documentId: 'x', path: manual })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await expect(dispatchRequest(test.core.handlers, 'documents.openOriginal', { documentId: chat.id })).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('refuses a file over the size it hands a window, reading no further than one byte past it', async () => {
    const { documentId } = await importManualCopy('large.pdf');
    const size = fs.statSync(manual).size;
    await expect(readOriginalPdf(test.core.db!, documentId, size - 1)).rejects.toMatchObject({
      code: 'document-too-large',
      message: `large.pdf is larger than the ${(size - 1).toLocaleString('en-US')} bytes Enclave shows as pages; showing the text Enclave stored. Open it in the system viewer to see the pages.`,
    });
    await expect(readOriginalPdf(test.core.db!, documentId, size)).resolves.toMatchObject({ documentId });
  });

  it('says there is no system viewer where none is given (the CLI), after the same check', async () => {
    const { documentId } = await importManualCopy('cli.pdf');
    await expect(dispatchRequest(test.core.handlers, 'documents.openOriginal', { documentId })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: 'There is no system viewer to open files with here.' },
    });
  });
});
