import type { ReindexEvent, ReindexOutcome, ReindexProgress } from '../../shared/documents.js';
import { toAppError } from '../errors.js';
import { type DocumentServiceDeps, resolveEmbeddingModel } from './documentDeps.js';
import { reindexDocument } from './ingest/reindexDocument.js';
import type { SerialQueue } from './serialQueue.js';
import { findDocument, listStaleDocuments } from './store/documents.js';

/** Receives one `documents.reindex` request's stream: progress per document, then exactly one `end`. */
export type ReindexListener = (event: ReindexEvent) => void;

/**
 * Brings every ready document to the current embedding model in the background, one document at a
 * time, each swapped in atomically: answers keep working (from the old index, then the new) while it
 * runs. A newer change of model cancels the run in progress and starts over for the newest model.
 * A request that asks for the run (or joins it) hears it on its own stream; every window hears only
 * that the index changed (`documents.indexChanged`) and reads its status again.
 */
export class Reindexer {
  private controller: AbortController | null = null;
  private progress: ReindexProgress | null = null;
  private running: Promise<void> | null = null;
  /** The requests listening to the run in progress. */
  private listeners = new Set<ReindexListener>();
  private last: ReindexOutcome | null = null;

  constructor(
    private readonly deps: DocumentServiceDeps,
    private readonly queue: SerialQueue,
    private readonly embeddingModelId: () => string | null,
  ) {}

  /**
   * Starts re-indexing if any document is stale; a run already going for an older model is cancelled.
   * `listener` hears this run (the one going for this model, if any) to its end; with nothing stale it
   * hears the end at once.
   */
  schedule(listener?: ReindexListener): Promise<void> {
    const modelId = this.embeddingModelId();
    if (this.running && this.progress?.embeddingModelId === modelId) {
      if (listener) this.listeners.add(listener);
      return this.running;
    }
    this.controller?.abort();
    if (listStaleDocuments(this.deps.db, modelId).length === 0) {
      listener?.({ type: 'end', embeddingModelId: modelId, reindexed: 0, failed: 0, error: null });
      return Promise.resolve();
    }
    // Listeners of a cancelled run hear its end (from the run itself); this run starts with its own.
    this.listeners = new Set(listener ? [listener] : []);
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

  /** How the last run since start ended; null before one has. */
  lastOutcome(): ReindexOutcome | null {
    return this.last && { ...this.last };
  }

  cancel(): void {
    this.controller?.abort();
  }

  private async run(modelId: string | null, signal: AbortSignal): Promise<void> {
    const { db, emit } = this.deps;
    const listeners = this.listeners;
    const tell = (event: ReindexEvent) => {
      for (const listener of listeners) listener(event);
    };
    let reindexed = 0;
    let failed = 0;
    let error = null;
    try {
      if (signal.aborted) return;
      const embeddingModel = await resolveEmbeddingModel(this.deps, modelId);
      const stale = listStaleDocuments(db, modelId);
      const report = (fileName: string | null) => {
        this.progress = { embeddingModelId: modelId, documentsDone: reindexed + failed, documentsTotal: stale.length, fileName };
        tell({ type: 'progress', progress: { ...this.progress } });
        emit({ type: 'documents.indexChanged' });
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
    this.last = { embeddingModelId: modelId, reindexed, failed, error };
    tell({ type: 'end', ...this.last });
    listeners.clear();
    // The run is still listed as going until the queue lets go of it: say so once that has happened.
    queueMicrotask(() => emit({ type: 'documents.indexChanged' }));
  }
}
