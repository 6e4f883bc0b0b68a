import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { EnclaveEvent } from '../../electron/shared/domain.js';

/** The binding the page calls for every request: the stand-in for `ipcRenderer.invoke`. */
export const invokeBindingName = '__enclaveInvoke';
/** The function the bridge calls in the page to deliver a core event: the stand-in for `ipcRenderer.on`. */
export const emitFunctionName = '__enclaveEmit';
/** The function the bridge calls in the page to deliver a request's stream event, with its stream id. */
export const streamFunctionName = '__enclaveStream';
/**
 * The page-side map from a dropped file's name to its path on disk: the stand-in for Electron's
 * `webUtils.getPathForFile`, which reads the path Chromium keeps for a File from a real drag.
 */
export const droppedFilesName = '__enclaveDroppedFiles';
/** The binding the stand-in preload asks for a dropped file's grant: the stand-in for main's drop-grant IPC. */
export const grantDropBindingName = '__enclaveGrantDrop';
/**
 * How bytes (a Uint8Array in a result, an original PDF say) cross the bridge's JSON: as
 * `{ [bytesKey]: base64 }`, made back into a Uint8Array in the page, as Electron's structured clone
 * delivers one.
 */
export const bytesKey = '__enclaveBytes';

/** The bridge's JSON.stringify replacer for results: Uint8Arrays as base64 under `bytesKey`. */
export function bytesReplacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { [bytesKey]: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') } : value;
}

const apiSourcePath = fileURLToPath(new URL('../../electron/shared/api.ts', import.meta.url));

/**
 * `electron/shared/api.ts` compiled on its own to a script. It has only type imports, so the
 * compiled text needs nothing else; a `require(` in it would mean that changed, and the bridge
 * would no longer be building the very object the preload builds.
 */
export function compileSharedApi(): string {
  const { outputText } = ts.transpileModule(readFileSync(apiSourcePath, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: apiSourcePath,
  });
  if (/\brequire\(/.test(outputText)) {
    throw new Error('electron/shared/api.ts gained a runtime import; the e2e bridge cannot inline it any more.');
  }
  return outputText;
}

/**
 * The init script that runs in the page before any of its own scripts: it does what
 * electron/preload/index.ts does — `createEnclaveApi(invoke, subscribe, grantDroppedFile)` exposed as
 * a frozen `window.enclave` — with Playwright bindings in place of ipcRenderer and a name-to-path map
 * the test fills in place of webUtils. As in the app, the page's API takes a File and answers a grant.
 */
export function pageApiInitScript(): string {
  return `(() => {
  const exports = {};
  ${compileSharedApi()}
  const listeners = new Set();
  const droppedFiles = new Map();
  Object.defineProperty(globalThis, ${JSON.stringify(droppedFilesName)}, { value: droppedFiles });
  const grantDroppedFile = (file, purpose) => {
    const filePath = droppedFiles.get(file.name) ?? '';
    if (!filePath) return Promise.resolve({ ok: false, error: { code: 'file-not-granted', message: 'Enclave cannot tell where that file is stored; it was not dropped from this computer.' } });
    return globalThis[${JSON.stringify(grantDropBindingName)}](filePath, purpose).then((text) => JSON.parse(text));
  };
  const reviveBytes = (_key, value) =>
    value && typeof value === 'object' && typeof value[${JSON.stringify(bytesKey)}] === 'string'
      ? Uint8Array.from(atob(value[${JSON.stringify(bytesKey)}]), (char) => char.charCodeAt(0))
      : value;
  // As the preload does: a request with a listener gets a stream id, and its stream until its end event.
  const streams = new Map();
  const invoke = (channel, input, onEvent) => {
    const streamId = onEvent ? Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('') : undefined;
    if (streamId) streams.set(streamId, onEvent);
    return globalThis[${JSON.stringify(invokeBindingName)}](channel, input, streamId).then((text) => {
      const result = JSON.parse(text, reviveBytes);
      if (streamId && (!result.ok || result.value === null)) streams.delete(streamId);
      return result;
    });
  };
  Object.defineProperty(globalThis, ${JSON.stringify(streamFunctionName)}, {
    value: ([streamId, event]) => {
      const listener = streams.get(streamId);
      if (!listener) return;
      if (event.type === 'end') streams.delete(streamId);
      listener(event);
    },
  });
  const subscribe = (listener) => {
    const forward = (event) => listener(event);
    listeners.add(forward);
    return () => { listeners.delete(forward); };
  };
  Object.defineProperty(globalThis, ${JSON.stringify(emitFunctionName)}, {
    value: (event) => { for (const listener of [...listeners]) listener(event); },
  });
  // contextBridge hands the page a frozen copy; so does this.
  const deepFreeze = (value) => {
    if (value && typeof value === 'object') { Object.values(value).forEach(deepFreeze); Object.freeze(value); }
    return value;
  };
  Object.defineProperty(globalThis, 'enclave', { value: deepFreeze(exports.createEnclaveApi(invoke, subscribe, grantDroppedFile)) });
})();`;
}

/** The page-side half of delivering an event (or a stream's `[streamId, event]`), run with `page.evaluate`. */
export function emitInPage([name, event]: readonly [string, EnclaveEvent | readonly [string, unknown]]): void {
  const emit = (globalThis as unknown as Record<string, (event: unknown) => void>)[name];
  emit?.(event);
}

/** The page-side half of registering a dropped file's path, run with `page.evaluate`. */
export function registerDroppedFileInPage([name, fileName, filePath]: readonly [string, string, string]): void {
  const files = (globalThis as unknown as Record<string, Map<string, string> | undefined>)[name];
  files?.set(fileName, filePath);
}
