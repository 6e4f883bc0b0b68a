import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditFileKind } from '../../shared/audit.js';
import type { AppSettings, AppStatus, EnclaveEvent } from '../../shared/domain.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import type { AuditForwarder } from '../audit/forwarding/auditForwarder.js';
import type { ChatService } from '../chat/chatService.js';
import type { DocumentService } from '../documents/documentService.js';
import type { FileGrants } from '../files/fileGrants.js';
import type { LoadedPolicy } from '../policy/loadPolicy.js';
import type { KeychainCipher } from '../keychain.js';
import type { RemoteService } from '../remote/remoteService.js';
import { EnclaveError } from '../errors.js';
import type { ParserRequest } from '../documents/parserProcess/protocol.js';
import type { HostLauncher } from '../llm/host/launcher.js';
import type { LocalProvider } from '../llm/localProvider.js';
import type { ModelRegistry } from '../models/registry.js';
import type { ApiServerHost } from '../apiServer/apiServerHost.js';

/** Services the shell around core provides; core never imports Electron itself. */
export interface CoreServices {
  /** Starts the model-host process (utilityProcess in Electron, fork in Node). */
  launchModelHost: HostLauncher;
  /**
   * Starts the document reader process (utilityProcess in Electron). Defaults to a forked Node process,
   * the CLI's and the tests' launcher; the Electron shell must pass its own.
   */
  launchDocumentParser?: HostLauncher<ParserRequest>;
  /**
   * Resolves the grants requests carry to the files the user picked or dropped (files/fileGrants.ts).
   * Absent: no file is granted, and every request that reads one is refused.
   */
  fileGrants?: FileGrants;
  /** Asks the user for model files or a folder of them: grants (`models`) for them; null when they cancel. Absent in the CLI. */
  pickModelFiles?: (pick: 'files' | 'folder') => Promise<string[] | null>;
  /** Asks the user for a LoRA adapter file: a grant (`adapter`) for it; null when they cancel. */
  pickAdapterFile?: () => Promise<string | null>;
  /** Asks the user for documents or a folder of them: grants (`documents`) for them; null when they cancel. Absent in the CLI. */
  pickDocumentFiles?: (pick: 'files' | 'folder') => Promise<string[] | null>;
  /** Opens an http(s) URL in the user's browser (Electron's shell); absent in the CLI. */
  openExternal?: (url: string) => Promise<void>;
  /**
   * Opens a file in the system's own viewer for its type (Electron's shell.openPath); absent in the
   * CLI. Core calls it only with a document's stored path, checked to be the file that was indexed.
   */
  openPath?: (filePath: string) => Promise<void>;
  /** Puts text on the system clipboard (Electron's clipboard); absent in the CLI. */
  copyToClipboard?: (text: string) => Promise<void>;
  /** The OS keychain (Electron safeStorage) for API keys and the database key; absent in the CLI. */
  keychain?: KeychainCipher;
  /** Asks where to write a backup (a save dialog): a grant (`backup`) for it; null when they cancel. Absent in the CLI. */
  pickBackupDestination?: () => Promise<string | null>;
  /** Asks for a backup to restore: a grant (`restore`) for it; null when they cancel. Absent in the CLI. */
  pickBackupFile?: () => Promise<string | null>;
  /**
   * Asks where to write an audit export or checkpoint (a save dialog): a grant (`export`) for it; null
   * when they cancel. Absent in the CLI, which writes where `--out` says.
   */
  pickAuditDestination?: (kind: AuditFileKind) => Promise<string | null>;
}

/** What every feature's handlers work with once core is up. */
export interface CoreContext {
  readonly status: AppStatus;
  readonly services: CoreServices;
  readonly provider: LocalProvider;
  /** The machine policy in force now (it may change while the app runs: read it at each decision). */
  readonly policy: LoadedPolicy;
  readonly emit: (event: EnclaveEvent) => void;
  /** The database, or the reason it could not be opened (thrown as the user-facing error). */
  database(): Database;
  chats(): ChatService;
  models(): ModelRegistry;
  documents(): DocumentService;
  remote(): RemoteService;
  settings(): AppSettings;
  /** After an erase: finish in the background what another program's reader held up, and say so. */
  continueErasure(): void;
  /** The audit trail: every act worth recording writes its entry here (audit/auditTrail.ts). */
  audit(): AuditTrail;
  /** The forwarder to the policy's syslog collector; undefined when the policy names none. */
  auditForwarder(): AuditForwarder | undefined;
  /** This process's local API server (apiServer/): its state, switch and clients' tokens. */
  apiServer(): ApiServerHost;
}

export function startupFailure(status: AppStatus): EnclaveError {
  const error = status.startupError;
  return new EnclaveError(error?.code ?? 'database-unavailable', error?.message ?? 'The database is not available.');
}
