import { describe, expect, it, vi } from 'vitest';
import { createMainWindow, windowBackground } from '../../../electron/main/window.js';
import { fakeElectron, type FakeBrowserWindow } from './fakeElectron.js';

// Boundary mock: BrowserWindow needs the Electron binary (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

function open(devServerUrl: string | null): FakeBrowserWindow {
  const window = createMainWindow({ preload: '/app/out/preload/index.cjs', devServerUrl, rendererIndex: '/app/out/renderer/index.html' });
  return window as unknown as FakeBrowserWindow;
}

describe('createMainWindow', () => {
  it('loads the built renderer from disk, with the theme background before first paint', () => {
    fakeElectron.nativeTheme.shouldUseDarkColors = true;
    const window = open(null);
    expect(window.loadFile).toHaveBeenCalledWith('/app/out/renderer/index.html');
    expect(window.loadURL).not.toHaveBeenCalled();
    expect(window.options).toMatchObject({ backgroundColor: windowBackground.dark, minWidth: 720, minHeight: 480 });
    expect(window.options.webPreferences).toMatchObject({ preload: '/app/out/preload/index.cjs', sandbox: true });
  });

  it('loads the dev server page during development', () => {
    fakeElectron.nativeTheme.shouldUseDarkColors = false;
    const window = open('http://localhost:5173');
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect(window.loadFile).not.toHaveBeenCalled();
    expect(window.options.backgroundColor).toBe(windowBackground.light);
  });

  it('shows the window when the page fails to load, instead of staying invisible', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const window = open(null);
    expect(window.show).not.toHaveBeenCalled();
    window.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
    expect(window.show).toHaveBeenCalledOnce();
  });
});
