import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dropGrantChannel, requestChannel } from '../../../electron/shared/api.js';
import type { Result } from '../../../electron/shared/errors.js';
import { cancellableEvent, fakeElectron, FakeBrowserWindow, FakeWebContents } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts). The shell's entry point
// runs for real against it, with a real core on a temp directory.
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

const { app, session, crashReporter, ipcMain, dialog, Menu } = fakeElectron;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-shell-'));

type RequestHandler = (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => Promise<Result<unknown>>;

function window(): FakeBrowserWindow {
  const [first] = FakeBrowserWindow.instances;
  if (!first) throw new Error('no window was created');
  return first;
}

function fromWindow(): IpcMainInvokeEvent {
  const contents = window().webContents;
  return { sender: contents, senderFrame: { url: contents.url, parent: null } } as unknown as IpcMainInvokeEvent;
}

function request(channel: string, payload: unknown = {}): Promise<Result<unknown>> {
  const handler = ipcMain.handlers.get(requestChannel) as RequestHandler;
  return handler(fromWindow(), channel, payload);
}

/** What the preload sends for a file dropped on the window (webUtils' path and the purpose). */
function dropGrant(filePath: string, purpose: string): Promise<Result<string>> {
  const handler = ipcMain.handlers.get(dropGrantChannel) as (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<string>>;
  return handler(fromWindow(), filePath, purpose);
}

beforeAll(async () => {
  vi.stubEnv('ENCLAVE_DATA_DIR', dataDir);
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  vi.stubEnv('ENCLAVE_SQLITE_BINDING', '');
  // No policy file: offline, as on a machine without one (the machine's own file is never read).
  vi.stubEnv('ENCLAVE_POLICY_FILE', path.join(dataDir, 'no-policy.json'));
  await import('../../../electron/main/index.js');
});

afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the Electron shell entry point', () => {
  it('before ready: sandboxes every renderer, keeps crash dumps local, and takes the single-instance lock', () => {
    expect(app.enableSandbox).toHaveBeenCalledOnce();
    expect(crashReporter.start).toHaveBeenCalledWith({ uploadToServer: false });
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('on ready: hardens the session and turns the spellchecker off before the first window', async () => {
    app.becomeReady();
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const spellcheckerOff = session.defaultSession.setSpellCheckerEnabled.mock.invocationCallOrder[0]!;
    const firstWindow = FakeBrowserWindow.constructed.mock.invocationCallOrder[0]!;
    expect(session.defaultSession.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
    expect(spellcheckerOff).toBeLessThan(firstWindow);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(session.defaultSession.isBlocked('https://example.com/')).toBe(true);
  });

  it('opens a hidden, secured window on the built renderer and shows it when ready', () => {
    const { options } = window();
    expect(options).toMatchObject({ width: 1200, height: 800, show: false, title: 'Enclave', autoHideMenuBar: true });
    expect(options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect((options.webPreferences as { preload: string }).preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(window().loadURL).toHaveBeenCalledWith('app://enclave/index.html');
    expect(window().loadFile).not.toHaveBeenCalled();
    // Not packaged (npm start): DevTools stay available to the developer.
    expect(options.webPreferences).toMatchObject({ devTools: true });
    window().emit('ready-to-show');
    expect(window().show).toHaveBeenCalled();
  });

  it('serves the bundle over app:// (registered before ready), with the CSP, and nothing beside it', async () => {
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    const handle = session.defaultSession.protocolHandlers.get('app');
    if (!handle) throw new Error('app:// is not handled');
    // out/renderer may not be built in a test run: what matters is that nothing outside it is served.
    const outside = await handle(new Request('app://enclave/%2e%2e/main/index.js'));
    expect(outside.status).toBe(404);
  });

  it('installs a menu without the default Help links', () => {
    const template = Menu.buildFromTemplate.mock.calls[0]?.[0] as { role: string }[];
    expect(template.map((item) => item.role)).not.toContain('help');
  });

  it('serves the window over IPC from core on the data directory', async () => {
    await expect(request('app.status')).resolves.toMatchObject({ ok: true, value: { dataDir, startupError: null } });
    await expect(request('chats.create', { title: 'From the window' })).resolves.toMatchObject({ ok: true });
  });

  it('asks for models with a .gguf file dialog, or for a folder of them', async () => {
    await expect(request('models.import')).resolves.toEqual({ ok: true, value: null });
    const options = dialog.showOpenDialog.mock.calls.at(-1)?.at(-1) as { filters: unknown; properties: string[] };
    expect(options.filters).toEqual([{ name: 'GGUF models', extensions: ['gguf'] }]);
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    await expect(request('models.import', { mode: 'link', pick: 'folder' })).resolves.toEqual({ ok: true, value: null });
    const folderOptions = dialog.showOpenDialog.mock.calls.at(-1)?.at(-1) as { properties: string[] };
    expect(folderOptions.properties).toEqual(['openDirectory']);
  });

  it('reads a file only by the grant main gave for a drop: a path over IPC is refused, nothing read', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-shell-drop-'));
    const file = path.join(folder, 'minutes.gguf');
    fs.writeFileSync(file, 'Minutes of the board meeting, not a model at all.');
    const collection = (await request('collections.create', { name: 'Board' })) as Result<{ id: string }>;
    if (!collection.ok) throw new Error(collection.error.message);
    const collectionId = collection.value.id;

    await expect(request('documents.importPaths', { collectionId, grants: [file] })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await expect(request('models.importPaths', { grants: ['0'.repeat(32)] })).resolves.toMatchObject({ ok: false, error: { code: 'file-not-granted' } });
    await expect(dropGrant('/', 'documents')).resolves.toMatchObject({ ok: false, error: { code: 'folder-too-broad' } });
    await expect(request('documents.list', { collectionId })).resolves.toEqual({ ok: true, value: [] });

    // Granted for a model import, the file is read (and found not to be a model); as a document it is not.
    const granted = await dropGrant(file, 'models');
    if (!granted.ok) throw new Error(granted.error.message);
    await expect(request('documents.importPaths', { collectionId, grants: [granted.value] })).resolves.toMatchObject({
      ok: false,
      error: { code: 'file-not-granted' },
    });
    await expect(request('models.importPaths', { grants: [granted.value] })).resolves.toMatchObject({
      ok: true,
      value: { imported: [], failed: [{ fileName: 'minutes.gguf', error: { code: 'model-not-gguf' } }] },
    });
    // A reload ends the window's session: its grants stop working.
    window().webContents.emit('did-navigate');
    await expect(request('models.importPaths', { grants: [granted.value] })).resolves.toMatchObject({
      ok: false,
      error: { code: 'file-not-granted' },
    });
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('opens no link while the policy is offline: a confirmed http(s) link is copied instead, saying why', async () => {
    fakeElectron.shell.openExternal.mockClear();
    const copied = (await request('links.open', { url: 'https://example.com/guide?page=2' })) as Result<{ action: string; reason: string }>;
    if (!copied.ok) throw new Error(copied.error.message);
    expect(copied.value.action).toBe('copied');
    expect(copied.value.reason).toMatch(/policy keeps Enclave offline/);
    expect(fakeElectron.clipboard.writeText).toHaveBeenCalledWith('https://example.com/guide?page=2');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'https://user:pw@example.com/']) {
      await expect(request('links.open', { url })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
  });

  it("opens a document's own file in the system viewer by the document's id only, never a path from the window", async () => {
    fakeElectron.shell.openPath.mockClear();
    // A document's stored path (checked against its hash first) reaches shell.openPath: see
    // systemViewer.test.ts and test/integration/documents/original-file.test.ts. From the window:
    await expect(request('documents.openOriginal', { documentId: 'no-such-document' })).resolves.toMatchObject({ ok: false, error: { code: 'not-found' } });
    const file = path.join(dataDir, 'anything.pdf');
    await expect(request('documents.openOriginal', { documentId: file })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    await expect(request('documents.openOriginal', { documentId: 'x', path: file })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(fakeElectron.shell.openPath).not.toHaveBeenCalled();
  });

  it('hardens every web contents Electron creates', () => {
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    const away = cancellableEvent('https://example.com/');
    contents.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('on quit: waits once for core to dispose, then quits', async () => {
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(app.quitted).toHaveBeenCalledOnce());
    expect(app.quit).toHaveBeenCalledTimes(2);
    // The database is closed: core answers with an error value instead of data.
    await expect(request('chats.list')).resolves.toMatchObject({ ok: false });
  });
});
