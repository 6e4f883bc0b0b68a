import type { Channel, ChannelInput, ChannelResult } from './contract.js';
import type { EnclaveEvent } from './domain.js';
import type { Result } from './errors.js';

/** The one IPC channel that carries every request; the channel name travels inside it. */
export const requestChannel = 'enclave.request';
/** The one IPC channel core events are pushed on. */
export const eventChannel = 'enclave.event';

/** Sends one request over whatever transport sits underneath (Electron IPC, a test bridge). */
export type Invoke = <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<Result<ChannelResult<C>>>;
export type Subscribe = (listener: (event: EnclaveEvent) => void) => () => void;

/**
 * The object the preload script exposes as `window.enclave`: enumerated functions, one per channel,
 * nothing generic. Built from an `invoke` so the preload and the end-to-end test bridge cannot drift.
 */
export function createEnclaveApi(invoke: Invoke, subscribe: Subscribe, pathForFile: (file: Blob) => string = () => '') {
  return {
    /** The local path of a file dropped on the window (Electron's webUtils), for imports by drag and drop. */
    pathForFile: (file: Blob) => pathForFile(file),
    app: {
      status: () => invoke('app.status', {}),
    },
    chats: {
      list: () => invoke('chats.list', {}),
      create: (input: ChannelInput<'chats.create'>) => invoke('chats.create', input),
      rename: (input: ChannelInput<'chats.rename'>) => invoke('chats.rename', input),
      remove: (input: ChannelInput<'chats.delete'>) => invoke('chats.delete', input),
      get: (input: ChannelInput<'chats.get'>) => invoke('chats.get', input),
      send: (input: ChannelInput<'chats.send'>) => invoke('chats.send', input),
      stop: (input: ChannelInput<'chats.stop'>) => invoke('chats.stop', input),
      regenerate: (input: ChannelInput<'chats.regenerate'>) => invoke('chats.regenerate', input),
      switchBranch: (input: ChannelInput<'chats.switchBranch'>) => invoke('chats.switchBranch', input),
      continueReply: (input: ChannelInput<'chats.continue'>) => invoke('chats.continue', input),
      setCollections: (input: ChannelInput<'chats.setCollections'>) => invoke('chats.setCollections', input),
      attachFiles: (input: ChannelInput<'chats.attachFiles'>) => invoke('chats.attachFiles', input),
      preview: (input: ChannelInput<'chats.preview'>) => invoke('chats.preview', input),
      search: (input: ChannelInput<'chats.search'>) => invoke('chats.search', input),
      exportChats: (input: ChannelInput<'chats.export'>) => invoke('chats.export', input),
      importChats: (input: ChannelInput<'chats.import'>) => invoke('chats.import', input),
      removeAll: () => invoke('chats.deleteAll', {}),
    },
    collections: {
      list: () => invoke('collections.list', {}),
      create: (input: ChannelInput<'collections.create'>) => invoke('collections.create', input),
      rename: (input: ChannelInput<'collections.rename'>) => invoke('collections.rename', input),
      remove: (input: ChannelInput<'collections.delete'>) => invoke('collections.delete', input),
      setConfidential: (input: ChannelInput<'collections.setConfidential'>) => invoke('collections.setConfidential', input),
    },
    policy: {
      status: () => invoke('policy.status', {}),
    },
    presets: {
      list: () => invoke('presets.list', {}),
      save: (input: ChannelInput<'presets.save'>) => invoke('presets.save', input),
      remove: (input: ChannelInput<'presets.delete'>) => invoke('presets.delete', input),
      exportFile: (input: ChannelInput<'presets.export'> = {}) => invoke('presets.export', input),
      importFile: (input: ChannelInput<'presets.import'>) => invoke('presets.import', input),
      setForChat: (input: ChannelInput<'chats.setPreset'>) => invoke('chats.setPreset', input),
    },
    endpoints: {
      list: () => invoke('endpoints.list', {}),
      add: (input: ChannelInput<'endpoints.add'>) => invoke('endpoints.add', input),
      remove: (input: ChannelInput<'endpoints.remove'>) => invoke('endpoints.remove', input),
      models: (input: ChannelInput<'endpoints.models'>) => invoke('endpoints.models', input),
    },
    usage: {
      report: (input: ChannelInput<'usage.report'> = {}) => invoke('usage.report', input),
      csv: (input: ChannelInput<'usage.csv'> = {}) => invoke('usage.csv', input),
      requests: (input: ChannelInput<'usage.requests'> = {}) => invoke('usage.requests', input),
      prices: () => invoke('usage.prices', {}),
      setPrice: (input: ChannelInput<'usage.setPrice'>) => invoke('usage.setPrice', input),
    },
    documents: {
      list: (input: ChannelInput<'documents.list'>) => invoke('documents.list', input),
      importWithDialog: (input: ChannelInput<'documents.import'>) => invoke('documents.import', input),
      importPaths: (input: ChannelInput<'documents.importPaths'>) => invoke('documents.importPaths', input),
      cancelImport: (input: ChannelInput<'documents.cancelImport'>) => invoke('documents.cancelImport', input),
      remove: (input: ChannelInput<'documents.remove'>) => invoke('documents.remove', input),
      search: (input: ChannelInput<'documents.search'>) => invoke('documents.search', input),
      passage: (input: ChannelInput<'documents.passage'>) => invoke('documents.passage', input),
      indexStatus: () => invoke('documents.indexStatus', {}),
    },
    models: {
      list: () => invoke('models.list', {}),
      importWithDialog: (input: ChannelInput<'models.import'> = {}) => invoke('models.import', input),
      importPaths: (input: ChannelInput<'models.importPaths'>) => invoke('models.importPaths', input),
      cancelImport: (input: ChannelInput<'models.cancelImport'>) => invoke('models.cancelImport', input),
      remove: (input: ChannelInput<'models.remove'>) => invoke('models.remove', input),
      verify: (input: ChannelInput<'models.verify'> = {}) => invoke('models.verify', input),
      accept: (input: ChannelInput<'models.accept'>) => invoke('models.accept', input),
      updateSettings: (input: ChannelInput<'models.updateSettings'>) => invoke('models.updateSettings', input),
      estimate: (input: ChannelInput<'models.estimate'>) => invoke('models.estimate', input),
      load: (input: ChannelInput<'models.load'>) => invoke('models.load', input),
      unload: (input: ChannelInput<'models.unload'> = {}) => invoke('models.unload', input),
      runtime: () => invoke('models.runtime', {}),
      addAdapter: (input: ChannelInput<'models.addAdapter'>) => invoke('models.addAdapter', input),
      updateAdapter: (input: ChannelInput<'models.updateAdapter'>) => invoke('models.updateAdapter', input),
      removeAdapter: (input: ChannelInput<'models.removeAdapter'>) => invoke('models.removeAdapter', input),
      probe: (input: ChannelInput<'models.probe'>) => invoke('models.probe', input),
      recommendations: () => invoke('models.recommendations', {}),
    },
    system: {
      hardware: () => invoke('system.hardware', {}),
    },
    settings: {
      get: () => invoke('settings.get', {}),
      update: (input: ChannelInput<'settings.update'>) => invoke('settings.update', input),
    },
    onEvent: (listener: (event: EnclaveEvent) => void) => subscribe(listener),
  };
}

export type EnclaveApi = ReturnType<typeof createEnclaveApi>;
