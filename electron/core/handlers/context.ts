import type { Database } from 'better-sqlite3';
import type { AppSettings, AppStatus, EnclaveEvent } from '../../shared/domain.js';
import type { ChatService } from '../chat/chatService.js';
import type { DocumentService } from '../documents/documentService.js';
import type { KeychainCipher } from '../remote/keyVault.js';
import type { RemoteService } from '../remote/remoteService.js';
import { EnclaveError } from '../errors.js';
import type { HostLauncher } from '../llm/host/launcher.js';
import type { LocalProvider } from '../llm/localProvider.js';
import type { ModelRegistry } from '../models/registry.js';

/** Services the shell around core provides; core never imports Electron itself. */
export interface CoreServices {
  /** Starts the model-host process (utilityProcess in Electron, fork in Node). */
  launchModelHost: HostLauncher;
  /** Asks the user for model files or a folder of them; null when they cancel. Absent in the CLI. */
  pickModelFiles?: (pick: 'files' | 'folder') => Promise<string[] | null>;
  /** Asks the user for a LoRA adapter file; null when they cancel. */
  pickAdapterFile?: () => Promise<string | null>;
  /** Asks the user for documents or a folder of them; null when they cancel. Absent in the CLI. */
  pickDocumentFiles?: (pick: 'files' | 'folder') => Promise<string[] | null>;
  /** The OS keychain (Electron safeStorage) for API keys; absent in the CLI. */
  keychain?: KeychainCipher;
}

/** What every feature's handlers work with once core is up. */
export interface CoreContext {
  readonly status: AppStatus;
  readonly services: CoreServices;
  readonly provider: LocalProvider;
  readonly emit: (event: EnclaveEvent) => void;
  /** The database, or the reason it could not be opened (thrown as the user-facing error). */
  database(): Database;
  chats(): ChatService;
  models(): ModelRegistry;
  documents(): DocumentService;
  remote(): RemoteService;
  settings(): AppSettings;
}

export function startupFailure(status: AppStatus): EnclaveError {
  const error = status.startupError;
  return new EnclaveError(error?.code ?? 'database-unavailable', error?.message ?? 'The database is not available.');
}
