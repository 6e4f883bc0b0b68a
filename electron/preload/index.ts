/**
 * The preload runs sandboxed, before the page, in an isolated world. It exposes exactly one object,
 * `window.enclave`, built by the same `createEnclaveApi` the tests use: enumerated functions that
 * each send one contract channel, and an event subscription. The page never sees `ipcRenderer`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent, webUtils } from 'electron';
import { createEnclaveApi, dropGrantChannel, eventChannel, type GrantDroppedFile, type Invoke, requestChannel, type Subscribe } from '../shared/api.js';
import type { ChannelResult } from '../shared/contract.js';
import type { EnclaveEvent } from '../shared/domain.js';
import type { Result } from '../shared/errors.js';
import { isStreamEnd } from '../shared/replies.js';
import { newStreamId, streamEventChannel } from '../shared/streams.js';

/** Each live request stream's listener, by the stream id this window gave it. */
const streams = new Map<string, (event: { type: string }) => void>();

ipcRenderer.on(streamEventChannel, (_ipcEvent: IpcRendererEvent, streamId: unknown, event: { type: string }) => {
  if (typeof streamId !== 'string') return;
  const listener = streams.get(streamId);
  if (!listener) return;
  if (isStreamEnd(event)) streams.delete(streamId);
  listener(event);
});

const invoke: Invoke = async (channel, input, onEvent) => {
  if (!onEvent) return (await ipcRenderer.invoke(requestChannel, channel, input)) as Result<ChannelResult<typeof channel>>;
  const streamId = newStreamId();
  streams.set(streamId, onEvent as (event: { type: string }) => void);
  const result = (await ipcRenderer.invoke(requestChannel, channel, input, streamId)) as Result<unknown>;
  // Refused, or nothing started (a dialog cancelled): no more of the stream will come.
  if (!result.ok || result.value === null) streams.delete(streamId);
  return result as Result<ChannelResult<typeof channel>>;
};

const subscribe: Subscribe = (listener) => {
  // Only the event crosses to the page: the IpcRendererEvent would hand it `sender` (ipcRenderer).
  const forward = (_ipcEvent: IpcRendererEvent, event: EnclaveEvent) => listener(event);
  ipcRenderer.on(eventChannel, forward);
  return () => {
    ipcRenderer.removeListener(eventChannel, forward);
  };
};

/**
 * A dropped File carries no path in a sandboxed page. The preload reads it (webUtils: only a File
 * from a real drop or file input has one) and asks main for a grant; the page gets the grant alone.
 * This is the trust boundary of drag and drop: see electron/main/fileGrants.ts.
 */
const grantDroppedFile: GrantDroppedFile = async (file, purpose) => {
  const filePath = file instanceof File ? webUtils.getPathForFile(file) : '';
  if (!filePath) {
    return { ok: false, error: { code: 'file-not-granted', message: 'Enclave cannot tell where that file is stored; it was not dropped from this computer.' } };
  }
  return (await ipcRenderer.invoke(dropGrantChannel, filePath, purpose)) as Result<string>;
};

contextBridge.exposeInMainWorld('enclave', createEnclaveApi(invoke, subscribe, grantDroppedFile));
