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
export function createEnclaveApi(invoke: Invoke, subscribe: Subscribe) {
  return {
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
    },
    models: {
      list: () => invoke('models.list', {}),
      importWithDialog: () => invoke('models.import', {}),
    },
    onEvent: (listener: (event: EnclaveEvent) => void) => subscribe(listener),
  };
}

export type EnclaveApi = ReturnType<typeof createEnclaveApi>;
