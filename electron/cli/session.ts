import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultThreadCount } from '../core/app.js';
import { type Enclave, startEnclave } from '../core/enclave.js';
import type { DocumentService } from '../core/documents/documentService.js';
import { EnclaveError } from '../core/errors.js';
import { FileGrantRegistry } from '../core/files/fileGrants.js';
import { type AnyStreamSink, runHandler } from '../core/ipc/dispatch.js';
import { createForkLauncher } from '../core/llm/host/forkLauncher.js';
import type { ModelRegistry } from '../core/models/registry.js';
import { withoutUndefined } from '../core/objects.js';
import { defaultUserDataDir, resolveDataDir } from '../core/paths.js';
import { type LoadedPolicy, loadPolicy } from '../core/policy/index.js';
import { type Channel, type ChannelInput, type ChannelResult } from '../shared/contract.js';
import type { GrantPurpose } from '../shared/fileGrants.js';
import type { StreamArgs } from '../shared/streams.js';
import { cliVersion, installedCliHost } from './cliHost.js';
import { cliKeySources } from './keySources.js';

const repositoryRoot = new URL('../../', import.meta.url);

export { type CliHost, cliVersion, useCliHost } from './cliHost.js';

/** The development models folder, the one the app scans as "bundled" when run from the repository. */
export const bundledModelsDir = fileURLToPath(new URL('models', repositoryRoot));

/** The machine policy: the app's reading of it under `Enclave --cli`, else the OS location (or ENCLAVE_POLICY_FILE). */
export function cliPolicy(): LoadedPolicy {
  return installedCliHost()?.loadPolicy() ?? loadPolicy();
}

export interface SessionOptions {
  /** `--data-dir`; else `ENCLAVE_DATA_DIR`; else the folder the desktop app uses. */
  dataDir: string | undefined;
  /** `--threads`; else `ENCLAVE_THREADS`; else all cores but one. Always passed to core explicitly. */
  threads?: number | undefined;
  contextSize?: number | undefined;
  maxTokens?: number | undefined;
  temperature?: number | undefined;
}

/** One run of the CLI over core: the same database and models folders as the desktop app. */
export interface Session {
  readonly core: Enclave;
  /**
   * Calls a core handler with the payload checked against the same schema the app's IPC uses. Errors
   * are thrown, not turned into values, so `--debug` can show where they came from. A stream channel
   * takes the listener of its request's stream (an import's progress and end, say).
   */
  request<C extends Channel>(channel: C, input: ChannelInput<C>, ...stream: StreamArgs<C>): Promise<ChannelResult<C>>;
  /**
   * Grants for files and folders the user named on the command line (relative to the working
   * folder): the CLI reads files through the same grant-only requests as a window does.
   */
  grant(paths: readonly string[], purpose: GrantPurpose): Promise<string[]>;
  /** Throws the reason the database could not be opened (corrupt, from a newer Enclave), if any. */
  requireDatabase(): void;
  /** The model registry, for what the contract has no channel for (resolving a model to chat with). */
  registry(): ModelRegistry;
  /** The documents feature, for what a terminal needs beyond the channels (awaiting a re-index, say). */
  documents(): DocumentService;
}

/** Opens core, runs `body`, and always disposes core so the model host exits and the CLI ends. */
export async function withSession<T>(options: SessionOptions, body: (session: Session) => Promise<T>): Promise<T> {
  const fileGrants = new FileGrantRegistry();
  const host = installedCliHost();
  const core = await startEnclave({
    dataDir: resolveDataDir(options.dataDir, defaultUserDataDir()),
    bundledModelsDir: host?.bundledModelsDir ?? bundledModelsDir,
    version: cliVersion(),
    // The fork launcher passes the environment through, so ENCLAVE_GPU=off reaches the model host.
    // No pickers: a terminal names its files on the command line, and the session grants them.
    services: { ...(host?.services ?? { launchModelHost: createForkLauncher() }), fileGrants },
    policy: cliPolicy(),
    inference: withoutUndefined({ threads: options.threads ?? defaultThreadCount(), contextSize: options.contextSize }),
    generation: withoutUndefined({ maxTokens: options.maxTokens, temperature: options.temperature }),
    // A terminal command is short: it does not start re-indexing the library behind the user's back
    // (the app does, or `settings set embedding-model` on purpose).
    reindexOnStart: false,
    // No OS keychain in a terminal: API keys go to an owner-only file in the data folder (README).
    allowKeyFile: true,
    // No keychain either: the database key comes from the passphrase or the recovery key (keySources.ts).
    keySources: cliKeySources(),
    // The audit trail names the command line as who acted.
    actor: 'cli',
  });
  if (core.storageNotice) process.stderr.write(`enclave: ${core.storageNotice}\n`);
  const session: Session = {
    core,
    // Only stream channels take a listener (StreamArgs), and runHandler hands it to those alone.
    request: (channel, input, ...stream) => runHandler(core.handlers, channel, input, stream[0] as AnyStreamSink | undefined),
    grant: (paths, purpose) => Promise.all(paths.map((given) => fileGrants.grant(path.resolve(given), purpose))),
    requireDatabase() {
      const problem = core.status.startupError;
      if (problem) throw new EnclaveError(problem.code, problem.message);
    },
    registry() {
      session.requireDatabase();
      if (!core.registry) throw new EnclaveError('database-unavailable', 'The database is not open.');
      return core.registry;
    },
    documents() {
      session.requireDatabase();
      if (!core.documents) throw new EnclaveError('database-unavailable', 'The database is not open.');
      return core.documents;
    },
  };
  try {
    return await body(session);
  } finally {
    await core.dispose();
  }
}
