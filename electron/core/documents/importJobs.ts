import type { DocumentImportEvent, DocumentImportJob, DocumentImportOutcome } from '../../shared/documents.js';
import { newId } from '../ids.js';
import { toAppError } from '../errors.js';
import { type DocumentServiceDeps, resolveEmbeddingModel } from './documentDeps.js';
import { expandDocumentPaths } from './expandPaths.js';
import { ingestFiles } from './ingest/ingestFiles.js';
import type { SerialQueue } from './serialQueue.js';
import { getCollection } from './store/collections.js';

/** Receives one import's stream: progress per file, then `end` with every outcome (shared/documents.ts). */
export type DocumentImportListener = (event: DocumentImportEvent) => void;

interface RunningJob {
  controller: AbortController;
  done: Promise<DocumentImportOutcome[]>;
}

/**
 * Document imports as background jobs: each gets an id at once, runs in the shared queue, reports
 * per-file progress to its request's listener and ends there with every file's outcome (cancelled,
 * failed or not). Lists hear only the narrow change events. Cancelling stops the file being read
 * (nothing of it is kept) and skips the rest.
 */
export class DocumentImports {
  private readonly jobs = new Map<string, RunningJob>();

  constructor(
    private readonly deps: DocumentServiceDeps,
    private readonly queue: SerialQueue,
    private readonly embeddingModelId: () => string | null,
  ) {}

  /** Folders are expanded first, so the job's file count is the number of files it will read. */
  async start(
    collectionId: string,
    paths: readonly string[],
    onEvent: DocumentImportListener = () => undefined,
  ): Promise<DocumentImportJob & { done: Promise<DocumentImportOutcome[]> }> {
    getCollection(this.deps.db, collectionId);
    const files = await expandDocumentPaths(paths).catch(() => [...paths]);
    const jobId = newId();
    const controller = new AbortController();
    const done = this.queue
      .run(() => this.run(jobId, collectionId, files, controller.signal, onEvent))
      .finally(() => this.jobs.delete(jobId));
    this.jobs.set(jobId, { controller, done });
    return { jobId, collectionId, fileCount: files.length, done };
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    job?.controller.abort();
    return job !== undefined;
  }

  /** Cancels every job and waits for each to leave the database consistent. */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()];
    running.forEach((job) => job.controller.abort());
    await Promise.all(running.map((job) => job.done.catch(() => undefined)));
  }

  private async run(jobId: string, collectionId: string, files: readonly string[], signal: AbortSignal, onEvent: DocumentImportListener) {
    const { emit } = this.deps;
    let outcomes: DocumentImportOutcome[];
    try {
      const embeddingModel = await resolveEmbeddingModel(this.deps, this.embeddingModelId());
      let fileIndex = 0;
      outcomes = await ingestFiles(
        {
          db: this.deps.db,
          audit: this.deps.audit,
          provider: this.deps.provider,
          parser: this.deps.parser,
          embeddingModel,
          signal,
          ocrLanguages: this.deps.settings().ocrLanguages,
          onProgress: (progress) => {
            fileIndex = Math.max(fileIndex, files.indexOf(progress.filePath));
            onEvent({ type: 'progress', progress: { jobId, collectionId, fileIndex, fileCount: files.length, ...progress } });
            if (progress.stage === 'hashing') emit({ type: 'documents.changed', collectionId });
          },
        },
        files,
        collectionId,
      );
    } catch (error) {
      // Nothing was indexed (the folder could not be read, the embedding model is unusable): every
      // file the user gave fails with that one reason.
      const failure = toAppError(error);
      outcomes = files.map((filePath) => ({ filePath, status: 'failed', error: failure }));
    }
    emit({ type: 'documents.changed', collectionId });
    emit({ type: 'collections.changed' });
    onEvent({ type: 'end', jobId, collectionId, outcomes });
    return outcomes;
  }
}
