/**
 * The preload runs sandboxed, before the page, in an isolated world. It exposes exactly one object,
 * `window.enclave`, built by the same `createEnclaveApi` the tests use: enumerated functions that
 * each send one contract channel, and an event subscription. The page never sees `ipcRenderer`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent, webUtils } from 'electron';
import { createEnclaveApi, eventChannel, type Invoke, requestChannel, type Subscribe } from '../shared/api.js';
import type { EnclaveEvent } from '../shared/domain.js';

const invoke: Invoke = (channel, input) => ipcRenderer.invoke(requestChannel, channel, input);

const subscribe: Subscribe = (listener) => {
  // Only the event crosses to the page: the IpcRendererEvent would hand it `sender` (ipcRenderer).
  const forward = (_ipcEvent: IpcRendererEvent, event: EnclaveEvent) => listener(event);
  ipcRenderer.on(eventChannel, forward);
  return () => {
    ipcRenderer.removeListener(eventChannel, forward);
  };
};

// A dropped File carries no path in a sandboxed page; webUtils reads it, for drag-and-drop imports.
const pathForFile = (file: Blob) => (file instanceof File ? webUtils.getPathForFile(file) : '');

contextBridge.exposeInMainWorld('enclave', createEnclaveApi(invoke, subscribe, pathForFile));
