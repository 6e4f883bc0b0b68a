import type { ReindexProgress } from '../../shared/documents.js';
import { toAppError } from '../errors.js';
import { type DocumentServiceDeps, resolveEmbeddingModel } from './documentDeps.js';
import { reindexDocument } from './ingest/reindexDocument.js';
import type { SerialQueue } from './serialQueue.js';
import { findDocument, listStaleDocuments } from './store/documents.js';

/**
 * Brings every ready document to the current embedding model in the background, one document at a
 * time, each swapped in atomically: answers keep working (from the old index, then the new) while it
 * runs. A newer change of model cancels the run in progress and starts over for the newest model.
 */
export class Reindexer {
  private controller: AbortController | null = null;
  private progress: ReindexProgress | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly deps: DocumentServiceDeps,
    private readonly queue: SerialQueue,
    private readonly embeddingModelId: () => string | null,
  ) {}

  /** Starts re-indexing if any document is stale; a run already going for an older model is cancelled. */
  schedule(): Promise<void> {
    const modelId = this.embeddingModelId();
    if (this.running && this.progress?.embeddingModelId === modelId) return this.running;
    this.controller?.abort();
    if (listStaleDocuments(this.deps.db, modelId).length === 0) return Promise.resolve();
    const controller = new AbortController();
    this.controller = controller;
    this.progress = { embeddingModelId: modelId, documentsDone: 0, documentsTotal: 0, fileName: null };
    const running = this.queue.run(() => this.run(modelId, controller.signal)).finally(() => {
      if (this.controller === controller) {
        this.controller = null;
        this.progress = null;
        this.running = null;
      }
    });
    this.running = running;
    return running;
  }

  status(): ReindexProgress | null {
    return this.progress && { ...this.progress };
  }

  cancel(): void {
    this.controller?.abort();
  }

  private async run(modelId: string | null, signal: AbortSignal): Promise<void> {
    const { db, emit } = this.deps;
    let reindexed = 0;
    let failed = 0;
    let error = null;
    try {
      if (signal.aborted) return;
      const embeddingModel = await resolveEmbeddingModel(this.deps, modelId);
      const stale = listStaleDocuments(db, modelId);
      const report = (fileName: string | null) => {
        this.progress = { embeddingModelId: modelId, documentsDone: reindexed + failed, documentsTotal: stale.length, fileName };
        emit({ type: 'reindex.progress', progress: { ...this.progress } });
      };
      for (const document of stale) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborts during the awaits; TypeScript keeps the narrowing from the check above
        if (signal.aborted) break;
        // Removed while waiting its turn: nothing to do.
        if (findDocument(db, document.id)?.status !== 'ready') continue;
        report(document.fileName);
        try {
          await reindexDocument({ db, provider: this.deps.provider, embeddingModel, signal }, document.id, document.fileName);
          reindexed++;
          emit({ type: 'documents.changed', collectionId: document.collectionId });
        } catch (cause) {
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- aborts during the awaits; TypeScript keeps the narrowing from the check above
          if (signal.aborted) break;
          // The document keeps its old index and stays searchable; the next run tries it again.
          failed++;
          error = toAppError(cause);
        }
      }
      report(null);
    } catch (cause) {
      error = toAppError(cause);
    }
    emit({ type: 'reindex.finished', embeddingModelId: modelId, reindexed, failed, error });
  }
}
