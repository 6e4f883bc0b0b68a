import { createEnclaveCore, type CoreOptions, type EnclaveCore } from './app.js';
import type { DatabaseKey } from './db/databaseCipher.js';
import { toAppError } from './errors.js';
import { storageHandlers } from './handlers/storageHandlers.js';
import type { Handlers, StorageChannel } from './ipc/dispatch.js';
import { dataPaths } from './paths.js';
import { loadPolicy } from './policy/loadPolicy.js';
import { PolicyHolder } from './policy/policyHolder.js';
import type { KeySources } from './storage/keySources.js';
import { auditKeyFor, unlockStorage } from './storage/unlockStorage.js';

export interface EnclaveOptions extends Omit<CoreOptions, 'storage'> {
  /** Where a passphrase or recovery key comes from besides the app's unlock screen (the CLI's --passphrase-file). */
  keySources?: Omit<KeySources, 'keychain'>;
}

/** Core with its database unlocked, and the storage requests that close and reopen it. */
export interface Enclave extends Omit<EnclaveCore, 'handlers'> {
  readonly handlers: Handlers;
  /** Said once after start (a database left unencrypted, one encrypted as policy requires); null when nothing. */
  readonly storageNotice: string | null;
}

/**
 * Starts Enclave: finds the database key (storage/unlockStorage.ts), then core on it. When the data
 * cannot be unlocked (no keychain, a passphrase needed, a damaged key file) core still starts, with the
 * reason as its startup error, and `storage.unlock` opens it once the user gives the passphrase or the
 * recovery key. Encrypting, re-keying and restoring close core's database, change the file, and start
 * core again on it: windows hear `storage.changed` and load afresh.
 */
export async function startEnclave(options: EnclaveOptions): Promise<Enclave> {
  // One holder for every core this starts: a reopened core follows the same (perhaps changing) policy.
  const policies = options.policy instanceof PolicyHolder ? options.policy : new PolicyHolder(options.policy ?? loadPolicy());
  const { keySources, ...coreOptions } = options;
  const sources: KeySources = { keychain: options.services.keychain, ...keySources };
  const storagePolicy = policies.current().policy.storage;
  const paths = dataPaths(options.dataDir);
  const nativeBinding = options.sqliteNativeBinding;

  let storage: CoreOptions['storage'];
  let storageNotice: string | null = null;
  try {
    const unlocked = await unlockStorage({ paths, sources, policy: storagePolicy, nativeBinding });
    storage = { key: unlocked.key, auditKey: unlocked.auditKey, auditKeyNew: unlocked.auditKeyNew };
    storageNotice = unlocked.notice;
  } catch (error) {
    storage = { error: toAppError(error) };
  }
  const listeners = new Set<Parameters<EnclaveCore['subscribe']>[0]>();
  const start = (next: CoreOptions['storage']) => {
    const started = createEnclaveCore({ ...coreOptions, policy: policies, storage: next });
    started.subscribe((event) => listeners.forEach((listener) => listener(event)));
    return started;
  };
  let core = start(storage);
  // Storage requests run one at a time, each to its end: a passphrase change must never write the key
  // file back over a key change that finished while it waited on scrypt, and two reopens must never
  // each start a core of their own.
  let storageQueue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const run = storageQueue.catch(() => undefined).then(task);
    storageQueue = run;
    return run;
  };

  // Unlocked but not opened (a damaged file): still the key to restore a backup under.
  const liveKey = (): DatabaseKey => ('key' in storage ? storage.key : null);
  const reopen = async (work: () => Promise<DatabaseKey>): Promise<void> => {
    await core.dispose();
    try {
      const key = await work();
      storage = { key, ...auditKeyFor(paths.storageKeyPath, key) };
    } finally {
      // On failure the database opens again as it was (or stays locked, with the same reason).
      core = start(storage);
      listeners.forEach((listener) => listener({ type: 'storage.changed' }));
    }
  };

  const handlers: Handlers = {
    ...delegateTo(() => core.handlers),
    ...serializeWrites(oneAtATime, storageHandlers({
      paths,
      sources,
      // Read at each request: a policy changed while the app runs (storage.allowPassphrase) applies at once.
      get policy() {
        return policies.current().policy.storage;
      },
      nativeBinding,
      services: options.services,
      liveKey,
      isLocked: () => 'error' in storage,
      reopen,
      audit: () => core.audit,
      database: () => core.db,
    })),
  };

  // What core holds is read from the core running now: after a reopen, from the new one.
  const current = Object.defineProperties(
    {},
    Object.fromEntries(liveFields.map((field) => [field, { get: () => core[field], enumerable: true }])),
  ) as Pick<EnclaveCore, (typeof liveFields)[number]>;
  const rest: Omit<Enclave, (typeof liveFields)[number]> = {
    handlers,
    storageNotice,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      await storageQueue.catch(() => undefined);
      await core.dispose();
      listeners.clear();
    },
  };
  return Object.assign(current, rest);
}

/** Core's parts that change with each reopen. */
const liveFields = ['status', 'chatService', 'registry', 'documents', 'remote', 'chatRetention', 'provider', 'modelFolders', 'db', 'audit', 'policy', 'apiServer'] as const;

/** Every storage request but the status through `oneAtATime`. */
function serializeWrites(oneAtATime: <T>(task: () => Promise<T>) => Promise<T>, handlers: Pick<Handlers, StorageChannel>): Pick<Handlers, StorageChannel> {
  const queued = Object.fromEntries(
    Object.entries(handlers).map(([channel, handler]) => [
      channel,
      channel === 'storage.status' ? handler : (...args: unknown[]) => oneAtATime(() => Promise.resolve((handler as (...given: unknown[]) => unknown)(...args))),
    ]),
  );
  return queued as unknown as Pick<Handlers, StorageChannel>;
}

/** Core's handlers, looked up on every call: after a reopen the calls go to the new core. */
function delegateTo(current: () => EnclaveCore['handlers']): EnclaveCore['handlers'] {
  const channels = Object.keys(current()) as (keyof EnclaveCore['handlers'])[];
  const call = (channel: keyof EnclaveCore['handlers']) => (...args: unknown[]) =>
    (current()[channel] as (...given: unknown[]) => unknown)(...args);
  return Object.fromEntries(channels.map((channel) => [channel, call(channel)])) as unknown as EnclaveCore['handlers'];
}
