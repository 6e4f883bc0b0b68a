import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AppSettings, AppStatus, EnclaveEvent } from '../shared/domain.js';
import { ChatService, type GenerationSettings } from './chat/chatService.js';
import { markOrphanedStreamsInterrupted } from './chat/store/messages.js';
import { localFallbackModel } from './chat/localFallback.js';
import { closeAbandonedRequests } from './remote/requestRecords.js';
import { openDatabase } from './db/openDatabase.js';
import { startWalCheckpointer, type WalCheckpointer } from './db/walCheckpointer.js';
import { DocumentService } from './documents/documentService.js';
import { DocumentParserClient } from './documents/parserProcess/documentParserClient.js';
import { createParserForkLauncher } from './documents/parserProcess/forkParserLauncher.js';
import { markAbandonedIndexingFailed } from './documents/store/documents.js';
import { finishPendingErasure } from './history/compactDatabase.js';
import { ErasureFinisher } from './history/erasureFinisher.js';
import { ChatRetention } from './history/chatRetention.js';
import { documentHandlers } from './handlers/documentHandlers.js';
import { historyHandlers } from './handlers/historyHandlers.js';
import { linkHandlers } from './handlers/linkHandlers.js';
import { presetHandlers } from './handlers/presetHandlers.js';
import { remoteHandlers } from './handlers/remoteHandlers.js';
import { chatPreset, seedBuiltinPresets } from './presets/presets.js';
import { type LoadedPolicy, loadPolicy } from './policy/loadPolicy.js';
import { PolicyHolder } from './policy/policyHolder.js';
import { recordPolicyInForce } from './audit/policyEntries.js';
import { RemoteService } from './remote/remoteService.js';
import type { RemoteClientOptions } from './remote/remoteClient.js';
import { EnclaveError, toAppError } from './errors.js';
import type { AuditTrail } from './audit/auditTrail.js';
import { startAuditTrail } from './audit/startTrail.js';
import { modelLoadedDetails } from './models/modelAudit.js';
import { pruneByRetention } from './audit/retention.js';
import { type ForwardingTimings, startAuditForwarding } from './audit/forwarding/startForwarding.js';
import { auditHandlers } from './handlers/auditHandlers.js';
import { auditForwardingHandlers } from './handlers/auditForwardingHandlers.js';
import { apiServerHandlers } from './handlers/apiServerHandlers.js';
import { ApiServerHost } from './apiServer/apiServerHost.js';
import { sequencesWanted } from './llm/parallelReplies.js';
import { chatHandlers } from './handlers/chatHandlers.js';
import { type CoreContext, type CoreServices, startupFailure } from './handlers/context.js';
import { modelHandlers } from './handlers/modelHandlers.js';
import { systemHandlers } from './handlers/systemHandlers.js';
import type { CoreHandlers } from './ipc/dispatch.js';
import type { DatabaseKey } from './db/databaseCipher.js';
import type { AppError } from '../shared/errors.js';
import { type LocalInferenceSettings, LocalProvider } from './llm/localProvider.js';
import { readAppSettings } from './settings/appSettings.js';
import { type ModelFolder, ModelRegistry } from './models/registry.js';
import { dataPaths } from './paths.js';

export type { CoreServices } from './handlers/context.js';

export interface CoreOptions {
  dataDir: string;
  /** The development / installer-bundled models folder, scanned besides the user's. */
  bundledModelsDir?: string;
  version: string;
  services: CoreServices;
  inference?: Partial<LocalInferenceSettings>;
  generation?: Partial<GenerationSettings>;
  /** A better-sqlite3-multiple-ciphers addon built for the running runtime (Electron's ABI in the app). */
  sqliteNativeBinding?: string | undefined;
  /**
   * The database key storage/unlockStorage.ts found (null: plain SQLite) and the audit trail's seal key
   * (null: unsealed), or why the data stays locked.
   */
  storage: { key: DatabaseKey; auditKey?: Buffer | null; auditKeyNew?: boolean } | { error: AppError };
  /** Who acts through this core, as the audit trail names it: the window (`app`, the default) or the CLI. */
  actor?: 'app' | 'cli';
  /**
   * The machine policy: read once from its OS sources (or ENCLAVE_POLICY_FILE) when not given; a
   * holder (policy/watchPolicy.ts) when it may change while core runs, which core then follows.
   */
  policy?: LoadedPolicy | PolicyHolder;
  /**
   * The headless CLI has no OS keychain: it may keep API keys in an owner-only file in the data folder
   * (weaker, and said so). The app never does.
   */
  allowKeyFile?: boolean;
  /** Re-index documents left on another embedding model when core starts (default true; the CLI says no). */
  reindexOnStart?: boolean;
  /**
   * Forward the audit trail to the policy's syslog collector in the background (the app). Otherwise
   * (the CLI) entries are sent only on `enclave audit forward`, or by the app at its next start.
   */
  forwardAudit?: boolean;
  /** For tests: how long forwarding waits for a collector, gathers entries and backs off. */
  auditForwarding?: ForwardingTimings;
  /** For tests: timeouts and retries of remote requests. */
  remoteClient?: Omit<RemoteClientOptions, 'network'>;
  /**
   * Start the local API server when the user left it on and the policy allows it (the app). The CLI
   * starts it only with `enclave serve`.
   */
  resumeApiServer?: boolean;
}

export interface EnclaveCore {
  readonly handlers: CoreHandlers;
  /** The audit trail, when the database is open. */
  readonly audit: AuditTrail | undefined;
  readonly status: AppStatus;
  readonly chatService: ChatService | undefined;
  readonly registry: ModelRegistry | undefined;
  readonly documents: DocumentService | undefined;
  readonly remote: RemoteService | undefined;
  /** The policy's `retention.chatDays`, run at start and daily (history/chatRetention.ts). */
  readonly chatRetention: ChatRetention | undefined;
  /** The machine policy in force now: after a change while the app runs, the new one. */
  readonly policy: LoadedPolicy;
  readonly provider: LocalProvider;
  readonly modelFolders: readonly ModelFolder[];
  readonly db: Database | undefined;
  /** The local API server of this process, when the database is open. */
  readonly apiServer: ApiServerHost | undefined;
  subscribe(listener: (event: EnclaveEvent) => void): () => void;
  dispose(): Promise<void>;
}

/** Threads default to every core but one (at least one), so the window stays responsive. */
export function defaultThreadCount(env = process.env): number {
  const fromEnv = Number.parseInt(env.ENCLAVE_THREADS ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(1, os.availableParallelism() - 1);
}

/**
 * Builds the application: the database, the model registry, the model host and the chat service,
 * and the handler map every transport dispatches to. If the database cannot be opened (corrupt,
 * from a newer version) core still starts, reports why in `app.status`, and refuses other requests.
 */
export function createEnclaveCore(options: CoreOptions): EnclaveCore {
  const paths = dataPaths(options.dataDir);
  const listeners = new Set<(event: EnclaveEvent) => void>();
  const emit = (event: EnclaveEvent) => listeners.forEach((listener) => listener(event));
  const modelFolders: ModelFolder[] = [
    ...(options.bundledModelsDir ? [{ path: options.bundledModelsDir, location: 'bundled' as const }] : []),
    { path: paths.userModelsDir, location: 'user' },
  ];
  const inference: LocalInferenceSettings = {
    threads: defaultThreadCount(),
    // A default cap: a model trained on 128k tokens would otherwise get a context that is slow to
    // allocate and rarely needed. A model's own setting can ask for more.
    contextSize: 8192,
    gpuLayers: 'auto',
    memoryBudgetBytes: null,
    ...options.inference,
  };
  const provider = new LocalProvider(options.services.launchModelHost, inference);
  // Files are read in their own process, started on the first import (parserProcess/).
  const parser = new DocumentParserClient(options.services.launchDocumentParser ?? createParserForkLauncher());
  provider.onUnloaded((modelId, reason) => emit({ type: 'model.unloaded', modelId, reason }));

  let db: Database | undefined;
  let checkpointer: WalCheckpointer | undefined;
  let audit: AuditTrail | undefined;
  let startupError: AppStatus['startupError'] = 'error' in options.storage ? options.storage.error : null;
  const key = 'key' in options.storage ? options.storage.key : null;
  const nativeBinding = options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {};
  const policies = options.policy instanceof PolicyHolder ? options.policy : new PolicyHolder(options.policy ?? loadPolicy());
  // The policy at start: the audit trail's start, its retention and forwarding are set up under it.
  const policy = policies.current();
  try {
    if (startupError) throw new EnclaveError(startupError.code, startupError.message);
    db = openDatabase(paths.databasePath, { ...nativeBinding, key });
    markOrphanedStreamsInterrupted(db);
    finishInterruptedErasure(db);
    markAbandonedIndexingFailed(db);
    seedBuiltinPresets(db);
    provider.configure(readAppSettings(db));
    const sealing: { auditKey?: Buffer | null; auditKeyNew?: boolean } = 'key' in options.storage ? options.storage : {};
    audit = startAuditTrail(db, {
      auditKey: sealing.auditKey ?? null,
      auditKeyNew: sealing.auditKeyNew ?? false,
      actor: options.actor ?? 'app',
      version: options.version,
      policy,
    });
    // After the start is recorded: requests a killed process left `sending` are closed, each end recorded.
    closeAbandonedRequests({ db, audit });
    // Checkpoints on a worker thread, not inside the commit that stores a message (walCheckpointer.ts).
    checkpointer = startWalCheckpointer(db, { ...nativeBinding, key });
  } catch (error) {
    startupError = toAppError(error);
  }
  // No trail, no acts: every service that changes data or sends it out records what it does.
  const registry = db && audit ? new ModelRegistry({ db, audit, folders: modelFolders, userModelsDir: paths.userModelsDir, emit, policy: () => policies.current().policy }) : undefined;
  void registry?.removeAbandonedCopies().catch(() => undefined);
  provider.onLoaded((model, info) => {
    if (db?.open) audit?.record('model.loaded', modelLoadedDetails(model, info));
  });
  const documents =
    db && registry && audit
      ? new DocumentService({
          db,
          audit,
          provider,
          parser,
          emit,
          settings: () => readAppSettings(db),
          resolveModel: (reference) => registry.resolveForLoad(reference),
        })
      : undefined;
  const generation = { maxTokens: 2048, temperature: 0.7, ...options.generation };
  const chatService = db
    ? new ChatService({
        db,
        provider,
        emit,
        generation,
        sourcesFor: documents && ((chatId, question) => documents.sourcesForChat(chatId, question)),
        presetFor: (chatId) => chatPreset(db, chatId),
      })
    : undefined;
  if (db && audit) pruneByRetention(db, audit, policy.policy);
  const forwarder = db && audit ? startAuditForwarding(db, audit, policy.policy, {
          hostname: os.hostname(),
          background: options.forwardAudit ?? false,
          ...options.auditForwarding,
        }) : undefined;
  const remote =
    db && chatService && registry && audit
      ? new RemoteService({
          db,
          audit,
          chats: chatService,
          loadedPolicy: () => policies.current(),
          vault: {
            keychain: options.services.keychain,
            fallbackFile: options.allowKeyFile ? path.join(paths.dataDir, 'endpoint-keys.json') : undefined,
          },
          generation,
          client: options.remoteClient,
          localFallback: (chatId) => localFallbackModel(db, registry, chatId),
        })
      : undefined;
  const apiServer =
    db && audit && registry && documents
      ? new ApiServerHost({
          db,
          audit,
          services: { provider, models: () => registry, documents: () => documents, defaultMaxTokens: generation.maxTokens },
          policy: () => policies.current().policy.apiServer,
        })
      : undefined;
  // While the API server runs, chat models are loaded for its concurrent requests as well as the app's.
  provider.followSequences(() => sequencesWanted(apiServer?.running ? policies.current().policy.apiServer.maxConcurrentRequests : null));
  if (options.resumeApiServer) void apiServer?.resume();
  // Documents left on an older embedding model (the app quit mid re-index) are brought up to date.
  if (options.reindexOnStart ?? true) void documents?.reindex().catch(() => undefined);

  const erasure = db ? new ErasureFinisher({ db, checkpointer, emit }) : undefined;
  const status: AppStatus = {
    version: options.version,
    dataDir: paths.dataDir,
    databasePath: paths.databasePath,
    startupError,
    threads: inference.threads,
    // Read from the database each time: the status is one object for core's life.
    get erasurePending() {
      return erasure?.pending ?? false;
    },
  };
  // An erasure a reader held up when Enclave last closed, and that the start could not finish either.
  erasure?.continueIfPending();
  const chatRetention =
    db && audit && chatService
      ? new ChatRetention({
          db,
          audit,
          chatDays: () => policies.current().policy.retention?.chatDays,
          stopChat: (chatId) => chatService.stop(chatId),
          erased: (report) => {
            if (!report.fileErased) erasure?.continueIfPending();
            emit({ type: 'chats.changed' });
            emit({ type: 'collections.changed' });
          },
        })
      : undefined;
  chatRetention?.start();

  // A change while the app runs is an audit entry, and every window reads the policy again.
  const stopFollowingPolicy = policies.onChange((next) => {
    if (db?.open && audit) recordPolicyInForce(db, audit, next);
    void apiServer?.followPolicy();
    emit({ type: 'policy.changed' });
  });

  const context: CoreContext = {
    status,
    services: options.services,
    provider,
    get policy() {
      return policies.current();
    },
    emit,
    database: () => db ?? throwStartupFailure(status),
    chats: () => chatService ?? throwStartupFailure(status),
    models: () => registry ?? throwStartupFailure(status),
    documents: () => documents ?? throwStartupFailure(status),
    remote: () => remote ?? throwStartupFailure(status),
    settings: (): AppSettings => readAppSettings(context.database()),
    continueErasure: () => erasure?.continueIfPending(),
    audit: () => audit ?? throwStartupFailure(status),
    auditForwarder: () => forwarder,
    apiServer: () => apiServer ?? throwStartupFailure(status),
  };

  const handlers: CoreHandlers = {
    ...systemHandlers(context),
    ...chatHandlers(context),
    ...modelHandlers(context),
    ...documentHandlers(context),
    ...remoteHandlers(context),
    ...historyHandlers(context),
    ...presetHandlers(context),
    ...linkHandlers(context),
    ...auditHandlers(context),
    ...auditForwardingHandlers(context),
    ...apiServerHandlers(context),
  };

  return {
    handlers,
    status,
    chatService,
    registry,
    documents,
    remote,
    chatRetention,
    get policy() {
      return policies.current();
    },
    provider,
    modelFolders,
    db,
    apiServer,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    audit,
    async dispose() {
      stopFollowingPolicy();
      await apiServer?.stop('exit');
      if (db?.open) audit?.record('app.stopped', { version: options.version });
      // The stop itself reaches the collector now when it is answering; otherwise at the next start.
      await forwarder?.stop(options.forwardAudit ? 2000 : 0);
      await chatRetention?.stop();
      await chatService?.stopAll();
      await documents?.dispose();
      await parser.dispose();
      await provider.dispose();
      erasure?.stop();
      await checkpointer?.stop();
      db?.close();
      listeners.clear();
    },
  };
}

function throwStartupFailure(status: AppStatus): never {
  throw startupFailure(status);
}

/**
 * An erasure of every chat that a crash (or a busy file) stopped before the file was rewritten is
 * finished now (history/compactDatabase.ts). If it fails again the app still opens; the erasure
 * stays pending and is tried at the next start.
 */
function finishInterruptedErasure(db: Database): void {
  try {
    finishPendingErasure(db);
  } catch {
    // Still marked pending in the database: nothing is lost by trying again next time.
  }
}
