import type { Channel, ChannelInput, ChannelResult } from './contract.js';
import type { EnclaveEvent } from './domain.js';
import type { Result } from './errors.js';
import type { DropGrantPurpose } from './fileGrants.js';
import type { ChannelStreams, StreamArgs, StreamChannel } from './streams.js';

/*
 * Type imports only: the end-to-end test bridge compiles this file on its own into the page
 * (test/e2e/pageApi.ts), so it builds the very object the preload builds.
 */

/** The one IPC channel that carries every request; the channel name travels inside it. */
export const requestChannel = 'enclave.request';
/** The one IPC channel core events are pushed on. */
export const eventChannel = 'enclave.event';
/**
 * The preload's own request for a grant to a dropped file (never a contract channel: the page must
 * not be able to name a path). Main answers it in electron/main/fileGrants.ts.
 */
export const dropGrantChannel = 'enclave.grantDroppedFile';

/**
 * Sends one request over whatever transport sits underneath (Electron IPC, a test bridge). With
 * `onEvent`, the request gets a stream of its own: the transport tags it with a fresh stream id, hands
 * that request's events (and only them) to `onEvent` in order, and stops listening after its `end`
 * event or when the request fails (shared/streams.ts).
 */
export type Invoke = <C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  onEvent?: (event: StreamEventOf<C>) => void,
) => Promise<Result<ChannelResult<C>>>;

/** A stream channel's events; nothing for other channels. */
export type StreamEventOf<C extends Channel> = C extends StreamChannel ? ChannelStreams[C] : never;
export type Subscribe = (listener: (event: EnclaveEvent) => void) => () => void;

/**
 * The renderer's name for every contract channel, by group: `enclave().chats.remove(...)` sends
 * `chats.delete`. Each channel appears exactly once; a name mapped to a channel the contract does not
 * have fails to compile, and test/unit/contract.test.ts fails when a channel has no name here.
 */
export const apiChannels = {
  app: { status: 'app.status' },
  chats: {
    list: 'chats.list',
    create: 'chats.create',
    rename: 'chats.rename',
    remove: 'chats.delete',
    get: 'chats.get',
    send: 'chats.send',
    stop: 'chats.stop',
    replyPrompt: 'chats.replyPrompt',
    regenerate: 'chats.regenerate',
    switchBranch: 'chats.switchBranch',
    continueReply: 'chats.continue',
    setCollections: 'chats.setCollections',
    attachFiles: 'chats.attachFiles',
    attachWithDialog: 'chats.attach',
    preview: 'chats.preview',
    search: 'chats.search',
    exportChats: 'chats.export',
    importChats: 'chats.import',
    removeAll: 'chats.deleteAll',
  },
  collections: {
    list: 'collections.list',
    create: 'collections.create',
    rename: 'collections.rename',
    remove: 'collections.delete',
    setConfidential: 'collections.setConfidential',
  },
  policy: { status: 'policy.status' },
  storage: {
    status: 'storage.status',
    unlock: 'storage.unlock',
    encrypt: 'storage.encrypt',
    rekey: 'storage.rekey',
    setPassphrase: 'storage.setPassphrase',
    recoveryKey: 'storage.recoveryKey',
    backup: 'storage.backup',
    restore: 'storage.restore',
  },
  links: { open: 'links.open' },
  apiServer: {
    status: 'apiServer.status',
    setEnabled: 'apiServer.setEnabled',
    addToken: 'apiServer.addToken',
    revokeToken: 'apiServer.revokeToken',
  },
  audit: {
    list: 'audit.list',
    verify: 'audit.verify',
    checkpoint: 'audit.checkpoint',
    exportTrail: 'audit.export',
    exportToFile: 'audit.exportFile',
    saveCheckpoint: 'audit.saveCheckpoint',
    forwarding: 'audit.forwarding',
    forward: 'audit.forward',
  },
  presets: {
    list: 'presets.list',
    save: 'presets.save',
    remove: 'presets.delete',
    exportFile: 'presets.export',
    importFile: 'presets.import',
    setForChat: 'chats.setPreset',
  },
  endpoints: {
    list: 'endpoints.list',
    add: 'endpoints.add',
    remove: 'endpoints.remove',
    models: 'endpoints.models',
  },
  usage: {
    report: 'usage.report',
    csv: 'usage.csv',
    requests: 'usage.requests',
    prices: 'usage.prices',
    setPrice: 'usage.setPrice',
  },
  documents: {
    list: 'documents.list',
    importWithDialog: 'documents.import',
    importPaths: 'documents.importPaths',
    cancelImport: 'documents.cancelImport',
    remove: 'documents.remove',
    search: 'documents.search',
    passage: 'documents.passage',
    original: 'documents.original',
    openOriginal: 'documents.openOriginal',
    indexStatus: 'documents.indexStatus',
    reindex: 'documents.reindex',
  },
  models: {
    list: 'models.list',
    importWithDialog: 'models.import',
    importPaths: 'models.importPaths',
    cancelImport: 'models.cancelImport',
    remove: 'models.remove',
    verify: 'models.verify',
    accept: 'models.accept',
    updateSettings: 'models.updateSettings',
    estimate: 'models.estimate',
    load: 'models.load',
    unload: 'models.unload',
    runtime: 'models.runtime',
    addAdapter: 'models.addAdapter',
    updateAdapter: 'models.updateAdapter',
    removeAdapter: 'models.removeAdapter',
    probe: 'models.probe',
    recommendations: 'models.recommendations',
  },
  system: { hardware: 'system.hardware' },
  settings: { get: 'settings.get', update: 'settings.update', ocrLanguages: 'settings.ocrLanguages' },
} as const satisfies ApiChannelMap;

/** What `apiChannels` must be: groups of names, each naming a channel of the contract. */
export type ApiChannelMap = Record<string, Record<string, Channel>>;
type ApiChannels = typeof apiChannels;

/** Every channel the map gives a name to. */
export type NamedChannel = { [G in keyof ApiChannels]: ApiChannels[G][keyof ApiChannels[G]] }[keyof ApiChannels];

/**
 * One channel as a function of the preload API. A channel whose input may be left out entirely (an
 * empty object, or every field optional) takes an optional input; a stream channel also takes the
 * listener of its request's stream.
 */
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- deliberately the empty object: an input may be left out when `{}` fits it
export type ChannelCall<C extends Channel> = Record<never, never> extends ChannelInput<C>
  ? (input?: ChannelInput<C>, ...stream: StreamArgs<C>) => Promise<Result<ChannelResult<C>>>
  : (input: ChannelInput<C>, ...stream: StreamArgs<C>) => Promise<Result<ChannelResult<C>>>;

/** The groups of `apiChannels`, each name a function sending its channel. */
export type ChannelGroups = {
  [G in keyof ApiChannels]: { [N in keyof ApiChannels[G]]: ChannelCall<ApiChannels[G][N] & Channel> };
};

/**
 * Asks main for a grant to a File dropped on the window, for one purpose (shared/fileGrants.ts). The
 * preload reads the file's path (Electron's webUtils) and sends it; the page gets only the grant. A
 * File without a path (dragged from a browser, made by a script) gets `file-not-granted`.
 */
export type GrantDroppedFile = (file: Blob, purpose: DropGrantPurpose) => Promise<Result<string>>;

/** The object the preload script exposes as `window.enclave`. */
export type EnclaveApi = ChannelGroups & {
  /** A grant for a File dropped on the window, to import it by drag and drop (see GrantDroppedFile). */
  grantDroppedFile: GrantDroppedFile;
  /** Core's events, pushed to every window; returns the function that unsubscribes. */
  onEvent(listener: (event: EnclaveEvent) => void): () => void;
};

/**
 * Builds `window.enclave` from an `invoke`: enumerated functions, one per channel, nothing generic.
 * The preload and the end-to-end test bridge both build it here, so they cannot drift.
 */
export function createEnclaveApi(invoke: Invoke, subscribe: Subscribe, grantDroppedFile: GrantDroppedFile = noDroppedFiles): EnclaveApi {
  return {
    grantDroppedFile: (file: Blob, purpose: DropGrantPurpose) => grantDroppedFile(file, purpose),
    ...channelGroups(invoke),
    onEvent: (listener: (event: EnclaveEvent) => void) => subscribe(listener),
  };
}

function noDroppedFiles(): Promise<Result<string>> {
  return Promise.resolve({ ok: false, error: { code: 'file-not-granted', message: 'Files cannot be dropped here.' } });
}

function channelGroups(invoke: Invoke): ChannelGroups {
  const groups = Object.entries(apiChannels).map(([group, members]) => [
    group,
    Object.fromEntries(
      Object.entries(members).map(([name, channel]: [string, Channel]) => [
        name,
        (input: ChannelInput<Channel> = {}, onEvent?: (event: StreamEventOf<Channel>) => void) => invoke(channel, input, onEvent),
      ]),
    ),
  ]);
  // Object.fromEntries forgets the keys; the mapped type above says what they are.
  return Object.fromEntries(groups) as ChannelGroups;
}
