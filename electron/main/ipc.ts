import type { BrowserWindow, IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { Enclave } from '../core/enclave.js';
import { type AnyStreamSink, dispatchRequest } from '../core/ipc/dispatch.js';
import { eventChannel, requestChannel } from '../shared/api.js';
import type { Result } from '../shared/errors.js';
import { streamEventChannel, streamIdPattern } from '../shared/streams.js';

/** Decides whether an IPC request comes from our own page in one of our windows. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

export const untrustedFrame: Result<never> = {
  ok: false,
  error: { code: 'invalid-request', message: 'Request from an untrusted frame was refused.' },
};

/**
 * A request is trusted only from the main frame of a window we created, showing our own bundle.
 * A subframe, a page that somehow navigated elsewhere, or a frame already gone is refused.
 */
export function createSenderCheck(isAppUrl: (url: string) => boolean, ownsContents: (contents: WebContents) => boolean): SenderCheck {
  return (event) => {
    try {
      const frame = event.senderFrame;
      return frame !== null && frame.parent === null && ownsContents(event.sender) && isAppUrl(frame.url);
    } catch {
      return false; // Reading a disposed frame throws; a frame that is gone is not trusted.
    }
  };
}

/**
 * Registers the one request handler: every renderer call arrives on `requestChannel` with its
 * channel name and payload, the sender is checked, and core's dispatcher validates the payload with
 * the contract's zod schema. Errors come back as values, never as rejected promises.
 * Returns a function that removes the handler.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<Enclave, 'handlers'>,
  isTrustedSender: SenderCheck,
): () => void {
  ipcMain.handle(requestChannel, async (event, channel: unknown, payload: unknown, streamId: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) return untrustedFrame;
    return dispatchRequest(core.handlers, channel, payload, streamSinkFor(event.sender, streamId));
  });
  return () => ipcMain.removeHandler(requestChannel);
}

/**
 * A request's own stream goes back to the window that asked, and only to it, tagged with the id the
 * window chose for it; a request without a well-formed id has its stream dropped.
 */
export function streamSinkFor(sender: Pick<WebContents, 'send' | 'isDestroyed'>, streamId: unknown): AnyStreamSink | undefined {
  if (typeof streamId !== 'string' || !streamIdPattern.test(streamId)) return undefined;
  return (event) => {
    if (!sender.isDestroyed()) sender.send(streamEventChannel, streamId, event);
  };
}

/**
 * Pushes core's narrow change events (model progress, chat list changes; never a reply's text) to every live window that shows
 * our page. Returns the unsubscribe function.
 */
export function forwardEvents(
  core: Pick<Enclave, 'subscribe'>,
  windows: () => readonly BrowserWindow[],
  isAppUrl: (url: string) => boolean,
): () => void {
  return core.subscribe((event) => {
    for (const window of windows()) {
      if (window.isDestroyed()) continue;
      const contents = window.webContents;
      if (contents.isDestroyed() || !isAppUrl(contents.getURL())) continue;
      contents.send(eventChannel, event);
    }
  });
}
