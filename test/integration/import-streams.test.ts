import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHandler } from '../../electron/core/ipc/dispatch.js';
import type { DocumentImportEvent, DocumentImportProgress } from '../../electron/shared/documents.js';
import type { ImportProgress, ModelImportEvent } from '../../electron/shared/domain.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import { startTestCore, type TestCore } from '../support/core.js';
import { recordStream } from '../support/streams.js';
import { useTempDir } from '../support/tempDir.js';

/**
 * Each import request's own stream, through the dispatcher the window and the bridge use: progress in
 * order, then exactly one `end`, last, whether the import worked, was cancelled or failed file by file.
 * No global event speaks for an import; lists hear only the narrow change events.
 */
describe('import streams', () => {
  const tempDir = useTempDir();
  let running: TestCore | undefined;
  afterEach(async () => {
    await running?.core.dispose();
    running = undefined;
  });

  async function start(): Promise<TestCore & { root: string }> {
    const root = tempDir();
    running = await startTestCore(root, { withModel: false });
    return { ...running, root };
  }

  /** Waits for work queued behind the end (there must be none that reaches the stream). */
  const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

  function expectOneEndLast(events: readonly { type: string }[]): void {
    expect(events.filter((event) => event.type === 'end')).toHaveLength(1);
    expect(events.at(-1)?.type).toBe('end');
  }

  /** Files in job order, each hashed before it is indexed, its chunk count never going back. */
  function expectDocumentProgressInOrder(reports: readonly DocumentImportProgress[]): void {
    const stages = { hashing: 0, indexing: 1 };
    for (const [index, report] of reports.entries()) {
      const previous = reports[index - 1];
      if (!previous) continue;
      expect(report.fileIndex).toBeGreaterThanOrEqual(previous.fileIndex);
      if (report.filePath !== previous.filePath) continue;
      expect(stages[report.stage]).toBeGreaterThanOrEqual(stages[previous.stage]);
      if (report.stage === previous.stage) expect(report.chunksStored).toBeGreaterThanOrEqual(previous.chunksStored);
    }
  }

  function writeTextFiles(folder: string, count: number): string[] {
    fs.mkdirSync(folder, { recursive: true });
    return Array.from({ length: count }, (_, index) => {
      const file = path.join(folder, `note-${index}.txt`);
      const paragraph = `Note ${index}: the quarterly review covers budgets, hiring and the office move. `;
      fs.writeFileSync(file, paragraph.repeat(200));
      return file;
    });
  }

  async function importDocuments(core: TestCore['core'], collectionId: string, paths: string[], onEvent?: (event: DocumentImportEvent) => void) {
    const stream = recordStream<DocumentImportEvent>();
    const grants = await running!.grant(paths, 'documents');
    const job = await runHandler(core.handlers, 'documents.importPaths', { collectionId, grants }, (event) => {
      stream.listener(event as DocumentImportEvent);
      onEvent?.(event as DocumentImportEvent);
    });
    const end = await stream.end();
    await settled();
    return { job, end, events: stream.events };
  }

  it('a document import reports each file in order and ends once, last, with every outcome', async () => {
    const { core, events: coreEvents, root } = await start();
    const collection = await runHandler(core.handlers, 'collections.create', { name: 'Notes' });
    const files = writeTextFiles(path.join(root, 'notes'), 3);
    const { job, end, events } = await importDocuments(core, collection.id, files);

    expectOneEndLast(events);
    const reports = events.flatMap((event) => (event.type === 'progress' ? [event.progress] : []));
    expect(new Set(reports.map((report) => report.filePath))).toEqual(new Set(files));
    expect(reports.every((report) => report.jobId === job.jobId && report.fileCount === 3)).toBe(true);
    expectDocumentProgressInOrder(reports);
    expect(end).toMatchObject({
      type: 'end',
      jobId: job.jobId,
      collectionId: collection.id,
      outcomes: files.map((filePath) => ({ filePath, status: 'indexed' })),
    });
    // Lists still hear that the collection changed; nothing else of the import is broadcast.
    expect(coreEvents).toContainEqual({ type: 'documents.changed', collectionId: collection.id });
    expect(coreEvents.map((event) => event.type)).not.toContain('documents.finished');
  });

  it('a cancelled document import still ends its stream once, with the files it did not read cancelled', async () => {
    const { core, root } = await start();
    const collection = await runHandler(core.handlers, 'collections.create', { name: 'Notes' });
    const files = writeTextFiles(path.join(root, 'notes'), 4);
    let cancelled = false;
    const { job, end, events } = await importDocuments(core, collection.id, files, (event) => {
      if (event.type !== 'progress' || cancelled) return;
      cancelled = true;
      void runHandler(core.handlers, 'documents.cancelImport', { jobId: event.progress.jobId });
    });

    expect(cancelled).toBe(true);
    expectOneEndLast(events);
    expect(end.jobId).toBe(job.jobId);
    expect(end.outcomes.map((outcome) => outcome.filePath)).toEqual(files);
    expect(end.outcomes.at(-1)).toEqual({ filePath: files.at(-1), status: 'cancelled' });
    // Cancelling by id after the end finds nothing to cancel.
    expect(await runHandler(core.handlers, 'documents.cancelImport', { jobId: job.jobId })).toEqual({ cancelled: false });
  });

  it('a document import cancelled before it starts ends once with every file cancelled', async () => {
    const { core, root } = await start();
    const collection = await runHandler(core.handlers, 'collections.create', { name: 'Notes' });
    const files = writeTextFiles(path.join(root, 'notes'), 2);
    const stream = recordStream<DocumentImportEvent>();
    const grants = await running!.grant(files, 'documents');
    const job = await runHandler(core.handlers, 'documents.importPaths', { collectionId: collection.id, grants }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    expect(await runHandler(core.handlers, 'documents.cancelImport', { jobId: job.jobId })).toEqual({ cancelled: true });
    const end = await stream.end();
    await settled();
    expectOneEndLast(stream.events);
    expect(end.outcomes).toEqual(files.map((filePath) => ({ filePath, status: 'cancelled' })));
  });

  it('a document import whose files all fail ends once with each file and its reason', async () => {
    const { core, root } = await start();
    const collection = await runHandler(core.handlers, 'collections.create', { name: 'Broken' });
    const broken = path.join(root, 'broken.pdf');
    fs.writeFileSync(broken, 'not a PDF at all');
    const missing = path.join(root, 'missing.txt');
    const { end, events } = await importDocuments(core, collection.id, [broken, missing]);

    expectOneEndLast(events);
    expect(end.outcomes).toEqual([
      expect.objectContaining({ filePath: broken, status: 'failed' }),
      expect.objectContaining({ filePath: missing, status: 'failed' }),
    ]);
  });

  async function importModels(core: TestCore['core'], paths: string[], onEvent?: (event: ModelImportEvent) => void) {
    const stream = recordStream<ModelImportEvent>();
    const grants = await running!.grant(paths, 'models');
    const result = await runHandler(core.handlers, 'models.importPaths', { grants, mode: 'link' }, (event) => {
      stream.listener(event as ModelImportEvent);
      onEvent?.(event as ModelImportEvent);
    });
    await settled();
    return { result, end: await stream.end(), events: stream.events };
  }

  const reportsOf = (events: readonly ModelImportEvent[]) => events.flatMap((event) => (event.type === 'progress' ? [event.progress] : []));

  function expectModelProgressInOrder(reports: readonly ImportProgress[]): void {
    for (const [index, report] of reports.entries()) {
      const previous = reports[index - 1];
      if (previous?.fileName === report.fileName) expect(report.bytesDone).toBeGreaterThanOrEqual(previous.bytesDone);
    }
  }

  it('a model import reports progress in order and ends once, last, with the result it answers', async () => {
    const { core, events: coreEvents, root } = await start();
    const model = path.join(root, 'tiny-chat.gguf');
    fs.copyFileSync(await ensureTestModel('tiny-chat'), model);
    const { result, end, events } = await importModels(core, [model]);

    expectOneEndLast(events);
    const reports = reportsOf(events);
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((report) => report.importId === end.importId && report.fileName === 'tiny-chat.gguf')).toBe(true);
    expectModelProgressInOrder(reports);
    expect(end.result).toEqual(result);
    expect(result.imported).toHaveLength(1);
    expect(coreEvents).toContainEqual({ type: 'models.changed' });
  });

  it('a cancelled model import ends its stream once with the cancelled result', async () => {
    const { core, root } = await start();
    const large = path.join(root, 'large.gguf');
    fs.copyFileSync(await ensureTestModel('tiny-chat'), large);
    fs.appendFileSync(large, Buffer.alloc(64 * 1024 * 1024, 0));
    let cancelled = false;
    const { result, end, events } = await importModels(core, [large], (event) => {
      if (event.type !== 'progress' || cancelled) return;
      cancelled = true;
      void runHandler(core.handlers, 'models.cancelImport', { importId: event.progress.importId });
    });

    expectOneEndLast(events);
    expect(result).toMatchObject({ cancelled: true, imported: [] });
    expect(end.result).toEqual(result);
    expect(reportsOf(events).every((report) => report.importId === end.importId)).toBe(true);
    expect((await runHandler(core.handlers, 'models.list', {})).models).toEqual([]);
  });

  it('a model import whose files all fail ends once with each failure', async () => {
    const { core, root } = await start();
    const broken = path.join(root, 'broken.gguf');
    fs.writeFileSync(broken, 'not a model at all');
    const { result, end, events } = await importModels(core, [broken, path.join(root, 'missing.gguf')]);

    expectOneEndLast(events);
    expect(end.result).toEqual(result);
    expect(result.imported).toEqual([]);
    expect(result.failed.map((failure) => failure.fileName).sort()).toEqual(['broken.gguf', 'missing.gguf']);
  });
});
