/**
 * A named boundary mock of the `electron` module. The Electron binary cannot run on the machines
 * these unit tests run on (it is not installed, and importing the real package tries to download
 * it), so the shell's code is exercised against these fakes: plain objects that record what the
 * shell asked of Electron and let a test fire the events Electron would fire.
 *
 * Use it from a test with:
 *   vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';

type Listener = (...args: never[]) => unknown;

/** An event object with `preventDefault`, as Electron passes to `will-navigate` and friends. */
export function cancellableEvent(url = '') {
  const event = {
    url,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeWebContents extends EventEmitter {
  private static lastId = 0;
  readonly id = ++FakeWebContents.lastId;
  url = '';
  destroyed = false;
  readonly sent: [string, unknown][] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | undefined;
  permissionCheckHandler: Listener | undefined;
  devicePermissionHandler: Listener | undefined;
  beforeRequest: ((details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void) | undefined;
  headersReceived:
    | ((
        details: { url: string; responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void)
    | undefined;

  readonly setPermissionRequestHandler = vi.fn((handler: Listener) => {
    this.permissionRequestHandler = handler;
  });
  readonly setPermissionCheckHandler = vi.fn((handler: Listener) => {
    this.permissionCheckHandler = handler;
  });
  readonly setDevicePermissionHandler = vi.fn((handler: Listener) => {
    this.devicePermissionHandler = handler;
  });
  /** Handlers `protocol.handle` installed on this session, by scheme. */
  readonly protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly protocol = {
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
      this.protocolHandlers.set(scheme, handler);
    }),
  };
  readonly setSpellCheckerEnabled = vi.fn();
  readonly setSpellCheckerDictionaryDownloadURL = vi.fn();
  readonly webRequest = {
    onBeforeRequest: (listener: NonNullable<FakeSession['beforeRequest']>) => {
      this.beforeRequest = listener;
    },
    onHeadersReceived: (listener: NonNullable<FakeSession['headersReceived']>) => {
      this.headersReceived = listener;
    },
  };

  /** Runs a URL through the installed onBeforeRequest listener: true when it was cancelled. */
  isBlocked(url: string): boolean {
    let cancelled: boolean | undefined;
    this.beforeRequest?.({ url }, (response) => {
      cancelled = response.cancel === true;
    });
    if (cancelled === undefined) throw new Error('onBeforeRequest did not answer');
    return cancelled;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static readonly instances: FakeBrowserWindow[] = [];
  static readonly constructed = vi.fn();
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.destroyed);
  }
  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.instances.find((window) => window.webContents === contents) ?? null;
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return null;
  }

  readonly webContents = new FakeWebContents();
  destroyed = false;
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly loadURL = vi.fn((url: string) => {
    this.webContents.url = url;
    return Promise.resolve();
  });
  readonly loadFile = vi.fn((file: string) => {
    this.webContents.url = pathToFileURL(file).href;
    return Promise.resolve();
  });

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.constructed(options);
    FakeBrowserWindow.instances.push(this);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
}

export class FakeUtilityProcess extends EventEmitter {
  readonly postMessage = vi.fn();
  /** Like the real one, a killed process reports its exit (asynchronously). */
  readonly kill = vi.fn(() => {
    queueMicrotask(() => this.emit('exit', null));
    return true;
  });
}

/** `app`: an EventEmitter whose quit() fires a preventable before-quit, as Electron's does. */
class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly enableSandbox = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly getPath = vi.fn(() => os.tmpdir());
  readonly getVersion = vi.fn(() => '0.0.0-test');
  readonly getAppPath = vi.fn(() => process.cwd());
  readonly exit = vi.fn();
  readonly quitted = vi.fn();
  readonly dock = { hide: vi.fn() };
  readonly commandLine = { hasSwitch: vi.fn((_name: string) => false) };
  private ready: () => void = () => {};
  private readonly readyPromise = new Promise<void>((resolve) => {
    this.ready = resolve;
  });
  readonly whenReady = vi.fn(() => this.readyPromise);
  readonly quit = vi.fn(() => {
    const event = cancellableEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted();
  });

  /** Resolves `whenReady()`, as Electron does once Chromium has started. */
  becomeReady(): void {
    this.ready();
  }
}

export const fakeIpcRenderer = {
  invoke: vi.fn((..._args: unknown[]): Promise<unknown> => Promise.resolve({ ok: true, value: null })),
  on: vi.fn(),
  removeListener: vi.fn(),
};

export const fakeElectron = {
  app: new FakeApp(),
  BrowserWindow: FakeBrowserWindow,
  session: { defaultSession: new FakeSession() },
  ipcMain: {
    handlers: new Map<string, Listener>(),
    handle: vi.fn((channel: string, handler: Listener) => fakeElectron.ipcMain.handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => fakeElectron.ipcMain.handlers.delete(channel)),
  },
  utilityProcess: { fork: vi.fn((..._args: unknown[]) => new FakeUtilityProcess()) },
  /** openPath answers as Electron's does: an empty string when the file opened, else why not. */
  shell: { openExternal: vi.fn(async (_url: string) => {}), openPath: vi.fn((_path: string) => Promise.resolve('')) },
  clipboard: { writeText: vi.fn(async (_text: string) => {}) },
  dialog: {
    showOpenDialog: vi.fn((..._args: unknown[]) => Promise.resolve({ canceled: true, filePaths: [] as string[] })),
    showSaveDialog: vi.fn((..._args: unknown[]): Promise<{ canceled: boolean; filePath?: string | undefined }> => Promise.resolve({ canceled: true })),
    showErrorBox: vi.fn(),
  },
  crashReporter: { start: vi.fn() },
  protocol: { registerSchemesAsPrivileged: vi.fn() },
  Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((template: unknown) => template) },
  nativeTheme: { shouldUseDarkColors: false },
  contextBridge: { exposeInMainWorld: vi.fn() },
  webUtils: { getPathForFile: vi.fn(() => '/dropped/model.gguf') },
  ipcRenderer: fakeIpcRenderer,
  /** A reversible stand-in for the OS keychain: enough to see keys never stored in clear. */
  safeStorage: {
    backend: 'gnome_libsecret',
    isAsyncEncryptionAvailable: vi.fn(() => Promise.resolve(true)),
    getSelectedStorageBackend: vi.fn(() => fakeElectron.safeStorage.backend),
    encryptStringAsync: vi.fn((text: string) => Promise.resolve(Buffer.from(`sealed:${Buffer.from(text).toString('base64')}`))),
    decryptStringAsync: vi.fn((sealed: Buffer) =>
      Promise.resolve({ shouldReEncrypt: false, result: Buffer.from(sealed.toString().replace(/^sealed:/, ''), 'base64').toString() }),
    ),
  },
};

export default fakeElectron;
