import { describe, expect, it, vi } from 'vitest';
import { appPageUrl } from '../../../electron/main/appOrigin.js';
import { createMainWindow, windowBackground } from '../../../electron/main/window.js';
import { fakeElectron, type FakeBrowserWindow } from './fakeElectron.js';

// Boundary mock: BrowserWindow needs the Electron binary (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

function open(url: string, devTools = false): FakeBrowserWindow {
  const window = createMainWindow({ preload: '/app/out/preload/index.cjs', url, devTools });
  return window as unknown as FakeBrowserWindow;
}

describe('createMainWindow', () => {
  it('loads the built renderer over app://, never file://, with the theme background before first paint', () => {
    fakeElectron.nativeTheme.shouldUseDarkColors = true;
    const window = open(appPageUrl);
    expect(window.loadURL).toHaveBeenCalledWith('app://enclave/index.html');
    expect(window.loadFile).not.toHaveBeenCalled();
    expect(window.options).toMatchObject({ backgroundColor: windowBackground.dark, minWidth: 720, minHeight: 480 });
    expect(window.options.webPreferences).toMatchObject({ preload: '/app/out/preload/index.cjs', sandbox: true });
  });

  it('loads the dev server page during development', () => {
    fakeElectron.nativeTheme.shouldUseDarkColors = false;
    const window = open('http://localhost:5173', true);
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(window.loadFile).not.toHaveBeenCalled();
    expect(window.options.backgroundColor).toBe(windowBackground.light);
    expect(window.options.webPreferences).toMatchObject({ devTools: true });
  });

  it('has no DevTools when the app is packaged', () => {
    expect(open(appPageUrl, false).options.webPreferences).toMatchObject({ devTools: false });
  });

  it('shows the window when the page fails to load, instead of staying invisible', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const window = open(appPageUrl);
    expect(window.show).not.toHaveBeenCalled();
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
    expect(window.show).toHaveBeenCalledOnce();
  });
});
