import os from 'node:os';
import type { Database } from 'better-sqlite3';
import type { AppStatus, EnclaveEvent } from '../shared/domain.js';
import { ChatService, type GenerationSettings } from './chat/chatService.js';
import { createChat, deleteChat, getChat, listChats, renameChat } from './db/chats.js';
import { listMessages, markOrphanedStreamsInterrupted } from './db/messages.js';
import { openDatabase } from './db/openDatabase.js';
import { EnclaveError, toAppError } from './errors.js';
import type { Handlers } from './ipc/dispatch.js';
import { addModelFile, type ModelFolder, resolveModel, scanModelFolders } from './llm/catalog.js';
import type { HostLauncher } from './llm/host/launcher.js';
import { type LocalInferenceSettings, LocalProvider } from './llm/localProvider.js';
import { dataPaths } from './paths.js';

/** Services the shell around core provides; core never imports Electron itself. */
export interface CoreServices {
  /** Starts the model-host process (utilityProcess in Electron, fork in Node). */
  launchModelHost: HostLauncher;
  /** Asks the user for a .gguf file; null when they cancel. Absent in the CLI. */
  pickModelFile?: () => Promise<string | null>;
}

export interface CoreOptions {
  dataDir: string;
  /** The development / installer-bundled models folder, scanned besides the user's. */
  bundledModelsDir?: string;
  version: string;
  services: CoreServices;
  inference?: Partial<LocalInferenceSettings>;
  generation?: Partial<GenerationSettings>;
  /** A better-sqlite3 addon built for the running runtime (Electron's ABI in the app). */
  sqliteNativeBinding?: string;
}

export interface EnclaveCore {
  readonly handlers: Handlers;
  readonly status: AppStatus;
  readonly chatService: ChatService | undefined;
  readonly provider: LocalProvider;
  readonly modelFolders: readonly ModelFolder[];
  readonly db: Database | undefined;
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
 * Builds the application: the database, the model catalog, the model host and the chat service,
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
    contextSize: 4096,
    gpuLayers: 'auto',
    memoryBudgetBytes: null,
    ...options.inference,
  };
  const provider = new LocalProvider(options.services.launchModelHost, inference);

  let db: Database | undefined;
  let startupError: AppStatus['startupError'] = null;
  try {
    db = openDatabase(paths.databasePath, options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {});
    markOrphanedStreamsInterrupted(db);
  } catch (error) {
    startupError = toAppError(error);
  }
  const chatService = db
    ? new ChatService({
        db,
        provider,
        emit,
        generation: { maxTokens: 2048, temperature: 0.7, ...options.generation },
      })
    : undefined;

  const status: AppStatus = {
    version: options.version,
    dataDir: paths.dataDir,
    databasePath: paths.databasePath,
    startupError,
    threads: inference.threads,
  };

  function database(): Database {
    if (db) return db;
    throw new EnclaveError(startupError?.code ?? 'database-unavailable', startupError?.message ?? 'No database.');
  }
  function chats(): ChatService {
    database();
    return chatService!;
  }

  const handlers: Handlers = {
    'app.status': () => status,
    'chats.list': () => listChats(database()),
    'chats.create': ({ title }) => createChat(database(), title),
    'chats.rename': ({ chatId, title }) => renameChat(database(), chatId, title),
    'chats.delete': ({ chatId }) => {
      chats().stop(chatId);
      deleteChat(database(), chatId);
      return { chatId };
    },
    'chats.get': ({ chatId }) => ({ chat: getChat(database(), chatId), messages: listMessages(database(), chatId) }),
    'chats.send': async ({ chatId, modelId, content }) => {
      const model = await resolveModel(modelFolders, modelId);
      const { userMessage, assistantMessage } = chats().send(chatId, model, content);
      return { userMessage, assistantMessage };
    },
    'chats.stop': ({ chatId }) => ({ stopped: chats().stop(chatId) }),
    'models.list': () => scanModelFolders(modelFolders),
    'models.import': async () => {
      const picked = await options.services.pickModelFile?.();
      if (!picked) return null;
      return addModelFile(picked, paths.userModelsDir);
    },
  };

  return {
    handlers,
    status,
    chatService,
    provider,
    modelFolders,
    db,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      await chatService?.stopAll();
      await provider.dispose();
      db?.close();
      listeners.clear();
    },
  };
}
