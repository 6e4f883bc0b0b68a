import type {
  CollectionInfo,
  DocumentHit,
  DocumentImportJob,
  DocumentImportOutcome,
  DocumentInfo,
  IndexStatus,
  MessageSource,
  OriginalPdf,
  PassageView,
} from '../../shared/documents.js';
import { isErrorCode } from '../../shared/errors.js';
import { type DocumentServiceDeps, resolveEmbeddingModel } from './documentDeps.js';
import { type DocumentImportListener, DocumentImports } from './importJobs.js';
import { readOriginalPdf, verifiedOriginalPath } from './originalFile.js';
import { type ReindexListener, Reindexer } from './reindexer.js';
import { SerialQueue } from './serialQueue.js';
import * as collections from './store/collections.js';
import { deleteDocument, getDocument, listDocuments, listStaleDocuments, type StoredDocument } from './store/documents.js';
import { readPassage } from './store/passages.js';
import { searchChunks, wholeCollectionPassages } from './store/retrieve.js';
import { withWholeFiles } from './wholeFiles.js';

export type { DocumentServiceDeps } from './documentDeps.js';

/**
 * The documents feature as the handlers and the CLI use it: collections, background imports with
 * progress, hybrid search, the passages a grounded answer is given, and re-indexing when the
 * embedding model changes.
 */
export class DocumentService {
  private readonly queue = new SerialQueue();
  private readonly imports: DocumentImports;
  private readonly reindexer: Reindexer;
  /** The CLI's `--embedding-model`: this process uses it instead of the setting, without saving it. */
  private embeddingModelOverride: string | null = null;

  constructor(private readonly deps: DocumentServiceDeps) {
    const modelId = () => this.embeddingModelId();
    this.imports = new DocumentImports(deps, this.queue, modelId);
    this.reindexer = new Reindexer(deps, this.queue, modelId);
  }

  embeddingModelId(): string | null {
    return this.embeddingModelOverride ?? this.deps.settings().embeddingModelId;
  }

  useEmbeddingModel(modelId: string | null): void {
    this.embeddingModelOverride = modelId;
    // A re-index towards another model would only be undone: stop it (the next start resumes it).
    if (this.reindexer.status()?.embeddingModelId !== modelId) this.reindexer.cancel();
  }

  listCollections(): CollectionInfo[] {
    return collections.listCollections(this.deps.db);
  }

  createCollection(name: string): CollectionInfo {
    const { db, audit } = this.deps;
    const created = db.transaction(() => {
      const collection = collections.createCollection(db, name);
      audit.record('collection.created', { collectionId: collection.id, chatId: null });
      return collection;
    })();
    this.deps.emit({ type: 'collections.changed' });
    return created;
  }

  renameCollection(collectionId: string, name: string): CollectionInfo {
    const renamed = collections.renameCollection(this.deps.db, collectionId, name);
    this.deps.emit({ type: 'collections.changed' });
    return renamed;
  }

  deleteCollection(collectionId: string): void {
    const { db, audit } = this.deps;
    db.transaction(() => {
      const { documentCount } = collections.getCollection(db, collectionId);
      collections.deleteCollection(db, collectionId);
      audit.record('collection.deleted', { collectionId, documents: documentCount });
    })();
    this.deps.emit({ type: 'collections.changed' });
    this.deps.emit({ type: 'chats.changed' });
  }

  /** Marks a collection confidential or not: chats over a confidential one stay local (policy permitting). */
  setConfidential(collectionId: string, confidential: boolean): CollectionInfo {
    const { db, audit } = this.deps;
    const collection = db.transaction(() => {
      const previous = collections.getCollection(db, collectionId).confidential;
      const changed = collections.setCollectionConfidential(db, collectionId, confidential);
      audit.record('collection.confidential', { collectionId, confidential, previous });
      return changed;
    })();
    this.deps.emit({ type: 'collections.changed' });
    return collection;
  }

  /** A collection by id, or by name (as the CLI takes it). */
  findCollection(reference: string): CollectionInfo | undefined {
    return collections.findCollection(this.deps.db, reference) ?? collections.findCollectionByName(this.deps.db, reference);
  }

  listDocuments(collectionId: string): DocumentInfo[] {
    collections.getCollection(this.deps.db, collectionId);
    return listDocuments(this.deps.db, collectionId).map(toDocumentInfo);
  }

  removeDocument(documentId: string): void {
    const { db, audit } = this.deps;
    const { collectionId, sha256 } = getDocument(db, documentId);
    db.transaction(() => {
      deleteDocument(db, documentId);
      audit.record('document.removed', { documentId, collectionId, sha256 });
    })();
    this.deps.emit({ type: 'documents.changed', collectionId });
    this.deps.emit({ type: 'collections.changed' });
  }

  /**
   * Starts importing files and folders into a collection; `onEvent` hears its progress and its end,
   * and `done` settles with every file's outcome.
   */
  importPaths(
    collectionId: string,
    paths: readonly string[],
    onEvent?: DocumentImportListener,
  ): Promise<DocumentImportJob & { done: Promise<DocumentImportOutcome[]> }> {
    return this.imports.start(collectionId, paths, onEvent);
  }

  cancelImport(jobId: string): boolean {
    return this.imports.cancel(jobId);
  }

  /** Indexes files dropped into a chat into the chat's own collection (attached to it). */
  attachFilesToChat(chatId: string, chatTitle: string, paths: readonly string[], onEvent?: DocumentImportListener) {
    // Its creation recorded with it (the chat's own collection is made on the first drop).
    const collection = collections.ensureChatCollection(this.deps.db, chatId, chatTitle, (created) =>
      this.deps.audit.record('collection.created', { collectionId: created.id, chatId }),
    );
    this.deps.emit({ type: 'chats.changed' });
    this.deps.emit({ type: 'collections.changed' });
    return this.importPaths(collection.id, paths, onEvent);
  }

  setChatCollections(chatId: string, collectionIds: readonly string[]): void {
    collections.setChatCollections(this.deps.db, chatId, collectionIds);
    this.deps.emit({ type: 'chats.changed' });
  }

  /** Hybrid search; without a usable embedding model it still finds passages by their words. */
  async search(query: string, collectionIds: readonly string[], topK?: number): Promise<DocumentHit[]> {
    const settings = this.deps.settings();
    const embedded = await this.embedQuery(query, this.embeddingModelId());
    const hits = searchChunks(this.deps.db, {
      query,
      queryEmbedding: embedded?.vector ?? null,
      // Only vectors from the model that embedded the query are comparable with it.
      embeddingModelId: embedded?.modelId ?? null,
      collectionIds,
      topK: topK ?? settings.retrievalTopK,
      relevanceFloor: settings.relevanceFloor,
    });
    // The retrievers' own ranks and scores are for tests and benchmarks; the app shows the relevance.
    return hits.map(({ ftsRank: _ftsRank, vectorRank: _vectorRank, keywordScore: _keywordScore, similarity: _similarity, ...hit }) => hit);
  }

  /**
   * The passages for a question in a chat, numbered for citing; null when the chat has no collections.
   * When the files added to the chat itself fit in the passages a reply is given, all of them are
   * given (see `withWholeFiles`).
   */
  async sourcesForChat(chatId: string, question: string): Promise<MessageSource[] | null> {
    const attached = collections.listChatCollections(this.deps.db, chatId);
    if (attached.length === 0) return null;
    const topK = this.deps.settings().retrievalTopK;
    const hits = await this.search(question, attached.map((collection) => collection.id), topK);
    const ownFiles = attached.find((collection) => collection.chatId === chatId);
    const whole = ownFiles ? wholeCollectionPassages(this.deps.db, ownFiles.id, topK) : null;
    const passages = whole ? withWholeFiles(hits, whole, topK) : hits;
    return passages.map((hit, index) => ({ ...hit, number: index + 1, cited: false }));
  }

  passage(where: { chunkId: number; documentId?: string | undefined; charStart?: number | undefined; charEnd?: number | undefined }): PassageView {
    return readPassage(this.deps.db, where);
  }

  /** A PDF document's file as it was indexed, to show its pages (see originalFile.ts). */
  original(documentId: string): Promise<OriginalPdf> {
    return readOriginalPdf(this.deps.db, documentId);
  }

  /** The path of a document's file, once checked to be the file that was indexed (see originalFile.ts). */
  originalPath(documentId: string): Promise<string> {
    return verifiedOriginalPath(this.deps.db, documentId);
  }

  indexStatus(): IndexStatus {
    const embeddingModelId = this.embeddingModelId();
    return {
      embeddingModelId,
      staleDocuments: listStaleDocuments(this.deps.db, embeddingModelId).length,
      reindex: this.reindexer.status(),
      lastReindex: this.reindexer.lastOutcome(),
    };
  }

  /** Re-indexes documents made with another embedding model; settles when that run ends. */
  reindex(listener?: ReindexListener): Promise<void> {
    return this.reindexer.schedule(listener);
  }

  async dispose(): Promise<void> {
    this.reindexer.cancel();
    await this.imports.cancelAll();
    await this.queue.idle();
  }

  private async embedQuery(query: string, modelId: string | null): Promise<{ vector: Float32Array; modelId: string } | null> {
    try {
      const model = await resolveEmbeddingModel(this.deps, modelId);
      if (!model) return null;
      const [vector] = await this.deps.provider.embed(model, [query]);
      return vector ? { vector, modelId: model.id } : null;
    } catch {
      // Keywords still find passages; an unusable embedding model is reported where it is set.
      return null;
    }
  }
}

export function toDocumentInfo(document: StoredDocument): DocumentInfo {
  const { errorCode, errorMessage, sha256: _sha256, ...rest } = document;
  return {
    ...rest,
    error: errorCode && isErrorCode(errorCode) ? { code: errorCode, message: errorMessage ?? '' } : null,
  };
}
